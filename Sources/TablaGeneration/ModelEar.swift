import Foundation
import TablaML
import TablaNotation

/// The LSTM as the ear of the form-aware generators: it fills slots under rules and
/// scores candidate passages, always told where in the taal and in the form each slot is.
///
/// ```swift
/// let ear = ModelEar(model: try BolModel.load(nil))
/// let slots = Slot.layout(taal: teentaal, start: 1, matraSizes: [2, 2, 2, 2], role: .theme)
/// let scores = try ear.score(context: TokenStream(), slots: slots, candidates: [tokens1, tokens2])
/// ```
public struct ModelEar {
    /// The model.
    public let model: BolModel
    /// Whether the ear mixes the LSTM with a short-term model of the context and the
    /// passage so far (``EntropyMixture``), as free generation does. Off by default: the
    /// form generators' outputs (and docs/MODEL.md's examples) are the LSTM's.
    public var shortTerm: Bool

    /// Wraps a model.
    public init(model: BolModel, shortTerm: Bool = false) {
        self.model = model
        self.shortTerm = shortTerm
    }

    /// A short-term model that has read `context` and the boundary that follows it, or nil
    /// when the ear hears with the LSTM alone.
    func shortTermModel(_ context: TokenStream) -> ShortTermModel? {
        guard shortTerm else { return nil }
        var stm = ShortTermModel()
        for (t, s) in zip(context.tokens, context.slots) { stm.append(t, slot: s) }
        stm.append(TokenVocabulary.boundary, slot: nil)
        return stm
    }

    /// The LSTM's distribution mixed with the short-term model's.
    func mix(_ lstm: [Float], _ stm: ShortTermModel?, _ slot: Slot) -> [Float] {
        guard let stm else { return lstm }
        return stm.mixed(with: lstm, next: slot, exponent: model.info.mixtureExponent ?? EntropyMixture.defaultExponent)
    }

    /// Token count of the model's vocabulary.
    public var vocabularySize: Int { model.network.config.vocabularySize }

    /// The state after reading `context` (its boundaries and sections), ready to predict
    /// the slot that follows, and the last token read (a boundary for an empty context).
    func prime(_ context: TokenStream) throws -> (state: RecurrentState, last: Int32) {
        let inference = InferenceState(model: model.network, batchSize: 1)
        var stream = context
        // Whatever follows starts a section: a boundary is the last token read.
        stream.tokens.append(TokenVocabulary.boundary)
        stream.slots.append(nil)
        for j in 0..<(stream.count - 1) {
            _ = try inference.step(token: stream.tokens[j], features: SlotFeatures.vector(stream.slots[j + 1]))
        }
        return (inference.state, stream.tokens[stream.count - 1])
    }

    /// Fills `slots` one by one after `context`, sampling at `temperature` (argmax at or
    /// below 0.001) from the model's distribution multiplied by the slot's rule.
    ///
    /// `rules[i]`, when present and non-nil, holds one multiplier per token for slot i: 0
    /// forbids a token, so a rule with one positive entry fixes the slot. A rule that
    /// forbids every token is a programming error.
    func fill(context: TokenStream, slots: [Slot], rules: [[Float]?], temperature: Float,
                     rng: inout SplitMix64) throws -> [Int32] {
        let inference = InferenceState(model: model.network, batchSize: 1)
        let (state, last) = try prime(context)
        inference.state = state
        var token = last
        var stm = shortTermModel(context)
        var out: [Int32] = []
        out.reserveCapacity(slots.count)
        for (i, slot) in slots.enumerated() {
            let logits = try inference.step(token: token, features: SlotFeatures.vector(slot))
            var p = mix(Evaluation.probabilitiesWithoutBoundary(logits), stm, slot)
            if i < rules.count, let rule = rules[i] {
                for t in p.indices { p[t] *= rule[t] }
            }
            token = Int32(Self.choose(p, temperature: temperature, rng: &rng))
            stm?.append(token, slot: slot)
            out.append(token)
        }
        return out
    }

    /// Picks a token from unnormalised probabilities: argmax when cold, else a draw from
    /// p^(1/T).
    static func choose(_ p: [Float], temperature: Float, rng: inout SplitMix64) -> Int {
        let best = Sampler.argmax(p)
        precondition(p[best] > 0, "a slot rule forbade every token")
        if temperature <= 0.001 { return best }
        return SamplingOptions.draw(SamplingOptions(temperature: temperature).reshape(p), uniform: rng.nextUnitDouble())
    }

