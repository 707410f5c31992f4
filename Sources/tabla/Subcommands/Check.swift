import ArgumentParser
import Foundation
import TablaNotation

extension Tabla {
    /// `tabla check PATH...`: validate compositions against their taals.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check compositions against their taals.",
            discussion: """
                PATH is a .bol file, a folder (searched for .bol files) or - for standard input. \
                Diagnostics go to standard error as file:line:column: error|warning: message. \
                Exit status: 0 when there are no errors, 1 otherwise.
                """
        )

        @Argument(help: "Files, folders or - for standard input.")
        var paths: [String]

        @OptionGroup var taalOptions: ReadingOptions

        @Option(help: "Stop reporting a file after this many errors (0: no limit).")
        var maxErrors: Int = 100

        @Flag(name: .shortAndLong, help: "Print only errors, not warnings.")
        var quiet = false

        func validate() throws {
            if maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
        }

        func run() throws {
            let parser = try taalOptions.parser(maxErrors: maxErrors)
            var files = 0, errors = 0, warnings = 0, failedFiles = 0
            for path in paths {
                for file in try bolFiles(path) {
                    files += 1
                    let bytes: [UInt8]
                    do { bytes = try readBytes(file) } catch let e as InputError {
                        printError(e.report)
                        errors += 1
                        failedFiles += 1
                        continue
                    }
                    let (_, diagnostics) = parser.check(bytes: bytes)
                    let name = file == "-" ? "<stdin>" : file
                    var fileErrors = 0
                    for d in diagnostics {
                        if d.severity == .error { fileErrors += 1 }
                        if d.severity == .warning { warnings += 1 }
                        if quiet && d.severity == .warning { continue }
                        printError(d.formatted(file: name))
                    }
                    errors += fileErrors
                    if fileErrors > 0 { failedFiles += 1 }
                }
            }
            let summary = "checked \(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")"
            printError(summary)
            if errors > 0 { throw ExitCode(1) }
        }

        /// The .bol files under `path` in a stable order, or the path itself.
        func bolFiles(_ path: String) throws -> [String] {
            if path == "-" { return ["-"] }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                var link = stat()
                if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { throw InputError.brokenLink(path) }
                throw InputError.noSuchFile(path)
            }
            guard isDirectory.boolValue else { return [path] }
            return BolFiles.relativePaths(under: URL(fileURLWithPath: path)).map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        }
    }
}
