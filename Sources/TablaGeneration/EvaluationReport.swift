import TablaNotation

/// What `tabla eval` reports: held-out scores of the model beside n-gram baselines
/// trained on the model's own training compositions, and measures of generated cycles.
public struct EvaluationReport: Sendable {
    /// One row of the score table.
    public struct Row: Sendable {
        /// The name shown in the table.
        public var name: String
        /// The stable name of `--format json`: `lstm`, `short-term`, `mixture`, `unigram`,
        /// `kn3`, `kn5`, `kn5+short-term`.
        public var key: String
        /// The scores.
        public var score: Evaluation.Score
    }
    /// One composition's scores (LSTM, short-term, mixture, in the order of `rows`' first three).
    public struct CompositionRow: Sendable {
        /// Path relative to the corpus folder.
        public var path: String
        /// Rows of the models that need no training data: `lstm`, `short-term`, `mixture`.
        public var rows: [Row]
    }
    /// Compositions scored (held out from training and early stopping, or all with `--all`).
    public var heldOut: [String]
    /// Compositions the baselines were trained on (the model's training split).
    public var trainingCount: Int
    /// Model and baselines, in order; the n-gram baselines are missing when none of the
    /// model's training compositions was found.
    public var rows: [Row]
    /// Per-composition scores of the LSTM, the short-term model and their mixture.
    public var compositions: [CompositionRow] = []
    /// The entropy-weighting exponent of the mixtures.
    public var mixtureExponent: Double = EntropyMixture.defaultExponent
    /// Generation with the LSTM alone and with the mixture, against the corpus (nil when no cycles were asked for).
    public var generation: [GenerationComparison] = []
    /// Whether every composition of the folder was scored (`--all`).
    public var scoredAll = false
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
    /// on (every composition with `all`), and generates `cycles` Teentaal cycles
    /// (sampling, seeds 1..., four cycles a seed, so rounded up to a multiple of 4) to
    /// measure them. The baselines are trained on the model's training compositions found
    /// in `baselineCorpus` (by content), `corpus` itself when nil; with `all` and none
    /// found, the report has no n-gram rows and says so.
    public static func make(model: BolModel, corpus: Corpus, cycles: Int = 200, layakari: Layakari = Layakari([2]),
                            sampling: SamplingOptions = SamplingOptions(temperature: SamplingOptions.defaultTemperature),
                            includeValidation: Bool = false, formSeeds: Int = 5, all: Bool = false,
                            baselineCorpus: Corpus? = nil) throws -> EvaluationReport {
        var roles: [String: CorpusRole] = [:]
        for f in model.info.corpus { roles[f.hash] = f.role }
        let training = (baselineCorpus ?? corpus).entries.filter { roles[$0.hash] == .train }
        let heldOut = corpus.entries.filter {
            let role = roles[$0.hash]
            return all || role == nil || role == .test || (includeValidation && role == .validation)
        }
        guard !heldOut.isEmpty else {
            throw CorpusError.nothingHeldOut
        }
        guard !training.isEmpty || all else {
            throw CorpusError.noTrainingCompositions
        }
        let exponent = model.info.mixtureExponent ?? EntropyMixture.defaultExponent
        let (rows, compositions) = try scores(model: model, heldOut: heldOut, training: training, exponent: exponent)
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let trainingSections = training.flatMap(\.composition.sections)
        let generator = BolGenerator(model: model)
        var generated: [Section] = []
        let perRun = 4
        for seed in stride(from: 1, through: (max(0, cycles) + perRun - 1) / perRun, by: 1) {
            let request = GenerationRequest(taal: teentaal, cycles: perRun, layakari: layakari,
                                            decoder: .sample(sampling), seed: UInt64(seed))
            generated.append(try generator.generate(request))
        }
        var comparisons: [GenerationComparison] = []
        // Compared with the training compositions' Teentaal sections: none found, nothing to compare.
        let corpusTeentaal = trainingSections.filter { $0.taal == teentaal }
        if cycles > 0, !corpusTeentaal.isEmpty {
            for (shortTerm, repeatGuard) in [(false, false), (false, true), (true, false), (true, true)] {
                var sampled: [Section] = []
                for seed in stride(from: 1, through: (cycles + perRun - 1) / perRun, by: 1) {
                    var request = GenerationRequest(taal: teentaal, cycles: perRun, layakari: layakari,
                                                    decoder: .sample(sampling), seed: UInt64(seed))
                    request.shortTerm = shortTerm
                    request.repeatGuard = repeatGuard
                    sampled.append(try generator.generate(request))
                }
                var argmax: [Section] = []
                for taal in ["teentaal", "jhaptaal", "ektaal", "rupak"].map({ TaalCatalogue.standard.taal(named: $0)! }) {
                    for l in [1, 2, 4] {
                        var request = GenerationRequest(taal: taal, cycles: 8, layakari: Layakari([l]), decoder: .argmax)
                        request.shortTerm = shortTerm
                        request.repeatGuard = repeatGuard
                        argmax.append(try generator.generate(request))
                    }
                }
                comparisons.append(GenerationComparison(
                    shortTerm: shortTerm, repeatGuard: repeatGuard,
                    bolDivergence: GenerationStatistics.jensenShannon(GenerationStatistics.bols(sampled),
                                                                      GenerationStatistics.bols(corpusTeentaal)),
                    bigramDivergence: GenerationStatistics.jensenShannon(GenerationStatistics.bigrams(sampled),
                                                                         GenerationStatistics.bigrams(corpusTeentaal)),
                    sampledRepeats: GenerationStatistics.repeatedCycleShare(sampled),
                    argmaxRepeats: GenerationStatistics.repeatedCycleShare(argmax),
                    argmaxDistinct: GenerationStatistics.distinctShare(argmax),
                    copiedShare: Metrics.copiedShare(generated: Metrics.cycles(sampled, taal: teentaal),
                                                     training: Metrics.cycles(trainingSections, taal: teentaal))))
            }
        }
        let formTaals = ["teentaal", "jhaptaal", "ektaal", "rupak"].map { TaalCatalogue.standard.taal(named: $0)! }
        let form = formSeeds > 0
            ? try FormEvaluation.make(model: model, corpus: training, heldOut: heldOut, taals: formTaals, seeds: 1...UInt64(formSeeds))
            : nil
        return EvaluationReport(
            heldOut: heldOut.map(\.path), trainingCount: training.count, rows: rows, compositions: compositions,
            mixtureExponent: exponent, generation: comparisons, scoredAll: all,
            corpusResonance: Metrics.resonance(trainingSections, taal: teentaal),
            generatedResonance: Metrics.resonance(generated, taal: teentaal),
            copiedShare: Metrics.copiedShare(generated: Metrics.cycles(generated, taal: teentaal),
                                             training: Metrics.cycles(trainingSections, taal: teentaal)),
            generationSettings: "Teentaal, layakari \(layakari), sample at temperature \(sampling.temperature), seeds 1-\((cycles + perRun - 1) / perRun), \(perRun) cycles each",
            form: form)
    }

