import ArgumentParser
import Foundation
import TablaNotation

extension Tabla {
    /// `tabla print FILE`: cycle-annotated notation.
    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a composition as cycle-annotated notation.",
            discussion: "The printed text is itself a valid .bol file: `tabla check` reads it back as the same composition."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }

        @Argument(help: "A .bol file, or - for standard input.")
        var file: String

        @Option(help: "Script for the bols: roman or devanagari.")
        var script: Script = .roman

        @Option(help: "Vibhag marks: bhatkhande (× २ ० ३), latin (X 2 0 3) or paluskar (1 5 + 13: claps by matra number, khali +); default: bhatkhande for devanagari, latin for roman.")
        var marks: Printer.MarkStyle?

        @Option(help: "Output format: text, json or html (a self-contained page to print to PDF).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "out"))
        var output: String?

        @OptionGroup var taalOptions: ReadingOptions

        func run() throws {
            let composition = try checkedComposition(file, parser: try taalOptions.parser(), notDone: "not printed")
            let printer = Printer(script: script, marks: marks)
            guard let output else {
                // JSON is written a cycle at a time, so a long piece does not build one huge string.
                if format == .json { printer.writeJSON(composition) { print($0, terminator: "") } } else {
                    print(format == .html ? printer.html(composition) : printer.text(composition), terminator: "")
                }
                return
            }
            let text: String
            switch format {
            case .text: text = printer.text(composition)
            case .json: text = printer.json(composition)
            case .html: text = printer.html(composition)
            }
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) { InputError.cannotWrite(path: output, reason: $0) }
        }
    }
}

extension Script: ExpressibleByArgument {}
extension Printer.MarkStyle: ExpressibleByArgument {}
