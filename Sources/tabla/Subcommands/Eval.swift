import ArgumentParser
import Foundation
import TablaGeneration

extension Tabla {
    /// `tabla eval`: held-out scores against n-gram baselines.
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a bol model on held-out compositions beside unigram and Kneser-Ney baselines.",
            discussion: """
                Scores the compositions of DIR that the model was neither trained nor early-stopped on \
                (recognised by content), with baselines trained on the model's own training compositions \
                found in DIR. Also generates Teentaal cycles and reports their khali sense and novelty.
                """
        )

        @Option(help: "Model file (default: the model shipped with tabla).")
        var model: String?

        @Option(help: "Folder of .bol compositions.")
        var corpus: String

        @Option(help: "Teentaal cycles to generate for the khali-sense and novelty figures.")
        var cycles = 200

        @Option(help: "Sampling temperature for the generated cycles.")
        var temperature: Float = SamplingOptions.defaultTemperature

        @Flag(help: "Also score the validation compositions.")
        var includeValidation = false

        @OptionGroup var taalOptions: ReadingOptions

        func run() throws {
            let bolModel = try BolModel.load(model.map { URL(fileURLWithPath: $0) })
            let corpus = try Corpus(folder: URL(fileURLWithPath: self.corpus), parser: try taalOptions.parser())
            for (path, _) in corpus.rejected { printError("\(path): skipped: it has errors (see `tabla check`)") }
            print(try EvaluationReport.make(model: bolModel, corpus: corpus, cycles: cycles,
                                            sampling: SamplingOptions(temperature: temperature),
                                            includeValidation: includeValidation).markdown, terminator: "")
        }
    }
}
