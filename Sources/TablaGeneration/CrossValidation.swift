import Foundation
import TablaSupport

/// `tabla train --folds K`: the compositions split into K folds; for each, a model is
/// trained on the others (early-stopped on a share of them) and the fold is scored with
/// every model and baseline of `tabla eval`, so defaults can be chosen on all the corpus
/// rather than on one split.
public struct CrossValidation: Sendable {
    /// One fold's scores.
    public struct Fold: Sendable {
        /// Compositions scored (held out from this fold's training).
        public var compositions: [String]
        /// The rows of ``EvaluationReport``, in its order.
        public var rows: [EvaluationReport.Row]
        /// The kept epoch of this fold's model.
        public var bestEpoch: Int
    }
    /// The folds, in order.
    public var folds: [Fold]

    /// Pooled over the folds (every composition scored once): each model's score over all bols.
    public var pooled: [EvaluationReport.Row] {
        guard let first = folds.first else { return [] }
        return first.rows.indices.map { i in
            var total = 0.0, correct = 0.0, count = 0
            for f in folds {
                let s = f.rows[i].score
                total += s.crossEntropy * Double(s.count)
                correct += s.accuracy * Double(s.count)
                count += s.count
            }
            let n = Double(max(1, count))
            return EvaluationReport.Row(name: first.rows[i].name, key: first.rows[i].key,
                                        score: Evaluation.Score(crossEntropy: total / n, accuracy: correct / n, count: count))
        }
    }

    /// Splits `corpus` (seeded by `options.seed`) into `k` folds and trains and scores each,
    /// writing the fold models in `directory` (the caller removes it).
    public static func run(corpus: Corpus, options: TrainingOptions, folds k: Int, directory: URL, threads: Int = 2,
                           command: String, progress: (Int, EpochReport) -> Void) throws -> CrossValidation {
        var rng = SplitMix64(seed: options.seed ^ 0x5EED_5917)
        var shuffled = corpus.entries
        shuffled.shuffle(using: &rng)
        guard k >= 2, shuffled.count >= k + (options.validationShare > 0 ? k : 0) else {
            throw CorpusError.tooFewCompositions(found: shuffled.count)
        }
        var folds: [Fold] = []
        for i in 0..<k {
            let held = shuffled.enumerated().filter { $0.offset % k == i }.map(\.element)
            let rest = shuffled.enumerated().filter { $0.offset % k != i }.map(\.element)
            let validationCount = options.validationShare > 0
                ? min(rest.count - 1, max(1, Int((Double(rest.count) * options.validationShare).rounded()))) : 0
            let trainer = BolTrainer(corpus: corpus, options: options, train: Array(rest[validationCount...]),
                                     validation: Array(rest[..<validationCount]), test: held)
            let output = directory.appendingPathComponent("fold-\(i + 1).tablamodel")
            let (model, _) = try trainer.run(command: command, output: output, threads: threads) { progress(i + 1, $0) }
            let exponent = model.info.mixtureExponent ?? EntropyMixture.defaultExponent
            let (rows, _) = try EvaluationReport.scores(model: model, heldOut: held, training: trainer.train, exponent: exponent)
            folds.append(Fold(compositions: held.map(\.path), rows: rows, bestEpoch: model.info.bestEpoch))
        }
        return CrossValidation(folds: folds)
    }

    /// The pooled table and the bits per bol of every fold.
    public var markdown: String {
        var out = "Cross-validation: \(folds.count) folds, every composition scored once by a model that never saw it.\n\n"
        out += "| model | bits/bol | cross-entropy (nats/bol) | perplexity | next-bol accuracy |"
            + folds.indices.map { " fold \($0 + 1) |" }.joined() + "\n"
        out += "|---|---|---|---|---|" + String(repeating: "---|", count: folds.count) + "\n"
        for (i, r) in pooled.enumerated() {
            out += "| \(r.name) | \(f(r.score.bitsPerBol, 3)) | \(f(r.score.crossEntropy, 3)) | \(f(r.score.perplexity, 2)) | "
                + "\(f(100 * r.score.accuracy, 1))% |" + folds.map { " \(f($0.rows[i].score.bitsPerBol, 3)) |" }.joined() + "\n"
        }
        out += "\nBols per fold: " + folds.map { "\($0.rows.first?.score.count ?? 0)" }.joined(separator: ", ")
            + "; kept epochs: " + folds.map { "\($0.bestEpoch)" }.joined(separator: ", ") + ".\n"
        return out
    }

    private func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
