import Foundation
import TablaML

extension Evaluation.Score {
    /// Cross-entropy in bits per bol.
    public var bitsPerBol: Double { crossEntropy / Foundation.log(2) }
}

/// Every model's distribution at every scored step of some compositions, kept so that
/// mixtures can be scored for many exponents without running the LSTM again.
public struct PredictionTrace: Sendable {
    /// The bol to predict at each step (never a boundary).
    public var targets: [Int32] = []
    /// The LSTM's distributions, renormalised without the boundary.
    public var lstm: [[Double]] = []
    /// The short-term model's, read from the composition so far, on its own (backing off
    /// to a uniform guess where the piece has shown nothing).
    public var shortTerm: [[Double]] = []
    /// The short-term model's backing off to the LSTM's distribution instead of a uniform
    /// guess: what the LSTM + short-term mixture (and generation) uses.
    public var shortTermOverLSTM: [[Double]] = []
    /// The short-term model's backing off to the Kneser-Ney baseline's distribution.
    public var shortTermOverKneserNey: [[Double]] = []
    /// The Kneser-Ney long-term baseline's, when one was given.
    public var kneserNey: [[Double]] = []
    /// The steps of each composition, in the order given.
    public var ranges: [Range<Int>] = []

    /// The steps of `range` alone.
    public func slice(_ range: Range<Int>) -> PredictionTrace {
        var t = PredictionTrace()
        t.targets = Array(targets[range])
        if !lstm.isEmpty { t.lstm = Array(lstm[range]) }
        t.shortTerm = Array(shortTerm[range])
        if !shortTermOverLSTM.isEmpty { t.shortTermOverLSTM = Array(shortTermOverLSTM[range]) }
        if !kneserNey.isEmpty { t.kneserNey = Array(kneserNey[range]) }
        if !shortTermOverKneserNey.isEmpty { t.shortTermOverKneserNey = Array(shortTermOverKneserNey[range]) }
        t.ranges = [0..<range.count]
        return t
    }

    /// Runs the LSTM (state carried through each composition), a fresh short-term model
    /// per composition and, if given, a Kneser-Ney model over `entries`, on the same
    /// targets as ``Evaluation/score(network:entries:)``.
    public static func make(network: LSTMModel?, entries: [Corpus.Entry], shortTerm: ShortTermModel = ShortTermModel(),
                            kneserNey: KneserNey? = nil) throws(TablaMLError) -> PredictionTrace {
        var trace = PredictionTrace()
        let inference = network.map { InferenceState(model: $0, batchSize: 1) }
        var features = [Float](repeating: 0, count: SlotFeatures.count)
        var stm = shortTerm
        for entry in entries {
            inference?.reset()
            stm.reset()
            let s = entry.stream
            let first = trace.targets.count
            defer { trace.ranges.append(first..<trace.targets.count) }
            guard s.count > 0 else { continue }
            let pad = max(0, (kneserNey?.order ?? 1) - 1)
            let padded = [Int32](repeating: TokenVocabulary.boundary, count: pad) + s.tokens
            stm.append(s.tokens[0], slot: s.slots[0])
            for j in 0..<(s.count - 1) {
                let target = s.tokens[j + 1]
                var lstmP: [Double]? = nil
                if let inference {
                    for k in features.indices { features[k] = 0 }
                    SlotFeatures.write(s.slots[j + 1], into: &features, at: 0)
                    let logits = try inference.step(token: s.tokens[j], features: features)
                    if target != TokenVocabulary.boundary {
                        lstmP = Evaluation.probabilitiesWithoutBoundary(logits).map(Double.init)
                    }
                }
                if target != TokenVocabulary.boundary {
                    trace.targets.append(target)
                    if let lstmP { trace.lstm.append(lstmP) }
                    trace.shortTerm.append(stm.distribution(next: s.slots[j + 1]))
                    if let lstmP { trace.shortTermOverLSTM.append(stm.distribution(next: s.slots[j + 1], floor: lstmP)) }
                    if let kn = kneserNey {
                        let history = padded[..<(j + 1 + pad)]
                        let knP = (0..<stm.vocabularySize).map {
                            $0 == Int(TokenVocabulary.boundary) ? 0 : kn.probability(of: Int32($0), after: history)
                        }
                        trace.kneserNey.append(knP)
                        trace.shortTermOverKneserNey.append(stm.distribution(next: s.slots[j + 1], floor: knP))
                    }
                }
                stm.append(target, slot: s.slots[j + 1])
            }
        }
        return trace
    }

    /// The score of per-step distributions on the targets.
    public func score(_ distributions: [[Double]]) -> Evaluation.Score {
        score { distributions[$0] }
    }

    /// The score of per-step distributions made by `distribution(step)`.
    public func score(_ distribution: (Int) -> [Double]) -> Evaluation.Score {
        var total = 0.0, correct = 0
        for (i, target) in targets.enumerated() {
            let p = distribution(i)
            total -= Foundation.log(max(p[Int(target)], 1e-12))
            var best = 1
            for t in 1..<p.count where p[t] > p[best] { best = t }
            if best == Int(target) { correct += 1 }
        }
        let n = targets.count
        return Evaluation.Score(crossEntropy: total / Double(max(1, n)), accuracy: Double(correct) / Double(max(1, n)), count: n)
    }

    /// The score of the entropy-weighted mixture of a long-term model's distributions
    /// and the short-term model's (pass the short-term model backed off to that long-term
    /// model: ``shortTermOverLSTM`` or ``shortTermOverKneserNey``).
    public func mixtureScore(longTerm: [[Double]], shortTerm: [[Double]], exponent: Double) -> Evaluation.Score {
        score { EntropyMixture.combine([longTerm[$0], shortTerm[$0]], exponent: exponent) }
    }

    /// The exponent of ``EntropyMixture/candidateExponents`` whose mixture of `longTerm`
    /// and `shortTerm` has the lowest cross-entropy here, with that score.
    public func bestExponent(longTerm: [[Double]], shortTerm: [[Double]]) -> (exponent: Double, score: Evaluation.Score) {
        var best: (exponent: Double, score: Evaluation.Score)?
        for b in EntropyMixture.candidateExponents {
            let s = mixtureScore(longTerm: longTerm, shortTerm: shortTerm, exponent: b)
            if best == nil || s.crossEntropy < best!.score.crossEntropy { best = (b, s) }
        }
        return best!
    }
}
