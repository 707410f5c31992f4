import Foundation
import Testing
import TablaML
import TablaNotation
@testable import TablaGeneration

@Suite("Training a small model")
struct TrainingTests {
    /// A folder of a few tiny compositions, and one broken file that must be skipped.
    func makeCorpus() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pieces = [
            "DhaGe TinNa KeNa TinNa | TaKe TinNa KeNa DhinNa ||",
            "Dha Dhin Dhin Dha | Ta Tin Tin Ta ||",
            "DhaTi DhaGe DhiNa GeNa | TaTi TaKe TiNa KeNa ||",
            "TiRaKiTa Dha - Dha | TiRaKiTa Ta - Ta ||",
            "Dha - Dhin - | Ta - Tin - ||",
        ]
        for (i, body) in pieces.enumerated() {
            let text = "taal: keherwa\nsource: test\n" + String(repeating: body + "\n", count: 6)
            try text.write(to: dir.appendingPathComponent("p\(i).bol"), atomically: true, encoding: .utf8)
        }
        try "taal: keherwa\nDha Dhinn\n".write(to: dir.appendingPathComponent("broken.bol"), atomically: true, encoding: .utf8)
        return dir
    }

    /// One small layer, short batches, no early stop before `epochs`.
    func tiny(hidden: Int, epochs: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.hidden = hidden
        options.embedding = hidden / 2
        options.layers = 1
        options.batchSize = 2
        options.steps = 8
        options.epochs = epochs
        options.patience = epochs
        return options
    }

    @Test func trainsSavesTheBestAndWritesCurves() throws {
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = try Corpus(folder: dir)
        #expect(corpus.entries.count == 5)
        #expect(corpus.rejected.map(\.path) == ["broken.bol"])
        var options = tiny(hidden: 16, epochs: 30)
        options.validationShare = 0.2
        options.testShare = 0.2
        let trainer = try BolTrainer(corpus: corpus, options: options)
        #expect(trainer.train.count == 3 && trainer.validation.count == 1 && trainer.test.count == 1)
        let output = dir.appendingPathComponent("m.tablamodel")
        var seen: [EpochReport] = []
        let (model, reports) = try trainer.run(command: "test", output: output) { seen.append($0) }
        #expect(reports.count == 30 && seen.count == 30)
        // Training loss falls, and the kept epoch is the one with the lowest validation loss.
        #expect(reports.last!.trainLoss < reports.first!.trainLoss)
        let best = reports.min { $0.validationLoss < $1.validationLoss }!
        #expect(model.info.bestEpoch == best.epoch)
        #expect(abs(model.info.validationLoss - best.validationLoss) < 1e-9)
        // The saved file holds those weights: scoring it again gives the same loss.
        let again = try Evaluation.score(network: try BolModel.load(from: output).network, entries: trainer.validation)
        #expect(abs(again.crossEntropy - best.validationLoss) < 1e-6)
        #expect(Set(model.info.corpus.map(\.role)) == [.train, .validation, .test])
        #expect(model.info.mixtureExponent.map(EntropyMixture.candidateExponents.contains) == true)

        try LossCurves(reports).write(besides: output)
        let csv = try String(contentsOf: URL(fileURLWithPath: output.path + ".losses.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 31)
        let svg = try String(contentsOf: URL(fileURLWithPath: output.path + ".losses.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))
    }

    @Test func everySplitGetsACompositionWhateverTheShares() throws {
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = tiny(hidden: 8, epochs: 1)
        options.testShare = 0.85
        options.validationShare = 0.01
        let trainer = try BolTrainer(corpus: try Corpus(folder: dir), options: options)
        #expect(trainer.test.count == 3 && trainer.validation.count == 1 && trainer.train.count == 1)
    }

    @Test func noTestAndNoValidationTrainEveryCompositionForTheFixedEpochs() throws {
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = tiny(hidden: 8, epochs: 4)
        options.testShare = 0
        let held = try BolTrainer(corpus: try Corpus(folder: dir), options: options)
        #expect(held.test.isEmpty && held.validation.count == 1 && held.train.count == 4)
        options.validationShare = 0
        let trainer = try BolTrainer(corpus: try Corpus(folder: dir), options: options)
        #expect(trainer.test.isEmpty && trainer.validation.isEmpty && trainer.train.count == 5)
        let output = dir.appendingPathComponent("all.tablamodel")
        let (model, reports) = try trainer.run(command: "t", output: output) { _ in }
        // No early stopping: all 4 epochs run and the last is kept, with no exponent chosen.
        #expect(reports.count == 4 && model.info.bestEpoch == 4)
        #expect(model.info.mixtureExponent == nil)
        #expect(Set(model.info.corpus.map(\.role)) == [.train])
        try LossCurves(reports).write(besides: output)
        let svg = try String(contentsOf: URL(fileURLWithPath: output.path + ".losses.svg"), encoding: .utf8)
        #expect(!svg.contains("nan"))
    }

    @Test func tooFewTokensForTheStepsIsAClearError() throws {
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = tiny(hidden: 8, epochs: 1)
        options.steps = 500
        let trainer = try BolTrainer(corpus: try Corpus(folder: dir), options: options)
        #expect {
            _ = try trainer.run(command: "t", output: dir.appendingPathComponent("m.tablamodel")) { _ in }
        } throws: { error in
            guard case CorpusError.tooFewTokens(let compositions, let tokens, 500) = error else { return false }
            // 5 files less one for validation and one for test; their tokens as the split counts them.
            return compositions == 3 && tokens == trainer.train.reduce(0) { $0 + $1.stream.count }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.tablamodel").path))
    }

    @Test func scoringWithAModelThatDoesNotFitTheStreamIsAnError() throws {
        // A network built for 3 features, where every step carries SlotFeatures.count:
        // each step is refused, and the score must say so rather than skip the tokens.
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = try Corpus(folder: dir)
        var rng = SplitMix64(seed: 1)
        let config = LSTMConfig(vocabularySize: TokenVocabulary.standard.count, embeddingSize: 4, hiddenSize: 4, layerCount: 1,
                                featureCount: 3)
        let network = try LSTMModel(config: config, rng: &rng)
        #expect {
            _ = try Evaluation.score(network: network, entries: corpus.entries)
        } throws: { error in
            guard case TablaMLError.invalidBatch = error else { return false }
            return true
        }
    }

    @Test func sameSeedSameModel() throws {
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = tiny(hidden: 8, epochs: 3)
        let corpus = try Corpus(folder: dir)
        let a = try BolTrainer(corpus: corpus, options: options).run(command: "a", output: dir.appendingPathComponent("a.tablamodel")) { _ in }
        let b = try BolTrainer(corpus: corpus, options: options).run(command: "a", output: dir.appendingPathComponent("b.tablamodel")) { _ in }
        #expect(a.0.network.flatParameters == b.0.network.flatParameters)
        #expect(a.1.map(\.trainLoss) == b.1.map(\.trainLoss))
    }

    @Test func aCheckpointForAnotherVocabularyIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = TablaML.SplitMix64(seed: 1)
        let config = LSTMConfig(vocabularySize: TokenVocabulary.standard.count, embeddingSize: 4, hiddenSize: 4, layerCount: 1,
                                featureCount: SlotFeatures.count)
        var names = TokenVocabulary.standard.names
        names[5] = "Xyz"
        let info = ModelInfo(vocabulary: names, features: SlotFeatures.names, corpus: [], command: "", seed: 1, bestEpoch: 1,
                             validationLoss: 0, validationAccuracy: 0, trainingTokens: 0)
        let url = dir.appendingPathComponent("odd.tablamodel")
        try BolModel(network: try LSTMModel(config: config, rng: &rng), info: info).save(to: url)
        #expect {
            _ = try BolModel.load(from: url)
        } throws: { error in
            "\(error)".contains("bol vocabulary differs")
        }
    }
}
