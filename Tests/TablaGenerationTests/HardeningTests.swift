import Foundation
import Testing
import TablaML
@testable import TablaGeneration

/// Issue 13: training runs that once lost a good model or reported another run's figures.
@Suite("Hardening: training")
struct TrainingHardeningTests {
    static func options(seed: UInt64, learningRate: Float = 3e-3) -> TrainingOptions {
        var o = TrainingOptions()
        o.hidden = 8
        o.embedding = 4
        o.layers = 1
        o.batchSize = 2
        o.steps = 8
        o.epochs = 1
        o.patience = 1
        o.seed = seed
        o.learningRate = learningRate
        return o
    }

    static func corpus() throws -> Corpus {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (i, body) in ["Dha Dhin Dhin Dha | Ta Tin Tin Ta ||", "DhaGe TinNa KeNa TinNa | TaKe TinNa KeNa DhinNa ||",
                          "Dha - Dhin - | Ta - Tin - ||", "TiRaKiTa Dha - Dha | TiRaKiTa Ta - Ta ||",
                          "DhaTi DhaGe DhiNa GeNa | TaTi TaKe TiNa KeNa ||"].enumerated() {
            try ("taal: keherwa\n" + String(repeating: body + "\n", count: 6))
                .write(to: dir.appendingPathComponent("p\(i).bol"), atomically: true, encoding: .utf8)
        }
        return try Corpus(folder: dir)
    }

    @Test("a seed above 2^53 is stored exactly and the model loads back", arguments: [UInt64.max, (1 << 53) + 1] as [UInt64])
    func bigSeed(seed: UInt64) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-hard-\(UUID().uuidString).tablamodel")
        defer { try? FileManager.default.removeItem(at: output) }
        let (model, _) = try BolTrainer(corpus: try Self.corpus(), options: Self.options(seed: seed)).run(command: "test", output: output) { _ in }
        #expect(model.info.seed == seed)
        #expect(try BolModel.load(from: output).info.seed == seed)
    }

    @Test("a run with no finite validation loss throws and leaves the old file as it was", arguments: [Float.nan, .infinity])
    func diverged(learningRate: Float) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-hard-\(UUID().uuidString).tablamodel")
        defer { try? FileManager.default.removeItem(at: output) }
        let old = Data("the previous model".utf8)
        try old.write(to: output)
        let trainer = try BolTrainer(corpus: try Self.corpus(), options: Self.options(seed: 1, learningRate: learningRate))
        #expect(throws: TrainingError.diverged(path: output.path, epochs: 1)) { try trainer.run(command: "test", output: output) { _ in } }
        #expect(try Data(contentsOf: output) == old)
        let folder = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        #expect(!folder.contains { $0.hasPrefix("." + output.lastPathComponent) })
    }
}
