import Foundation
import Testing
@testable import TablaML

struct InferenceStateTests {
    static let config = LSTMConfig(
        vocabularySize: 7, embeddingSize: 4, hiddenSize: 12, layerCount: 2, dropout: 0.3, featureCount: 2)

    /// With `packed`, batch-1 steps split their gate products between the thread pair on
    /// the engine's matrix-vector kernel (where the CPU runs it); otherwise OpenBLAS's.
    @Test("Stepping with carried state equals the full-sequence forward pass", arguments: [1, 3], [false, true])
    func steppingMatchesFullForward(batchSize: Int, packed: Bool) throws {
        var rng = SplitMix64(seed: 21)
        let model = try LSTMModel(config: Self.config, rng: &rng)
        model.packedKernelUse = packed ? .recurrentSteps : .none
        #expect((model.generationPair() != nil) == (packed && PackedProduct.isAvailable))
        let steps = 9
        let batch = Fixture.batch(config: Self.config, batchSize: batchSize, steps: steps, seed: 2)
        let initial = Fixture.randomState(model, batchSize: batchSize, seed: 6)
        var fullState = initial
        let full = try model.logits(batch, state: &fullState)

        let gen = InferenceState(model: model, batchSize: batchSize)
        gen.pairMinimumProduct = 0  // this tiny model's products too
        gen.state = initial
        let v = Self.config.vocabularySize, f = Self.config.featureCount
        var worst: Float = 0
        for t in 0..<steps {
            let tokens = (0..<batchSize).map { batch.tokens[$0 * steps + t] }
            let features = (0..<batchSize).flatMap { b in
                (0..<f).map { batch.features![(b * steps + t) * f + $0] }
            }
            let logits = try gen.step(tokens: tokens, features: features)
            for b in 0..<batchSize {
                for k in 0..<v {
                    worst = max(worst, abs(logits[b * v + k] - full.scalars[(b * steps + t) * v + k]))
                }
            }
        }
        // Only summation order differs (packed [x; h] product vs two products).
        #expect(worst < 1e-5, "largest logit difference \(worst)")
        let final = gen.state
        for i in final.hidden.indices {
            #expect(abs(final.hidden[i] - fullState.hidden[i]) < 1e-5)
            #expect(abs(final.cell[i] - fullState.cell[i]) < 1e-5)
        }
    }

    @Test("Two half batches with carried state equal one whole batch")
    func carriedStateSplitsSequences() throws {
        var rng = SplitMix64(seed: 5)
        let model = try LSTMModel(config: Self.config, rng: &rng)
        let whole = Fixture.batch(config: Self.config, batchSize: 2, steps: 8, seed: 3)
        func half(_ part: Int) -> TrainingBatch {
            let f = Self.config.featureCount
            var tokens: [Int32] = [], targets: [Int32] = [], features: [Float] = []
            for b in 0..<2 {
                for t in (part * 4)..<(part * 4 + 4) {
                    tokens.append(whole.tokens[b * 8 + t])
                    targets.append(whole.targets[b * 8 + t])
                    features += whole.features![((b * 8 + t) * f)..<((b * 8 + t + 1) * f)]
                }
            }
            return TrainingBatch(batchSize: 2, steps: 4, tokens: tokens, targets: targets, features: features)
        }
        var s1 = model.makeState(batchSize: 2)
        let all = try model.evaluate(whole, state: &s1)
        var s2 = model.makeState(batchSize: 2)
        let a = try model.evaluate(half(0), state: &s2)
        let b = try model.evaluate(half(1), state: &s2)
        #expect(abs((a + b) / 2 - all) < 1e-5)
        #expect(s1 == s2)
    }

    @Test("Sampling follows the temperature; zero temperature is argmax")
    func sampling() {
        var rng = SplitMix64(seed: 9)
        let logits: [Float] = [0, 2, 1]
        #expect(Sampler.sample(logits: logits, temperature: 0, rng: &rng) == 1)
        var counts = [0, 0, 0]
        for _ in 0..<20_000 {
            counts[Sampler.sample(logits: logits, temperature: 1, rng: &rng)] += 1
        }
        let p = Sampler.softmax(logits)
        for k in 0..<3 {
            #expect(abs(Float(counts[k]) / 20_000 - p[k]) < 0.015)
        }
    }

    @Test("Wrong token or feature counts are rejected; resetting one stream leaves the others")
    func validatesAndResets() throws {
        var rng = SplitMix64(seed: 2)
        let model = try LSTMModel(config: Self.config, rng: &rng)
        let gen = InferenceState(model: model, batchSize: 2)
        #expect(throws: TablaMLError.self) { try gen.step(tokens: [1], features: [0, 0, 0, 0]) }
        #expect(throws: TablaMLError.self) { try gen.step(tokens: [1, 2], features: [0, 0]) }
        #expect(throws: TablaMLError.self) { try gen.step(tokens: [1, 7], features: [0, 0, 0, 0]) }
        _ = try gen.step(tokens: [1, 2], features: [0.5, -0.5, 0.25, 1])
        var state = gen.state
        let before = state
        state.reset(stream: 0)
        let h = Self.config.hiddenSize
        for layer in 0..<Self.config.layerCount {
            let s0 = (layer * 2) * h, s1 = (layer * 2 + 1) * h
            #expect(state.hidden[s0..<(s0 + h)].allSatisfy { $0 == 0 })
            #expect(state.cell[s0..<(s0 + h)].allSatisfy { $0 == 0 })
            #expect(state.hidden[s1..<(s1 + h)] == before.hidden[s1..<(s1 + h)])
            #expect(before.hidden[s1..<(s1 + h)].contains { $0 != 0 })
        }
        gen.reset()
        #expect(gen.state == model.makeState(batchSize: 2))
    }
}
