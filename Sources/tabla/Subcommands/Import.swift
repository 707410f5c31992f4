import ArgumentParser
import Foundation
import TablaImport
import TablaNotation

extension Tabla {
    /// `tabla import FORMAT PATH... -o DIR`: other notations into .bol files.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert CompMusic, Tabalchi or Bol Processor notation into .bol files.",
            discussion: """
                FORMAT is compmusic (CompMusic Tabla Solo scores), tabalchi (.tabla JSON) or bolprocessor \
                (plain beat-marked Bol Processor items). PATH is a file or a folder (its files, not searched \
                deeper). Each composition becomes one .bol file in DIR, named from its title, that \
                `tabla check` accepts; the paths written go to standard output. What could not be carried \
                over (unknown syllables, polymetric items, a guessed start) goes to standard error as \
                file:line:column: error|warning: message, then a summary. A composition with an unknown \
                syllable is not written: give the syllable a bol with --map. Existing files are not \
                replaced unless --force. --taal names the taal of scores without TALA and of Bol Processor \
                signatures it fits. Exit status: 0 when everything was imported, 1 otherwise.
                """
        )

        @Argument(help: "The input format.")
        var format: ImportFormat

        @Argument(help: "Input files or folders.")
        var paths: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the .bol files into (created if missing).", valueName: "dir"))
        var output: String

        @Flag(help: "Replace .bol files that exist already.")
        var force = false

        @Option(name: .customLong("map"), help: ArgumentHelp("Read a syllable as these bols, e.g. DA=Ta or tere=TiRa (repeatable).", valueName: "syllable=bols"))
        var maps: [String] = []

        @OptionGroup var taalOptions: ReadingOptions

        func validate() throws {
            _ = try syllableMap()
        }

        /// `--map` values as syllable -> bols.
        func syllableMap() throws -> [String: [Bol]] {
            var map: [String: [Bol]] = [:]
            for entry in maps {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("--map '\(entry)' should be SYLLABLE=BOLS, e.g. DA=Ta")
                }
                switch BolSplitter.standard.split(parts[1]) {
                case .success(let pulses) where !pulses.isEmpty && pulses.allSatisfy({ $0.bol != nil }):
                    map[parts[0].lowercased()] = pulses.compactMap(\.bol)
                case .success:
                    throw ValidationError("--map '\(entry)': give bols, not rests, after '='")
                case .failure(let failure):
                    throw ValidationError("--map '\(entry)': \(failure.message)")
                }
            }
            return map
        }

        func run() throws {
            let parser = try taalOptions.parser()
            let importer = Importer(catalogue: parser.catalogue, syllables: try syllableMap(), defaultTaal: parser.defaultTaal)
            var imported: [ImportedComposition] = []
            var failed = 0, errors = 0, warnings = 0, files = 0
            var summary = ImportSummary()
            for path in paths {
                for file in try inputFiles(path) {
                    files += 1
                    let bytes: [UInt8]
                    do { bytes = try readBytes(file) } catch let e as InputError {
                        printError(e.report)
                        errors += 1
                        failed += 1
                        continue
                    }
                    let result = importer.read(format, bytes: bytes, file: file)
                    for d in result.diagnostics {
                        printError(d.description)
                        if d.severity == .error { errors += 1 }
                        if d.severity == .warning { warnings += 1 }
                    }
                    imported += result.compositions
                    failed += result.failed
                    summary.add(result.summary)
                }
            }

            let writer = ImportWriter(directory: output, overwrite: force)
            let targets = writer.paths(for: imported)
            if !force {
                let existing = writer.existing(targets)
                for path in existing { printError("\(path): error: exists already; not overwritten (use --force to replace it)") }
                if !existing.isEmpty {
                    printError("nothing written: \(existing.count) of \(targets.count) files exist already in \(output)")
                    throw ExitCode(1)
                }
            }
            var written = 0
            if !imported.isEmpty {
                do { try writer.prepareDirectory() } catch { throw InputError.described(file: nil, message: String(describing: error)) }
            }
            for (composition, path) in zip(imported, targets) {
                do {
                    try writer.write(composition.text, to: path)
                } catch {
                    printError(String(describing: error))
                    errors += 1
                    failed += 1
                    continue
                }
                written += 1
                print(path)
                for w in composition.checkWarnings {
                    printError(w.formatted(file: path))
                    warnings += 1
                }
            }
            let total = imported.count + failed
            printError("imported \(written) of \(total) composition\(total == 1 ? "" : "s") from \(files) file\(files == 1 ? "" : "s") into \(output): "
                + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            for line in summary.lines { printError("  " + line) }
            if failed > 0 || errors > 0 { throw ExitCode(1) }
        }

        /// The files of `path`: the path itself, or the visible files of a folder, sorted.
        func inputFiles(_ path: String) throws -> [String] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError.noSuchFile(path)
            }
            guard isDirectory.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let base = path.hasSuffix("/") ? path : path + "/"
            return names.filter { !$0.hasPrefix(".") }.sorted().map { base + $0 }.filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue
            }
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}
