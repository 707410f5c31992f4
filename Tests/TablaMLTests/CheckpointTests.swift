import Foundation
import Testing
@testable import TablaML

struct CheckpointTests {
    struct Spec: Codable, Equatable {
        var taal: String
        var matras: Int
    }

    static func tempURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("tablaml-\(ProcessInfo.processInfo.processIdentifier)-\(name).tlstm")
    }

    static func savedModel(_ name: String) throws -> (LSTMModel, URL, CheckpointMetadata) {
        var rng = SplitMix64(seed: 77)
        let config = LSTMConfig(
            vocabularySize: 5, embeddingSize: 3, hiddenSize: 6, layerCount: 2, dropout: 0.2, featureCount: 2)
        let model = try LSTMModel(config: config, rng: &rng)
        let meta = CheckpointMetadata(
            model: model, vocabulary: ["Dha", "Dhin", "Na", "Ta", "Tin"], featureNames: ["matra.sin", "matra.cos"],
            training: TrainingSummary(
                steps: 10, tokens: 640, lastLoss: 1.25, learningRate: 1e-3, clipNorm: 5, batchSize: 8,
                sequenceLength: 8, seed: 3, seconds: 0.5),
            user: try JSONValue(encoding: Spec(taal: "teentaal", matras: 16)))
        let url = tempURL(name)
        try model.save(to: url, metadata: meta)
        return (model, url, meta)
    }

    @Test("Save and load round-trip bit-exactly, metadata included")
    func roundTrip() throws {
        let (model, url, meta) = try Self.savedModel("roundtrip")
        defer { try? FileManager.default.removeItem(at: url) }
        let loaded = try LSTMModel.load(from: url)
        #expect(loaded.model.config == model.config)
        #expect(loaded.model.flatParameters.map(\.bitPattern) == model.flatParameters.map(\.bitPattern))
        #expect(loaded.metadata == meta)
        #expect(try loaded.metadata.user(as: Spec.self) == Spec(taal: "teentaal", matras: 16))
        // No temporary file is left behind by the atomic save.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(url.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test("A flipped byte is rejected as corrupted")
    func corrupted() throws {
        let (_, url, _) = try Self.savedModel("corrupt")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: url)
        #expect {
            try LSTMModel.load(from: url)
        } throws: { error in
            guard case TablaMLError.checkpointChecksumMismatch = error else { return false }
            return "\(error)".contains("corrupted")
        }
    }

    @Test("A truncated file is rejected as truncated", arguments: [1, 100, 2000])
    func truncated(drop: Int) throws {
        let (_, url, _) = try Self.savedModel("trunc\(drop)")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = [UInt8](try Data(contentsOf: url))
        try Data(bytes.dropLast(drop)).write(to: url)
        #expect {
            try LSTMModel.load(from: url)
        } throws: { error in
            guard case TablaMLError.checkpointTruncated(_, let expected, let actual) = error else { return false }
            return expected == bytes.count && actual == bytes.count - drop
        }
    }

    @Test("Wrong magic, an unknown version and a missing file are named as such")
    func badHeader() throws {
        let (_, url, _) = try Self.savedModel("header")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[8] = 9
        try Data(bytes).write(to: url)
        #expect(throws: TablaMLError.checkpointUnsupportedVersion(path: url.path, found: 9, supported: 1)) {
            try LSTMModel.load(from: url)
        }
        bytes[0] = UInt8(ascii: "X")
        try Data(bytes).write(to: url)
        #expect(throws: TablaMLError.checkpointBadMagic(path: url.path)) { try LSTMModel.load(from: url) }
        #expect(throws: TablaMLError.self) { try LSTMModel.load(from: Self.tempURL("does-not-exist")) }
    }

    @Test("Metadata that disagrees with the tensors is rejected even with a valid checksum")
    func mismatched() throws {
        let (_, url, _) = try Self.savedModel("mismatch")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = [UInt8](try Data(contentsOf: url))
        // Same-length edit of the JSON, then a fresh CRC, so only the shape check can catch it.
        let key = Array("\"hiddenSize\":6".utf8)
        let start = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
        let at = start + key.count - 1
        bytes[at] = UInt8(ascii: "7")
        let crc = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        for i in 0..<4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * i)) }
        try Data(bytes).write(to: url)
        #expect {
            try LSTMModel.load(from: url)
        } throws: { error in
            guard case TablaMLError.checkpointMismatch = error else { return false }
            return true
        }
    }

    @Test("CRC-32 matches the standard check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
