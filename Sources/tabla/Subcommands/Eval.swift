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
                found in DIR. Also generates Teentaal cycles and reports their khali sense and novelty, and \
                kaidas, tihais, tukdas and mukhdas in four taals and reports how many keep every rule of their \
                form, the khali sense of kaida halves, and how well the model ranks the real paltas of held-out \
                kaidas above rule-made alternatives (an AUC).
                """
        )

        @Option(help: "Model file (default: the model shipped with tabla).")
        var model: String?

        @Option(help: "Folder of .bol compositions.")
        var corpus: String

        @Option(help: "Teentaal cycles to generate for the khali-sense and novelty figures.")
        var cycles = 800

        @Option(help: "Sampling temperature for the generated cycles.")
        var temperature: Float = SamplingOptions.defaultTemperature

        @Flag(help: "Also score the validation compositions.")
        var includeValidation = false

        @Option(help: "Seeds of generated kaidas (and tihais, tukdas, mukhdas) per taal for the form figures; 0 skips them.")
        var formSeeds = 5

        @Flag(help: "Score every composition of the folder, whatever the model was trained on (a foreign corpus).")
        var all = false

        @Option(help: "Folder holding the model's training compositions, for the n-gram baselines (default: --corpus).")
        var baselineCorpus: String?

        @Option(help: "Output: markdown (tables) or json (the scores only).")
        var format: EvalFormat = .markdown

        @OptionGroup var taalOptions: ReadingOptions

        func validate() throws {
            guard (0...100).contains(formSeeds) else { throw ValidationError("--form-seeds must be 0 to 100") }
            guard (0...1000).contains(cycles) else { throw ValidationError("--cycles must be 0 (no generated cycles) to 1000") }
            guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more") }
        }

        func run() throws {
            let bolModel = try BolModel.load(model.map { URL(fileURLWithPath: $0) })
            let corpus = try Corpus(folder: URL(fileURLWithPath: self.corpus), parser: try taalOptions.parser())
            for (path, _) in corpus.rejected { printError("\(path): skipped: it has errors (see `tabla check`)") }
            let baselines = try baselineCorpus.map { try Corpus(folder: URL(fileURLWithPath: $0), parser: try taalOptions.parser()) }
            // JSON is the scores alone: generation and form figures are skipped.
            let report = try EvaluationReport.make(model: bolModel, corpus: corpus, cycles: format == .json ? 0 : cycles,
                                                   sampling: SamplingOptions(temperature: temperature),
                                                   includeValidation: includeValidation,
                                                   formSeeds: format == .json ? 0 : formSeeds, all: all, baselineCorpus: baselines)
            print(format == .json ? report.json : report.markdown, terminator: "")
        }
    }
}

/// Output formats of `tabla eval`.
enum EvalFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, json
}
