import ArgumentParser
import Foundation
import TablaGeneration
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
                let taal = try Taal(taalFile: text)
                // A file that quietly replaced Teentaal would change every composition in it.
                for name in [taal.name] + taal.aliases {
                    if let known = TaalCatalogue.standard.taal(named: name) {
                        let what = known.name.lowercased() == name.lowercased() ? "the catalogue taal \(known.name)" : "'\(name)', an alias of \(known.name)"
                        throw InputError.taalFile(path: path, line: 1,
                                                  message: "'\(name)' would redefine \(what); give your taal a name of its own")
                    }
                }
                catalogue.add(taal)
            } catch let error as TaalDefinitionError {
                let line = text.utf8.prefix(error.offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
                throw InputError.taalFile(path: path, line: line, message: error.message)
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
                throw InputError.at(file: path, line: error.line ?? 1, column: 1, message: error.message)
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

/// An input problem the command line finds itself (library errors bring their own types).
/// Like them it is printed once, by ``Tabla/main()``, as `file: error: message`; exits 1.
enum InputError: ReportableError {
    /// The path names nothing.
    case noSuchFile(String)
    /// A folder where a file was expected.
    case isDirectory(String)
    /// The file exists but cannot be read.
    case unreadable(String)
    /// A `.taal` file that does not define a taal.
    case taalFile(path: String, line: Int, message: String)
    /// A folder that cannot be created.
    case cannotCreateFolder(path: String, reason: String)
    /// A file that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A value of an option that names nothing known (`--taal`), found only once files are read.
    case option(String, message: String)
    /// A taal name or definition that names no taal.
    case taal(message: String)
    /// A primer file with no bols in it.
    case emptyPrimer(path: String)
    /// A primer in one taal while `--taal` asks for another.
    case primerTaal(path: String, found: String, asked: String)
    /// A `--theme-file` that holds no usable kaida theme.
    case theme(path: String, message: String)
    /// A problem at a place in a file or option value.
    case at(file: String, line: Int, column: Int, message: String)
    /// A problem a subcommand describes in its own words (several lines allowed).
    case described(file: String?, message: String)
    /// A file or standard input larger than ``largestInput``.
    case tooLarge(String)
    /// A FIFO, device or socket where a file was expected.
    case notRegular(String)
    /// A symbolic link to nothing, or in a loop.
    case brokenLink(String)

    var file: String? {
        switch self {
        case .noSuchFile(let path), .isDirectory(let path), .unreadable(let path), .cannotCreateFolder(let path, _),
             .cannotWrite(let path, _), .emptyPrimer(let path), .primerTaal(let path, _, _), .theme(let path, _),
             .tooLarge(let path), .notRegular(let path), .brokenLink(let path):
            path
        case .taalFile(let path, let line, _): "\(path):\(line):1"
        case .at(let file, let line, let column, _): "\(file):\(line):\(column)"
        case .described(let file, _): file
        case .option, .taal: nil
        }
    }

    var message: String {
        switch self {
        case .noSuchFile: "no such file or directory"
        case .isDirectory: "is a directory; give a .bol file"
        case .unreadable: "cannot read the file (permissions?)"
        case .tooLarge: "more than \(largestInput >> 20) MiB, larger than any composition; give a smaller file"
        case .brokenLink: "a symbolic link that leads nowhere (or in a loop)"
        case .notRegular: "not a regular file (a FIFO, device or socket); give a .bol file, or - for standard input"
        case .taalFile(_, _, let message): message
        case .cannotCreateFolder(_, let reason): "cannot create the folder: \(reason)"
        case .cannotWrite(_, let reason): "cannot write: \(reason)"
        case .option(let name, let message): "\(name): \(message)"
        case .taal(let message): message
        case .emptyPrimer: "the primer file has no bols"
        case .primerTaal(_, let found, let asked): "the primer is in \(found) but --taal asks for \(asked)"
        case .theme(_, let message), .at(_, _, _, let message), .described(_, let message): message
        }
    }
}

/// The most bytes read from one text input: far more than the longest composition
/// (the whole corpus is under 1 MiB), so `tabla check - < /dev/zero` stops with an error.
let largestInput = 32 << 20

/// Reads a file, or standard input for `-`, up to ``largestInput`` bytes.
func readBytes(_ path: String) throws -> [UInt8] {
    if path == "-" {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw InputError.unreadable("<stdin>") }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
            if bytes.count > largestInput { throw InputError.tooLarge("<stdin>") }
        }
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { throw InputError.brokenLink(path) }
        throw InputError.noSuchFile(path)
    }
    if isDirectory.boolValue { throw InputError.isDirectory(path) }
    var status = stat()
    if stat(path, &status) == 0 {
        guard status.st_mode & S_IFMT == S_IFREG else { throw InputError.notRegular(path) }
        guard status.st_size <= largestInput else { throw InputError.tooLarge(path) }
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError.unreadable(path)
    }
    return Array(data)
}

func readText(_ path: String) throws -> String {
    String(decoding: try readBytes(path), as: UTF8.self)
}

/// Writes to standard error.
func printError(_ text: String) {
    StandardStreams.writeError(text + "\n")
}

/// Reads and checks a composition, printing its diagnostics; when it has errors, says
/// what was not done (`not printed`) and stops with exit code 1.
func checkedComposition(_ file: String, parser: NotationParser, notDone: String) throws -> Composition {
    let (composition, diagnostics) = parser.check(bytes: try readBytes(file))
    try stopOnErrors(diagnostics, file: file == "-" ? "<stdin>" : file, notDone: notDone, printWarnings: true)
    return composition
}

/// Prints the diagnostics (errors only unless `printWarnings`); when there are errors,
/// adds `file: <notDone>: fix the errors above first` if `notDone` is given and stops with exit code 1.
func stopOnErrors(_ diagnostics: [Diagnostic], file: String, notDone: String? = nil, printWarnings: Bool = false) throws {
    for d in diagnostics where printWarnings || d.severity == .error { printError(d.formatted(file: file)) }
    guard diagnostics.contains(where: { $0.severity == .error }) else { return }
    if let notDone { printError("\(file): \(notDone): fix the errors above first") }
    throw ExitCode(1)
}

extension Layakari: ExpressibleByArgument {
    /// Reads `2`, `1,2,2,4` or `1 2 2 4`, as `--layakari` takes it.
    public init?(argument: String) { self.init(parsing: argument) }
}
