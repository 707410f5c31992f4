import ArgumentParser
import TablaNotation

extension Tabla {
    /// `tabla taals [NAME]`: the taal catalogue.
    struct Taals: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the known taals, or show one with its theka."
        )

        @Argument(help: "A taal name or alias (e.g. tintal, jhaptaal).")
        var name: String?

        @Option(help: "Script for the theka: roman or devanagari.")
        var script: Script = .roman

        @OptionGroup var taalOptions: TaalOptions

        func run() throws {
            let catalogue = try taalOptions.catalogue()
            guard let name else {
                let width = catalogue.taals.map(\.name.count).max() ?? 0
                for taal in catalogue.taals {
                    let padded = taal.name.padding(width)
                    let aliases = taal.aliases.isEmpty ? "" : "  (\(taal.aliases.joined(separator: ", ")))"
                    print("\(padded)  \(String(taal.matras).padding(2)) matras  \(taal.vibhagSummary.padding(13))  \(taal.markSummary.padding(13))\(aliases)")
                }
                return
            }
            let taal: Taal
            switch NotationParser(catalogue: catalogue).resolveTaal(name) {
            case .success(let t): taal = t  // a name, an alias or a definition such as 3+2+2
            case .failure(let e): throw InputError.taal(message: e.message)
            }
            print("\(taal.name): \(taal.matras) matras, vibhags \(taal.vibhagSummary), marks \(taal.markSummary)")
            if !taal.aliases.isEmpty { print("also called: \(taal.aliases.joined(separator: ", "))") }
            let khali = taal.marks.enumerated().filter { $0.element == .khali }.map { String(taal.vibhagStarts[$0.offset]) }
            let taali = taal.marks.enumerated().filter { $0.element != .khali }.map { String(taal.vibhagStarts[$0.offset]) }
            print("taali on \(taali.isEmpty ? "none" : taali.joined(separator: ", ")); khali on \(khali.isEmpty ? "none" : khali.joined(separator: ", "))")
            guard !taal.theka.isEmpty else { return }
            let (composition, diagnostics) = NotationParser(catalogue: catalogue, defaultTaal: taal).check(taal.theka)
            guard !diagnostics.contains(where: { $0.severity == .error }), let section = composition.sections.first else {
                print("theka: \(taal.theka)")
                return
            }
            print("\ntheka:")
            print(Printer(script: script).sectionText(section, in: composition), terminator: "")
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