    /// The score rows over `heldOut`, and per composition: the LSTM, the short-term model
    /// and their mixture, then (when there is training data) unigram, Kneser-Ney 3 and 5
    /// and the Kneser-Ney 5 + short-term mixture.
    static func scores(model: BolModel, heldOut: [Corpus.Entry], training: [Corpus.Entry],
                       exponent: Double) throws -> ([Row], [CompositionRow]) {
        let v = TokenVocabulary.standard.count
        let streams = training.map(\.stream.tokens)
        let kn5 = training.isEmpty ? nil : KneserNey(order: 5, vocabularySize: v, streams: streams)
        let trace = try PredictionTrace.make(network: model.network, entries: heldOut, kneserNey: kn5)
        func modelRows(_ t: PredictionTrace) -> [Row] {
            [Row(name: "LSTM (this model)", key: "lstm", score: t.score(t.lstm)),
             Row(name: "short-term (the piece so far)", key: "short-term", score: t.score(t.shortTerm)),
             Row(name: "LSTM + short-term (generation uses this)", key: "mixture",
                 score: t.mixtureScore(longTerm: t.lstm, shortTerm: t.shortTermOverLSTM, exponent: exponent))]
        }
        var rows = modelRows(trace)
        if kn5 != nil {
            let unigram = Unigram(vocabularySize: v, streams: streams)
            rows.append(Row(name: "unigram (add-one)", key: "unigram",
                            score: Evaluation.score(entries: heldOut, order: 1, probability: { t, _ in unigram.probability(of: t) },
                                                    vocabularySize: v)))
            let kn3 = KneserNey(order: 3, vocabularySize: v, streams: streams)
            rows.append(Row(name: "Kneser-Ney 3-gram", key: "kn3",
                            score: Evaluation.score(entries: heldOut, order: 3, probability: kn3.probability, vocabularySize: v)))
            rows.append(Row(name: "Kneser-Ney 5-gram", key: "kn5", score: trace.score(trace.kneserNey)))
            rows.append(Row(name: "Kneser-Ney 5-gram + short-term", key: "kn5+short-term",
                            score: trace.mixtureScore(longTerm: trace.kneserNey, shortTerm: trace.shortTermOverKneserNey,
                                                       exponent: exponent)))
        }
        // The ablation of the back-off: IDyOM's short-term model guesses uniformly where the
        // piece has shown nothing; ours passes the LSTM's guess on.
        rows.append(Row(name: "LSTM + short-term backing off to a uniform guess (IDyOM's)", key: "mixture-uniform-backoff",
                        score: trace.mixtureScore(longTerm: trace.lstm, shortTerm: trace.shortTerm, exponent: exponent)))
        let compositions = zip(heldOut, trace.ranges).map { entry, range in
            CompositionRow(path: entry.path, rows: modelRows(trace.slice(range)))
        }
        return (rows, compositions)
    }

