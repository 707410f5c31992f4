import Foundation
import Testing
@testable import TablaML

/// Weight tying, embedding dropout and variational dropout: their masks, their shapes in
/// checkpoints, and that models written before they existed load unchanged. (Their
/// gradients are checked with the others in `GradientTests`.)
struct RegularizerTests {
    static let shippedModel = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TablaGeneration/Resources/default.tablamodel")

    @Test("Embedding dropout zeroes each token type's whole row for the batch, drawn first from the seed")
    func embeddingDropoutDropsWholeRows() throws {
        let v = 6, p: Float = 0.5
        let config = LSTMConfig(vocabularySize: v, embeddingSize: 3, hiddenSize: 4, layerCount: 1,
                                embeddingDropout: p)
        var weightRNG = SplitMix64(seed: 1)
        let model = try LSTMModel(config: config, rng: &weightRNG)
        // Every type occurs in several streams and steps.
        let b = 3, t = 8
        let tokens = (0..<(b * t)).map { Int32(($0 * 5 + $0 / 4) % v) }
        let targets = tokens.map { ($0 + 1) % Int32(v) }
        let batch = TrainingBatch(batchSize: b, steps: t, tokens: tokens, targets: targets)
        for type in 0..<v { #expect(tokens.filter { $0 == Int32(type) }.count >= 3) }

        // The mask is the generator's first `v` draws, one per type: computed here alone.
        var expectedRNG = SplitMix64(seed: 9)
        let expected: [Float] = (0..<v).map { _ in expectedRNG.nextUnitFloat() >= p ? 2 : 0 }
        #expect(expected.contains(0) && expected.contains(2))

        var state = model.makeState(batchSize: b)
        var rng = SplitMix64(seed: 9)
        let loss = try model.forwardBackward(batch, state: &state, rng: &rng)
        #expect(model.lastEmbeddingDropoutMask == expected)

        // A dropped type's row fed nothing forward, so its gradient row is exactly zero;
        // a kept type's row is not.
        let g = model.flatGradients
        let e = config.embeddingSize
        for type in 0..<v {
            let row = g[(type * e)..<((type + 1) * e)]
            if expected[type] == 0 {
                #expect(row.allSatisfy { $0 == 0 }, "type \(type) was dropped")
            } else {
                #expect(row.contains { $0 != 0 }, "type \(type) was kept")
            }
        }
        // The loss is the model's with every row scaled by its type's multiplier.
        let reference = ReferenceModel(config: config)
        let params = model.flatParameters.map(Double.init)
        let want = reference.loss(parameters: params, batch: batch, initial: model.makeState(batchSize: b),
                                  embeddingMask: expected)
        #expect(abs(Double(loss) - want) < 1e-5)
        // Evaluation does not drop.
        var evalState = model.makeState(batchSize: b)
        let plain = reference.loss(parameters: params, batch: batch, initial: model.makeState(batchSize: b))
        #expect(abs(Double(try model.evaluate(batch, state: &evalState)) - plain) < 1e-5)
    }

    @Test("Variational dropout repeats one mask per stream at every step", arguments: [false, true])
    func variationalMasksAreConstantOverTime(embeddingDropout: Bool) throws {
        let b = 3, t = 5, h = 16, layers = 2, v = 7
        let p: Float = 0.25
        let config = LSTMConfig(vocabularySize: v, embeddingSize: 4, hiddenSize: h, layerCount: layers,
                                dropout: p, embeddingDropout: embeddingDropout ? 0.1 : 0,
                                variationalDropout: true)
        var weightRNG = SplitMix64(seed: 2)
        let model = try LSTMModel(config: config, rng: &weightRNG)
        let batch = Fixture.batch(config: config, batchSize: b, steps: t, seed: 4)
        var state = model.makeState(batchSize: b)
        var rng = SplitMix64(seed: 17)
        _ = try model.forwardBackward(batch, state: &state, rng: &rng)
        let masks = model.lastDropoutMasks
        #expect(masks.count == layers)

        // Independently: after the embedding mask's `v` draws (if any), layer by layer,
        // stream by stream, unit by unit, one draw each.
        var expectedRNG = SplitMix64(seed: 17)
        if embeddingDropout { for _ in 0..<v { _ = expectedRNG.nextUnitFloat() } }
        let keep = 1 / (1 - p)
        for layer in 0..<layers {
            let perStream: [Float] = (0..<(b * h)).map { _ in expectedRNG.nextUnitFloat() >= p ? keep : 0 }
            #expect(perStream.contains(0) && perStream.contains(keep))
            for step in 0..<t {
                let slice = Array(masks[layer][(step * b * h)..<((step + 1) * b * h)])
                #expect(slice == perStream, "layer \(layer), step \(step)")
            }
        }
    }

    @Test("Without the variational flag, dropout masks change from step to step")
    func ordinaryDropoutVariesOverTime() throws {
        let config = LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 16, layerCount: 1, dropout: 0.5)
        var weightRNG = SplitMix64(seed: 2)
        let model = try LSTMModel(config: config, rng: &weightRNG)
        let batch = Fixture.batch(config: config, batchSize: 2, steps: 4, seed: 4)
        var state = model.makeState(batchSize: 2)
        var rng = SplitMix64(seed: 17)
        _ = try model.forwardBackward(batch, state: &state, rng: &rng)
        let mask = model.lastDropoutMasks[0]
        #expect(Array(mask[0..<32]) != Array(mask[32..<64]))
    }