    /// Mean log-probability (nats per bol) of each candidate token sequence when it fills
    /// `slots` after `context`; all candidates have `slots.count` tokens. Candidates are
    /// scored side by side as parallel streams of one batch.
    public func score(context: TokenStream, slots: [Slot], candidates: [[Int32]]) throws -> [Double] {
        guard !candidates.isEmpty, !slots.isEmpty else { return candidates.map { _ in 0 } }
        precondition(candidates.allSatisfy { $0.count == slots.count }, "candidate length differs from the slots")
        let (primed, last) = try prime(context)
        let v = vocabularySize
        let h = model.network.config.hiddenSize
        let layers = model.network.config.layerCount
        let features = slots.map(SlotFeatures.vector)
        var scores = [Double](repeating: 0, count: candidates.count)
        let batchLimit = 256
        var start = 0
        while start < candidates.count {
            let rows = Array(candidates[start..<min(candidates.count, start + batchLimit)])
            let b = rows.count
            let inference = InferenceState(model: model.network, batchSize: b)
            var state = inference.state
            for layer in 0..<layers {
                for r in 0..<b {
                    for k in 0..<h {
                        state.hidden[(layer * b + r) * h + k] = primed.hidden[layer * h + k]
                        state.cell[(layer * b + r) * h + k] = primed.cell[layer * h + k]
                    }
                }
            }
            inference.state = state
            var tokens = [Int32](repeating: last, count: b)
            var stms = shortTermModel(context).map { [ShortTermModel](repeating: $0, count: b) }
            for (j, f) in features.enumerated() {
                let logits = try inference.step(tokens: tokens, features: Array([[Float]](repeating: f, count: b).joined()))
                for r in 0..<b {
                    let p = mix(Evaluation.probabilitiesWithoutBoundary(Array(logits[(r * v)..<((r + 1) * v)])), stms?[r], slots[j])
                    scores[start + r] += Foundation.log(max(Double(p[Int(rows[r][j])]), 1e-12))
                    tokens[r] = rows[r][j]
                    stms?[r].append(rows[r][j], slot: slots[j])
                }
            }
            start += b
        }
        return scores.map { $0 / Double(slots.count) }
    }

    /// Tokens as matras of `sizes[i]` pulses each (the last may be short).
    func matras(_ tokens: [Int32], sizes: [Int]) -> [Matra] {
        let vocabulary = model.vocabulary
        var out: [Matra] = []
        var k = 0
        for size in sizes where k < tokens.count {
            out.append(Matra(tokens[k..<min(tokens.count, k + size)].map { vocabulary.pulse($0) ?? .rest }))
            k += size
        }
        return out
    }

    /// A rule allowing only `tokens`.
    public func only(_ tokens: [Int32]) -> [Float] {
        var rule = [Float](repeating: 0, count: vocabularySize)
        for t in tokens { rule[Int(t)] = 1 }
        return rule
    }

    /// A rule allowing only bols that ring the bayan (Dha, Dhin, Ge...): no rest, no closed bol.
    public var openBayan: [Float] {
        weighting(0) { !$0.isBayanResonant }.enumerated().map { $0 == Int(TokenVocabulary.rest) ? 0 : $1 }
    }

    /// A rule forbidding the bols that ring the bayan: the khali character.
    public var closedOnly: [Float] { weighting(0) { $0.isBayanResonant } }

    /// A rule multiplying the rest by `weight` and nothing else.
    public func rests(_ weight: Float) -> [Float] {
        (0..<vocabularySize).map { $0 == Int(TokenVocabulary.boundary) ? 0 : $0 == Int(TokenVocabulary.rest) ? weight : 1 }
    }

    /// A rule multiplying the tokens of bols that satisfy `predicate` by `weight`.
    public func weighting(_ weight: Float, where predicate: (Bol) -> Bool) -> [Float] {
        let vocabulary = model.vocabulary
        return (0..<vocabularySize).map { t in
            guard t != Int(TokenVocabulary.boundary) else { return 0 }
            if case .bol(let b)? = vocabulary.pulse(Int32(t)), predicate(b) { return weight }
            return 1
        }
    }
}