    /// The report as a Markdown table and a few lines, as README quotes it.
    public var markdown: String {
        var out = scoredAll
            ? "Scored: all \(heldOut.count) compositions of the folder; "
            : "Held out: \(heldOut.count) compositions never used in training or early stopping; "
        out += trainingCount > 0
            ? "baselines trained on the model's \(trainingCount) training compositions.\n\n"
            : "no n-gram baselines: none of the model's training compositions was found (give the folder it was trained on with --baseline-corpus).\n\n"
        out += "| model | bits/bol | cross-entropy (nats/bol) | perplexity | next-bol accuracy |\n|---|---|---|---|---|\n"
        for r in rows {
            out += "| \(r.name) | \(fmt(r.score.bitsPerBol, 3)) | \(fmt(r.score.crossEntropy, 3)) | \(fmt(r.score.perplexity, 2)) | \(fmt(100 * r.score.accuracy, 1))% |\n"
        }
        out += "\nScored bols: \(rows.first?.score.count ?? 0). Mixtures weight each step's distributions by their entropies "
            + "(IDyOM), exponent \(fmt(mixtureExponent, 1)).\n\n"
        out += "| composition | bols | LSTM bits/bol | short-term | mixture |\n|---|---|---|---|---|\n"
        for c in compositions {
            out += "| \(c.path) | \(c.rows.first?.score.count ?? 0) | " + c.rows.map { fmt($0.score.bitsPerBol, 3) }.joined(separator: " | ") + " |\n"
        }
        out += "\n"
        if generatedResonance.cycles > 0 {
            out += "Generated (\(generationSettings)): \(generatedResonance.cycles) cycles.\n\n"
            out += "| Teentaal cycles | bayan-resonant share, khali vibhag (9-12) | other vibhags |\n|---|---|---|\n"
            out += "| corpus (training, \(corpusResonance.cycles) cycles) | \(fmt(100 * corpusResonance.khali, 1))% | \(fmt(100 * corpusResonance.bhari, 1))% |\n"
            out += "| generated | \(fmt(100 * generatedResonance.khali, 1))% | \(fmt(100 * generatedResonance.bhari, 1))% |\n\n"
            out += "Generated cycles that copy a training cycle outright: \(fmt(100 * copiedShare, 1))%.\n"
        }
        if !generation.isEmpty {
            out += "\nGeneration against the corpus's Teentaal sections (Jensen-Shannon divergence in bits of the bol and bigram "
                + "frequencies of the sampled cycles; looping: share of cycles repeating an earlier cycle of their piece, sampled, "
                + "and at argmax over 8 cycles in Teentaal, Jhaptaal, Ektaal and Rupak at layakari 1, 2 and 4):\n\n"
            out += "| decoder's model | JSD bols | JSD bigrams | repeated cycles, sampled | repeated cycles, argmax | distinct 4-bol runs, argmax | copies a training cycle |\n"
            out += "|---|---|---|---|---|---|---|\n"
            for g in generation {
                out += "| \(g.shortTerm ? "LSTM + short-term" : "LSTM alone")\(g.repeatGuard ? ", repeat guard" : "") | \(fmt(g.bolDivergence, 4)) | \(fmt(g.bigramDivergence, 4)) | "
                    + "\(fmt(100 * g.sampledRepeats, 1))% | \(fmt(100 * g.argmaxRepeats, 1))% | \(fmt(100 * g.argmaxDistinct, 1))% | \(fmt(100 * g.copiedShare, 1))% |\n"
            }
        }
        if let form { out += "\n" + form.markdown }
        return out
    }