    @Test("A tied model has no dense.weight, shares the embedding, and round-trips through a checkpoint")
    func tiedCheckpoint() throws {
        let config = LSTMConfig(vocabularySize: 7, embeddingSize: 6, hiddenSize: 6, layerCount: 2, dropout: 0.1,
                                featureCount: 1, tiedEmbedding: true, embeddingDropout: 0.2, variationalDropout: true)
        var rng = SplitMix64(seed: 8)
        let model = try LSTMModel(config: config, rng: &rng)
        // 7*6 embedding + (6+1+6)*24 + 24 + (6+6)*24 + 24 + 7 output bias, worked out by hand.
        #expect(model.parameterCount == 42 + 312 + 24 + 288 + 24 + 7)
        #expect(model.parameterCount == config.checkedParameterCount())
        #expect(!model.layout.entries.contains { $0.name == "dense.weight" })

        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tablaml-\(ProcessInfo.processInfo.processIdentifier)-tied.tlstm")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: CheckpointMetadata(model: model))
        let loaded = try LSTMModel.load(from: url)
        #expect(loaded.model.config == config)
        #expect(loaded.model.flatParameters.map(\.bitPattern) == model.flatParameters.map(\.bitPattern))
        let json = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(json.contains("\"tiedEmbedding\":true"))
        #expect(json.contains("\"variationalDropout\":true"))
        #expect(json.contains("\"embeddingDropout\":0.2"))

        // Inference reads the output weight from the embedding: compare with the reference.
        let batch = Fixture.batch(config: config, batchSize: 2, steps: 3, seed: 1)
        var state = loaded.model.makeState(batchSize: 2)
        let logits = try loaded.model.logits(batch, state: &state)
        let want = ReferenceModel(config: config).logits(
            parameters: model.flatParameters.map(Double.init), batch: batch, initial: model.makeState(batchSize: 2))
        let gen = InferenceState(model: loaded.model, batchSize: 1)
        for (i, row) in want.enumerated() {
            for (k, value) in row.enumerated() {
                #expect(abs(Double(logits.scalars[i * 7 + k]) - value) < 1e-5)
            }
        }
        // Batch 1 takes the matrix-vector path: stream 0, step by step.
        for step in 0..<3 {
            let out = try gen.step(token: batch.tokens[step], features: [batch.features![step]])
            for k in 0..<7 { #expect(abs(Double(out[k]) - want[step][k]) < 1e-5) }
        }
    }

    @Test("Configurations that cannot work are refused with the reason")
    func invalidConfigurations() {
        let untied = LSTMConfig(vocabularySize: 5, embeddingSize: 4, hiddenSize: 6, layerCount: 1, tiedEmbedding: true)
        #expect {
            try untied.validate()
        } throws: { error in
            "\(error)".contains("embedding 4, hidden 6")
        }
        for bad: Float in [-0.1, 1, .nan] {
            let c = LSTMConfig(vocabularySize: 5, embeddingSize: 4, hiddenSize: 4, layerCount: 1, embeddingDropout: bad)
            #expect(throws: TablaMLError.self) { try c.validate() }
        }
    }

    @Test("A configuration without the new fields decodes to all three off, and encodes without them")
    func oldJSON() throws {
        let old = #"{"dropout":0.2,"embeddingSize":32,"featureCount":2,"hiddenSize":256,"layerCount":2,"vocabularySize":48}"#
        let config = try JSONDecoder().decode(LSTMConfig.self, from: Data(old.utf8))
        #expect(config == LSTMConfig(vocabularySize: 48, embeddingSize: 32, hiddenSize: 256, layerCount: 2,
                                     dropout: 0.2, featureCount: 2))
        #expect(!config.tiedEmbedding && config.embeddingDropout == 0 && !config.variationalDropout)
        let encoded = String(decoding: try JSONFormat.encoder().encode(config), as: UTF8.self)
        #expect(!encoded.contains("tied") && !encoded.contains("embeddingDropout") && !encoded.contains("variational"))
    }

    @Test("The shipped model loads as before: re-saved byte for byte, logits equal the reference's",
          .enabled(if: FileManager.default.fileExists(atPath: shippedModel.path), "the shipped model is not in this checkout"))
    func shippedModelUnchanged() throws {
        let checkpoint = try LSTMModel.load(from: Self.shippedModel)
        let model = checkpoint.model
        #expect(!model.config.tiedEmbedding && model.config.embeddingDropout == 0 && !model.config.variationalDropout)

        // Saving again writes the very same bytes: no new field, the same tensors.
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tablaml-\(ProcessInfo.processInfo.processIdentifier)-shipped.tlstm")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: checkpoint.metadata)
        #expect(try Data(contentsOf: url) == Data(contentsOf: Self.shippedModel))

        // Its logits are those of the plain double-precision model on its weights.
        let config = model.config
        let batch = Fixture.batch(config: config, batchSize: 2, steps: 4, seed: 3)
        var state = model.makeState(batchSize: 2)
        let logits = try model.logits(batch, state: &state)
        let want = ReferenceModel(config: config).logits(
            parameters: model.flatParameters.map(Double.init), batch: batch, initial: model.makeState(batchSize: 2))
        var worst = 0.0
        for (i, row) in want.enumerated() {
            for (k, value) in row.enumerated() {
                worst = max(worst, abs(Double(logits.scalars[i * config.vocabularySize + k]) - value))
            }
        }
        #expect(worst < 1e-4, "largest logit difference \(worst)")
    }
}
