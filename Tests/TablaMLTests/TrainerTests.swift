import Foundation
import Testing
@testable import TablaML

struct TrainerTests {
    /// A corpus whose next token depends on more than the current one (after 0 comes 1
    /// or 3 depending on what preceded it), so the LSTM must use its memory.
    static let corpus: [Int32] = [0, 1, 2, 0, 3, 4, 5, 1, 0, 3, 2, 5, 4, 0, 1, 5, 3, 2, 4, 1]

    @Test("A tiny model overfits a tiny corpus")
    func overfitsTinyCorpus() throws {
        var rng = SplitMix64(seed: 1)
        let model = try LSTMModel(
            config: LSTMConfig(vocabularySize: 6, embeddingSize: 8, hiddenSize: 24, layerCount: 1), rng: &rng)
        let trainer = Trainer(model: model, learningRate: 0.02, clipNorm: 5, carriesState: false, seed: 2)
        let c = Self.corpus
        let batch = TrainingBatch(
            batchSize: 1, steps: c.count - 1, tokens: Array(c.dropLast()), targets: Array(c.dropFirst()))
        var loss: Float = .infinity
        for _ in 0..<300 {
            loss = try trainer.step(batch).loss
        }
        #expect(loss < 0.02, "final loss \(loss)")
        var state = model.makeState(batchSize: 1)
        let logits = try model.logits(batch, state: &state)
        let v = 6
        let predicted = (0..<(c.count - 1)).map { t in
            Int32(Sampler.argmax(Array(logits.scalars[(t * v)..<((t + 1) * v)])))
        }
        #expect(predicted == Array(c.dropFirst()))
    }

    @Test("Loss falls with a two-layer model, dropout, features and masks")
    func lossFallsWithEverythingOn() throws {
        var rng = SplitMix64(seed: 3)
        let config = LSTMConfig(
            vocabularySize: 6, embeddingSize: 4, hiddenSize: 16, layerCount: 2, dropout: 0.1, featureCount: 1)
        let model = try LSTMModel(config: config, rng: &rng)
        let tokens = (0..<400).map { Self.corpus[$0 % Self.corpus.count] }
        let features = (0..<400).map { Float($0 % Self.corpus.count) / 20 }
        let mask = (0..<400).map { $0 % 7 == 0 ? Float(0) : 1 }
        let batcher = try SequenceBatcher(
            tokens: tokens, features: features, featureCount: 1, mask: mask, batchSize: 4, steps: 10)
        let trainer = Trainer(model: model, learningRate: 0.01, seed: 4)
        var first: Float = 0, last: Float = 0
        for epoch in 0..<15 {
            trainer.resetState()
            let offset = batcher.randomOffset(using: &rng)
            for i in 0..<batcher.batchCount(offset: offset) {
                let loss = try trainer.step(batcher.batch(i, offset: offset)).loss
                if epoch == 0 && i == 0 { first = loss }
                last = loss
            }
        }
        #expect(first > 1.5)
        #expect(last < 0.6 * first, "loss went from \(first) to \(last)")
    }

    func trainedRun(seed: UInt64) throws -> (params: [Float], losses: [Float]) {
        var rng = SplitMix64(seed: seed)
        let config = LSTMConfig(
            vocabularySize: 6, embeddingSize: 4, hiddenSize: 12, layerCount: 2, dropout: 0.2, featureCount: 0)
        let model = try LSTMModel(config: config, rng: &rng)
        let tokens = (0..<200).map { Self.corpus[$0 % Self.corpus.count] }
        let batcher = try SequenceBatcher(tokens: tokens, batchSize: 3, steps: 8)
        let trainer = Trainer(model: model, learningRate: 0.01, seed: seed &+ 1)
        var losses: [Float] = []
        let offset = batcher.randomOffset(using: &rng)
        for i in 0..<batcher.batchCount(offset: offset) {
            losses.append(try trainer.step(batcher.batch(i, offset: offset)).loss)
        }
        return (model.flatParameters, losses)
    }

