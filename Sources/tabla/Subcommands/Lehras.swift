import ArgumentParser
import TablaSynthesis

extension Tabla {
    /// `tabla lehras`: the shipped lehras.
    struct Lehras: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the lehras `tabla render --lehra` can play, or show one in its text format.",
            discussion: "The first lehra of each taal is its default (--lehra teentaal). Write your own in the same format and play it with --lehra-file."
        )

        @Option(help: ArgumentHelp("Print this lehra's text, to start your own from.", valueName: "name"))
        var show: String?

        func run() throws {
            if let show {
                guard let i = Lehra.shipped.firstIndex(where: { $0.name == show.lowercased() }) else {
                    throw ValidationError("no lehra named '\(show)'; the lehras are \(Lehra.shipped.map(\.name).joined(separator: ", "))")
                }
                return print(Lehra.shippedTexts[i])
            }
            var defaults = Set<String>()
            for lehra in Lehra.shipped {
                let isDefault = defaults.insert(lehra.taal).inserted
                let name = lehra.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                let taal = lehra.taal.padding(toLength: 10, withPad: " ", startingAt: 0)
                print("\(name) \(taal) \((lehra.raga ?? "").padding(toLength: 9, withPad: " ", startingAt: 0)) \(lehra.matras.count) matras\(isDefault ? "  (default for \(lehra.taal))" : "")")
            }
        }
    }
}
