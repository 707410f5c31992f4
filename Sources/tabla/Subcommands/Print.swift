import ArgumentParser
import TablaNotation

extension Tabla {
    /// `tabla print FILE`: cycle-annotated notation.
    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a composition as cycle-annotated notation.",
            discussion: "The printed text is itself a valid .bol file: `tabla check` reads it back as the same composition."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "A .bol file, or - for standard input.")
        var file: String

        @Option(help: "Script for the bols: roman or devanagari.")
        var script: Script = .roman

        @Option(help: "Vibhag marks: bhatkhande (× २ ० ३) or latin (X 2 0 3); default: bhatkhande for devanagari, latin for roman.")
        var marks: Printer.MarkStyle?

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @OptionGroup var taalOptions: ReadingOptions

        func run() throws {
            let composition = try checkedComposition(file, parser: try taalOptions.parser(), notDone: "not printed")
            let printer = Printer(script: script, marks: marks)
            if format == .json {
                printer.writeJSON(composition) { print($0, terminator: "") }
            } else {
                print(printer.text(composition), terminator: "")
            }
        }
    }
}

extension Script: ExpressibleByArgument {}
extension Printer.MarkStyle: ExpressibleByArgument {}