    @Test("The same seed gives bit-identical weights and losses; another seed does not")
    func seedsReproduce() throws {
        let a = try trainedRun(seed: 42)
        let b = try trainedRun(seed: 42)
        let c = try trainedRun(seed: 43)
        #expect(a.params.map(\.bitPattern) == b.params.map(\.bitPattern))
        #expect(a.losses.map(\.bitPattern) == b.losses.map(\.bitPattern))
        #expect(a.params != c.params)
    }

    @Test("Clipping bounds the update and the schedule sets the learning rate")
    func clippingAndSchedule() throws {
        var rng = SplitMix64(seed: 8)
        let config = LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 4, layerCount: 1)
        let model = try LSTMModel(config: config, rng: &rng)
        let batch = Fixture.batch(config: config, batchSize: 2, steps: 5, seed: 1)
        let trainer = Trainer(model: model, learningRate: 1, clipNorm: 1e-3, seed: 1)
        trainer.learningRateSchedule = { step in 0.5 / Float(step + 1) }
        let result = try trainer.step(batch)
        #expect(result.learningRate == 0.5)
        #expect(result.gradientNorm > 1e-3)
        let second = try trainer.step(batch)
        #expect(second.learningRate == 0.25)
        #expect(trainer.summary().steps == 2)
        #expect(trainer.summary().tokens == 20)
    }

    @Test("Batches continue each stream where the previous batch stopped")
    func batcherContinuesStreams() throws {
        let tokens = (0..<101).map { Int32($0 % 50) }
        let batcher = try SequenceBatcher(tokens: tokens, batchSize: 2, steps: 5)
        let first = batcher.batch(0, offset: 3)
        let second = batcher.batch(1, offset: 3)
        for b in 0..<2 {
            #expect(second.tokens[b * 5] == first.targets[b * 5 + 4])
            for t in 0..<5 {
                #expect(first.targets[b * 5 + t] == (first.tokens[b * 5 + t] + 1) % 50)
            }
        }
        #expect(batcher.batchCount(offset: 0) == 10)
        #expect(batcher.batchCount(offset: 3) == 9)
    }

    @Test("Malformed batches are rejected with the reason")
    func rejectsBadBatches() throws {
        var rng = SplitMix64(seed: 1)
        let model = try LSTMModel(
            config: LSTMConfig(vocabularySize: 4, embeddingSize: 2, hiddenSize: 3, layerCount: 1, featureCount: 1),
            rng: &rng)
        var state = model.makeState(batchSize: 1)
        let bad = TrainingBatch(batchSize: 1, steps: 2, tokens: [0, 9], targets: [1, 2], features: [0, 0])
        #expect(throws: TablaMLError.invalidBatch("token id 9 is outside the vocabulary 0..<4")) {
            try model.evaluate(bad, state: &state)
        }
        let noFeatures = TrainingBatch(batchSize: 1, steps: 2, tokens: [0, 1], targets: [1, 2])
        #expect(throws: TablaMLError.self) { try model.evaluate(noFeatures, state: &state) }
        #expect(throws: TablaMLError.self) {
            try LSTMModel(config: LSTMConfig(vocabularySize: 4, embeddingSize: 2, hiddenSize: 0, layerCount: 1), rng: &rng)
        }
    }
}

@Test("A non-finite gradient leaves the weights untouched")
func nonFiniteGradientSkipsUpdate() throws {
    var rng = SplitMix64(seed: 8)
    let config = LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 4, layerCount: 1, featureCount: 1)
    let model = try LSTMModel(config: config, rng: &rng)
    var batch = Fixture.batch(config: config, batchSize: 1, steps: 3, seed: 1)
    batch.features![1] = .nan
    let before = model.flatParameters
    let trainer = Trainer(model: model, seed: 1)
    let result = try trainer.step(batch)
    #expect(!result.gradientNorm.isFinite)
    #expect(model.flatParameters.map(\.bitPattern) == before.map(\.bitPattern))
}
