import ArgumentParser
import Foundation
import TablaNotation

extension Tabla {
    /// `tabla tihai "PHRASE"`: every way to land a phrase on sam as a tihai.
    struct Tihai: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the tihais that land a phrase on sam.",
            discussion: """
                Tries the phrase played whole and ended on its first bol (the usual "... Dha"), \
                once or repeated, with every gap that makes 3 x phrase + 2 x gap reach sam from \
                --from. Prints the best arrangement (--all: every one) as valid .bol text with the \
                arithmetic, e.g. "3 x 9 + 2 x 3 = 33 = 2 cycles + sam". When none fits it says why \
                and what comes nearest, and exits 1. See docs/NOTATION.md, "Tihais".
                """
        )

        @Argument(help: "The phrase, matras separated by spaces, e.g. \"DhaTi DhaGe DhiNa GeNa\".")
        var phrase: String

        @Option(help: "The taal.")
        var taal: String = "teentaal"

        @Option(help: ArgumentHelp("The matra on which the tihai starts.", valueName: "matra"))
        var from: Int = 1

        @Option(help: ArgumentHelp("Where the tihai lands: sam.", valueName: "sam"))
        var land: String = "sam"

        @Option(help: "bedam (gaps of half a matra or less), dumdar (longer gaps) or any.")
        var kind: TihaiKind = .any

        @Option(name: .customLong("max-cycles"), help: "The most sams the tihai may pass before it lands.")
        var maxCycles: Int = 3

        @Flag(help: "Print every arrangement, not only the best.")
        var all = false

        @Option(help: ArgumentHelp("Which arrangement -o writes (1 = the best).", valueName: "n"))
        var pick: Int = 1

        @Option(name: .shortAndLong, help: "Also write the picked tihai to this .bol file.")
        var output: String?

        @OptionGroup var taalOptions: TaalOptions

        func validate() throws {
            if !["sam", "1", "x"].contains(land.lowercased()) {
                throw ValidationError("--land: only sam is supported (the tihai's last bol falls on sam)")
            }
            if maxCycles < 1 || maxCycles > 16 { throw ValidationError("--max-cycles must be between 1 and 16") }
            if pick < 1 { throw ValidationError("--pick must be 1 or more") }
        }

        func run() throws {
            let parser = try taalOptions.parser()
            let resolved: TablaNotation.Taal
            switch parser.resolveTaal(taal) {
            case .success(let t): resolved = t
            case .failure(let e): throw ValidationError("--taal: \(e.message)")
            }
            guard (1...resolved.matras).contains(from) else {
                throw ValidationError("--from: \(resolved.name) has matras 1-\(resolved.matras)")
            }
            let matras: [Matra]
            do throws(KhaliTransform.PhraseError) {
                matras = try KhaliTransform.matras(checking: phrase)
            } catch {
                throw InputError.at(file: "<phrase>", line: 1, column: error.column, message: error.message)
            }
            let calculator = TihaiCalculator(taal: resolved, from: from, kind: kind, maxCycles: maxCycles)
            let search = calculator.search(matras)
            guard !search.arrangements.isEmpty else {
                var text = "no \(kind == .any ? "" : kind.rawValue + " ")tihai lands on sam: \(search.reason ?? "")"
                if !search.nearMisses.isEmpty {
                    text += "\nnearest:\n" + search.nearMisses.map { "  \($0.note)" }.joined(separator: "\n")
                }
                throw InputError.described(file: "<phrase>", message: text)
            }
            let shown = all ? search.arrangements : [search.arrangements[0]]
            let title = "Tihai \(phrase.split(separator: " ").joined(separator: " "))"
            print(TablaNotation.Tihai.bolText(shown, title: title), terminator: "")
            if !all && search.arrangements.count > 1 {
                printError("\(search.arrangements.count - 1) more arrangement\(search.arrangements.count == 2 ? "" : "s"): --all lists them")
            }
            if let output {
                guard pick <= search.arrangements.count else {
                    throw ValidationError("--pick \(pick): there \(search.arrangements.count == 1 ? "is 1 arrangement" : "are \(search.arrangements.count) arrangements")")
                }
                let text = TablaNotation.Tihai.bolText([search.arrangements[pick - 1]], title: title)
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) {
                    InputError.cannotWrite(path: output, reason: $0)
                }
                printError("wrote \(output)")
            }
        }
    }
}

extension TihaiKind: ExpressibleByArgument {}
