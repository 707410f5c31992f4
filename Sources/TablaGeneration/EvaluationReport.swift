import TablaNotation

/// What `tabla eval` reports: held-out scores of the model beside n-gram baselines
/// trained on the model's own training compositions, and measures of generated cycles.
public struct EvaluationReport: Sendable {
    /// One row of the score table.
    public struct Row: Sendable {
        public var name: String
        public var score: Evaluation.Score
    }
    /// Compositions scored (held out from training and early stopping).
    public var heldOut: [String]
    /// Compositions the baselines were trained on (the model's training split).
    public var trainingCount: Int
    /// Model and baselines, in order.
    public var rows: [Row]
    /// Khali sense: bayan-resonant share in khali and bhari vibhags of Teentaal cycles.
    public var corpusResonance: (khali: Double, bhari: Double, cycles: Int)
    public var generatedResonance: (khali: Double, bhari: Double, cycles: Int)
    /// Share of generated cycles identical to a training cycle.
    public var copiedShare: Double
    /// How the cycles were generated.
    public var generationSettings: String
    /// Form validity, khali sense of kaida halves and palta ranking (nil when not asked for).
    public var form: FormEvaluation?

    /// Scores `model` on the compositions of `corpus` it was not trained or early-stopped
    /// on, and generates `cycles` Teentaal cycles (sampling, seeds 1..., four cycles a
    /// seed, so rounded up to a multiple of 4) to measure them.
    public static func make(model: BolModel, corpus: Corpus, cycles: Int = 200, layakari: Layakari = Layakari([2]),
                            sampling: SamplingOptions = SamplingOptions(temperature: SamplingOptions.defaultTemperature),
                            includeValidation: Bool = false, formSeeds: Int = 5) throws -> EvaluationReport {
        var roles: [String: CorpusRole] = [:]
        for f in model.info.corpus { roles[f.hash] = f.role }
        let training = corpus.entries.filter { roles[$0.hash] == .train }
        let heldOut = corpus.entries.filter {
            let role = roles[$0.hash]
            return role == nil || role == .test || (includeValidation && role == .validation)
        }
        guard !heldOut.isEmpty else {
            throw CorpusError.nothingHeldOut
        }
        guard !training.isEmpty else {
            throw CorpusError.noTrainingCompositions
        }
        let v = TokenVocabulary.standard.count
        let streams = training.map(\.stream.tokens)
        let unigram = Unigram(vocabularySize: v, streams: streams)
        var rows = [Row(name: "LSTM (this model)", score: try Evaluation.score(network: model.network, entries: heldOut))]
        rows.append(Row(name: "unigram (add-one)", score: Evaluation.score(entries: heldOut, order: 1,
                                                                            probability: { t, _ in unigram.probability(of: t) }, vocabularySize: v)))
        for n in [3, 5] {
            let kn = KneserNey(order: n, vocabularySize: v, streams: streams)
            rows.append(Row(name: "Kneser-Ney \(n)-gram", score: Evaluation.score(entries: heldOut, order: n,
                                                                                  probability: kn.probability, vocabularySize: v)))
        }
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let trainingSections = training.flatMap(\.composition.sections)
        let generator = BolGenerator(model: model)
        var generated: [Section] = []
        let perRun = 4
        for seed in 1...max(1, (cycles + perRun - 1) / perRun) {
            let request = GenerationRequest(taal: teentaal, cycles: perRun, layakari: layakari,
                                            decoder: .sample(sampling), seed: UInt64(seed))
            generated.append(try generator.generate(request))
        }
        let formTaals = ["teentaal", "jhaptaal", "ektaal", "rupak"].map { TaalCatalogue.standard.taal(named: $0)! }
        let form = formSeeds > 0
            ? try FormEvaluation.make(model: model, corpus: training, heldOut: heldOut, taals: formTaals, seeds: 1...UInt64(formSeeds))
            : nil
        return EvaluationReport(
            heldOut: heldOut.map(\.path), trainingCount: training.count, rows: rows,
            corpusResonance: Metrics.resonance(trainingSections, taal: teentaal),
            generatedResonance: Metrics.resonance(generated, taal: teentaal),
            copiedShare: Metrics.copiedShare(generated: Metrics.cycles(generated, taal: teentaal),
                                             training: Metrics.cycles(trainingSections, taal: teentaal)),
            generationSettings: "Teentaal, layakari \(layakari), sample at temperature \(sampling.temperature), seeds 1-\((cycles + perRun - 1) / perRun), \(perRun) cycles each",
            form: form)
    }

    /// The report as a Markdown table and a few lines, as README quotes it.
    public var markdown: String {
        var out = "Held out: \(heldOut.count) compositions never used in training or early stopping; "
            + "baselines trained on the model's \(trainingCount) training compositions.\n\n"
        out += "| model | cross-entropy (nats/bol) | perplexity | next-bol accuracy |\n|---|---|---|---|\n"
        for r in rows {
            out += "| \(r.name) | \(fmt(r.score.crossEntropy, 3)) | \(fmt(r.score.perplexity, 2)) | \(fmt(100 * r.score.accuracy, 1))% |\n"
        }
        out += "\nScored bols: \(rows.first?.score.count ?? 0).\n\n"
        out += "Generated (\(generationSettings)): \(generatedResonance.cycles) cycles.\n\n"
        out += "| Teentaal cycles | bayan-resonant share, khali vibhag (9-12) | other vibhags |\n|---|---|---|\n"
        out += "| corpus (training, \(corpusResonance.cycles) cycles) | \(fmt(100 * corpusResonance.khali, 1))% | \(fmt(100 * corpusResonance.bhari, 1))% |\n"
        out += "| generated | \(fmt(100 * generatedResonance.khali, 1))% | \(fmt(100 * generatedResonance.bhari, 1))% |\n\n"
        out += "Generated cycles that copy a training cycle outright: \(fmt(100 * copiedShare, 1))%.\n"
        if let form { out += "\n" + form.markdown }
        return out
    }

    private func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}

import Foundation