    /// The scores for other tools: `{"tokens": N, "models": [{"name", "bits_per_bol",
    /// "perplexity", "accuracy"}...], "compositions": [{"path", "tokens", "models"}...]}`,
    /// models named by ``Row/key``.
    public var json: String {
        func number(_ v: Double) -> String { v.isFinite ? String(format: "%.6g", v) : "null" }
        func models(_ rows: [Row]) -> String {
            "[" + rows.map {
                "{\"name\": \(JSONText.quote($0.key)), \"bits_per_bol\": \(number($0.score.bitsPerBol)), "
                    + "\"perplexity\": \(number($0.score.perplexity)), \"accuracy\": \(number($0.score.accuracy))}"
            }.joined(separator: ", ") + "]"
        }
        var out = "{\n  \"tokens\": \(rows.first?.score.count ?? 0),\n  \"mixture_exponent\": \(number(mixtureExponent)),\n"
        out += "  \"models\": \(models(rows)),\n  \"compositions\": [\n"
        out += compositions.map {
            "    {\"path\": \(JSONText.quote($0.path)), \"tokens\": \($0.rows.first?.score.count ?? 0), \"models\": \(models($0.rows))}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    private func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}

import Foundation

/// Cycles generated with one decoder model, measured against the corpus.
public struct GenerationComparison: Sendable {
    /// Whether the decoder mixed in the short-term model.
    public var shortTerm: Bool
    /// Whether the decoder avoided repeating half cycles (``GenerationRequest/repeatGuard``).
    public var repeatGuard: Bool
    /// Jensen-Shannon divergence (bits) of bol frequencies, sampled cycles vs the corpus.
    public var bolDivergence: Double
    /// The same for consecutive bol pairs.
    public var bigramDivergence: Double
    /// Share of sampled cycles repeating an earlier cycle of their piece.
    public var sampledRepeats: Double
    /// Share of argmax cycles repeating an earlier cycle of their piece.
    public var argmaxRepeats: Double
    /// Distinct 4-bol runs over all 4-bol runs of the argmax pieces.
    public var argmaxDistinct: Double
    /// Share of sampled cycles copying a training cycle.
    public var copiedShare: Double
}

/// JSON string quoting, for reports written by hand.
enum JSONText {
    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
