import ArgumentParser
import Foundation
import TablaNotation

extension Tabla {
    /// `tabla khali FILE|-` and `tabla khali --phrase "..."`: the khali transform.
    struct Khali: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn bhari (open) bols into khali (closed) ones, or mirror a kaida's bhari half.",
            discussion: """
                --phrase maps every bol to its khali form: "DhaTi DhaGe DhiNa GeNa" gives \
                "TaTi TaKe TiNa KeNa". With --half the phrase is a kaida's bhari half and the output \
                its khali half: the first half closed, the second half back on the open bols with the \
                closed cadence opened (TinNa KeNa -> DhinNa GeNa, or the theme's own open phrase). \
                FILE (or - for standard input) is a .bol file whose sections are bhari halves: each \
                section is printed followed by its khali half, as valid .bol text. \
                See docs/NOTATION.md, "The khali transform".
                """
        )

        @Argument(help: "A .bol file of bhari halves, or - for standard input.")
        var file: String?

        @Option(help: ArgumentHelp("A phrase to transform instead of a file.", valueName: "bols"))
        var phrase: String?

        @Flag(help: "Treat --phrase as a bhari half and print its khali half.")
        var half = false

        @Option(name: .customLong("keep-last"), help: ArgumentHelp("Matras at the end of the khali half that return to the open bols (default: the second half).", valueName: "matras"))
        var keepLast: Int?

        @Option(help: "Script for the bols of a file's output: roman or devanagari.")
        var script: Script = .roman

        @OptionGroup var taalOptions: ReadingOptions

        func validate() throws {
            if (file == nil) == (phrase == nil) { throw ValidationError("give either a FILE (or -) or --phrase") }
            if half && phrase == nil { throw ValidationError("--half goes with --phrase; a FILE's sections are always mirrored as halves") }
            if let keepLast, keepLast < 0 { throw ValidationError("--keep-last must be 0 or more") }
            if keepLast != nil && phrase != nil && !half { throw ValidationError("--keep-last needs --half (or a FILE)") }
        }

        func run() throws {
            if let phrase {
                let text: String
                do throws(KhaliTransform.PhraseError) {
                    text = try KhaliTransform.transform(phrase: phrase, half: half, keepLast: keepLast)
                } catch {
                    throw InputError.at(file: "--phrase", line: 1, column: error.column, message: error.message)
                }
                print(text)
                return
            }
            guard let file else { return }
            let parser = try taalOptions.parser()
            let (composition, diagnostics) = parser.parse(bytes: try readBytes(file))
            let name = file == "-" ? "<stdin>" : file
            for d in diagnostics { printError(d.formatted(file: name)) }
            if diagnostics.contains(where: { $0.severity == .error }) {
                printError("\(name): not transformed: fix the errors above first")
                throw ExitCode(1)
            }
            let mirrored = KhaliTransform.mirrored(composition, keepLast: keepLast)
            print(Printer(script: script).text(mirrored), terminator: "")
        }
    }
}
