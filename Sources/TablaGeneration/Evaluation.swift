import TablaML
import TablaNotation

/// Per-bol scores of a model on compositions: boundaries are never scored (the grid
/// places them), so the LSTM's distribution is renormalised over the other tokens.
public enum Evaluation {
    /// Mean cross-entropy in nats per bol, next-bol accuracy and the number of bols scored.
    public struct Score: Sendable, Equatable {
        public var crossEntropy: Double
        public var accuracy: Double
        public var count: Int
        /// exp(cross-entropy).
        public var perplexity: Double { Foundation.exp(crossEntropy) }
    }

    /// Scores the LSTM, carrying state through each composition (one step per token).
    ///
    /// A step the engine rejects (a model whose features or vocabulary do not fit the
    /// stream) is an error, not a skipped token: skipping would bias the score.
    public static func score(network: LSTMModel, entries: [Corpus.Entry]) throws(TablaMLError) -> Score {
        let inference = InferenceState(model: network, batchSize: 1)
        var total = 0.0, correct = 0, count = 0
        var features = [Float](repeating: 0, count: SlotFeatures.count)
        for entry in entries {
            inference.reset()
            let s = entry.stream
            for j in 0..<(s.count - 1) {
                for k in features.indices { features[k] = 0 }
                SlotFeatures.write(s.slots[j + 1], into: &features, at: 0)
                let logits = try inference.step(token: s.tokens[j], features: features)
                let target = Int(s.tokens[j + 1])
                if target == Int(TokenVocabulary.boundary) { continue }
                let p = probabilitiesWithoutBoundary(logits)
                total -= Foundation.log(max(Double(p[target]), 1e-12))
                if Sampler.argmax(p) == target { correct += 1 }
                count += 1
            }
        }
        return Score(crossEntropy: total / Double(max(1, count)), accuracy: Double(correct) / Double(max(1, count)), count: count)
    }

    /// Softmax of logits with the boundary token removed (probability 0).
    public static func probabilitiesWithoutBoundary(_ logits: [Float]) -> [Float] {
        var masked = logits
        masked[Int(TokenVocabulary.boundary)] = -.infinity
        return Sampler.softmax(masked)
    }

    /// Scores an n-gram model (or any history -> probability function) on the same targets.
    public static func score(entries: [Corpus.Entry], order: Int,
                             probability: (Int32, ArraySlice<Int32>) -> Double, vocabularySize: Int) -> Score {
        var total = 0.0, correct = 0, count = 0
        for entry in entries {
            let padded = [Int32](repeating: TokenVocabulary.boundary, count: max(0, order - 1)) + entry.stream.tokens
            for t in max(0, order - 1)..<padded.count where padded[t] != TokenVocabulary.boundary {
                let history = padded[..<t]
                total -= Foundation.log(max(probability(padded[t], history), 1e-12))
                var best = Int32(1), bestP = -1.0
                for token in 1..<Int32(vocabularySize) {
                    let p = probability(token, history)
                    if p > bestP { bestP = p; best = token }
                }
                if best == padded[t] { correct += 1 }
                count += 1
            }
        }
        return Score(crossEntropy: total / Double(max(1, count)), accuracy: Double(correct) / Double(max(1, count)), count: count)
    }
}

import Foundation
