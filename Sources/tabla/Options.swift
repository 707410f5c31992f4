import ArgumentParser
import Foundation
import TablaNotation

/// `--taal-file`: taals of the user's own, for every command that knows taals.
struct TaalOptions: ParsableArguments {
    @Option(name: .customLong("taal-file"), help: ArgumentHelp("A .taal file defining a taal of your own (repeatable).", valueName: "file"))
    var taalFiles: [String] = []

    /// The standard catalogue plus the user's taal files; throws a formatted error.
    func catalogue() throws -> TaalCatalogue {
        var catalogue = TaalCatalogue.standard
        for path in taalFiles {
            let text = try readText(path)
            do {
                catalogue.add(try Taal(taalFile: text))
            } catch {
                let line = text.utf8.prefix(error.offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
                throw InputError("\(path):\(line):1: error: \(error.message)")
            }
        }
        return catalogue
    }

    /// A parser over that catalogue, with `defaultTaal` for files without a `taal:` header.
    func parser(defaultTaal: String? = nil, maxErrors: Int = 100) throws -> NotationParser {
        var parser = NotationParser(catalogue: try catalogue(), maxErrors: maxErrors)
        if let name = defaultTaal {
            switch parser.resolveTaal(name) {
            case .success(let taal): parser.defaultTaal = taal
            case .failure(let e): throw ValidationError("--taal: \(e.message)")
            }
        }
        return parser
    }
}

/// Options of the commands that read compositions: `--taal-file` and `--taal`.
struct ReadingOptions: ParsableArguments {
    @OptionGroup var taalFiles: TaalOptions

    @Option(name: .customLong("taal"), help: ArgumentHelp("Taal for files without a 'taal:' header (default: Teentaal, with a warning).", valueName: "name"))
    var defaultTaal: String?

    @Option(name: .customLong("bols"), help: ArgumentHelp("A file of bol spellings and bols of your own, one 'bol:' definition a line (repeatable).", valueName: "file"))
    var bolFiles: [String] = []

    func parser(maxErrors: Int = 100) throws -> NotationParser {
        var parser = try taalFiles.parser(defaultTaal: defaultTaal, maxErrors: maxErrors)
        for path in bolFiles {
            let text = try readText(path)
            do {
                try parser.splitter.define(file: text)
            } catch {
                throw InputError("\(path):\(error.line ?? 1):1: error: \(error.message)")
            }
        }
        return parser
    }
}

/// `--laya`: matras per minute or a laya word (`vilambit`, `madhya`, `drut`...), as in a header.
struct LayaArgument: ExpressibleByArgument {
    var matrasPerMinute: Double
    init?(argument: String) {
        guard let v = LayaName.parse(argument) else { return nil }
        matrasPerMinute = v
    }
}

/// An input problem already formatted for the user; exits 1.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads a file, or standard input for `-`.
func readBytes(_ path: String) throws -> [UInt8] {
    if path == "-" {
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InputError("\(path): error: no such file or directory")
    }
    if isDirectory.boolValue { throw InputError("\(path): error: is a directory; give a .bol file") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError("\(path): error: cannot read the file (permissions?)")
    }
    return Array(data)
}

func readText(_ path: String) throws -> String {
    String(decoding: try readBytes(path), as: UTF8.self)
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning input errors into a message and exit code 1.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InputError {
        printError(error.description)
        throw ExitCode(1)
    }
}
