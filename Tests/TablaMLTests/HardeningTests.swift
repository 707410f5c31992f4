import Foundation
import Testing
@testable import TablaML

/// Issue 13: crafted checkpoints, each once a trap, a 5 GB allocation or a silent NaN model.
@Suite("Hardening: checkpoints")
struct CheckpointHardeningTests {
    /// A checkpoint with a valid checksum whose metadata claims `config` and holds no tensors.
    static func crafted(hidden: Int, vocabulary: Int = 10, embedding: Int = 10, layers: Int = 1, parameterCount: Int = 0) -> [UInt8] {
        let json = """
            {"config":{"dropout":0,"embeddingSize":\(embedding),"featureCount":0,"hiddenSize":\(hidden),"layerCount":\(layers),\
            "vocabularySize":\(vocabulary)},"formatVersion":1,"gateOrder":"i,f,g,o","parameterCount":\(parameterCount)}
            """
        var out: [UInt8] = Checkpoint.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        u32(1); u32(0)
        let total = 8 + 4 + 4 + 8 + 8 + json.utf8.count + 4 + 4
        u64(UInt64(total)); u64(UInt64(json.utf8.count))
        out += Array(json.utf8)
        u32(0)
        u32(CRC32.checksum(out))
        return out
    }

    static func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tablaml-hard-\(getpid())-\(name).tlstm")
        try Data(bytes).write(to: url)
        return url
    }

    /// Hidden 2^40 once overflowed in the parameter layout; 11,000 made the loader
    /// allocate 5.6 GB for a file of a few hundred bytes; 4000 is within the size limits
    /// but needs (10 + 4000 + 4000) * 16000 floats that the file does not have.
    @Test("sizes a file cannot hold are refused before anything is allocated", arguments: [1 << 40, 11_000, 4000, Int(Int64.max)])
    func hugeClaims(hidden: Int) throws {
        let url = try Self.write(Self.crafted(hidden: hidden), "hidden\(hidden)")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TablaMLError.self) { try LSTMModel.load(from: url) }
    }

    @Test("the parameter count is computed with checked arithmetic")
    func checkedCount() {
        // 5*3 + (3+2+6)*24 + 24 + (6+6)*24 + 24 + 6*5 + 5 = 15 + 264 + 24 + 288 + 24 + 30 + 5 = 650.
        let small = LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 6, layerCount: 2, featureCount: 2)
        #expect(small.checkedParameterCount() == 650)
        #expect(LSTMConfig(vocabularySize: 10, embeddingSize: 10, hiddenSize: 1 << 62, layerCount: 1).checkedParameterCount() == nil)
    }

    /// The last four bytes before the checksum are the last weight of dense.bias.
    @Test("a model with a NaN or infinite weight is refused, naming the tensor", arguments: [Float.nan, .infinity])
    func nonFiniteWeights(value: Float) throws {
        var rng = SplitMix64(seed: 5)
        let model = try LSTMModel(config: LSTMConfig(vocabularySize: 4, embeddingSize: 2, hiddenSize: 3, layerCount: 1), rng: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tablaml-hard-\(getpid())-\(value.isNaN ? "nan" : "inf").tlstm")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: CheckpointMetadata(model: model))
        var bytes = [UInt8](try Data(contentsOf: url))
        let n = bytes.count
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.replaceSubrange((n - 8)..<(n - 4), with: $0) }
        withUnsafeBytes(of: CRC32.checksum(bytes[0..<(n - 4)]).littleEndian) { bytes.replaceSubrange((n - 4)..<n, with: $0) }
        try Data(bytes).write(to: url)
        do {
            _ = try LSTMModel.load(from: url)
            Issue.record("a non-finite weight was accepted")
        } catch {
            #expect(error.message.contains("weight 3 of dense.bias"))
        }
    }

    @Test("integers past 2^53 ride in metadata exactly", arguments: [UInt64.max, (1 << 53) + 1, UInt64(Int64.max) + 1] as [UInt64])
    func exactIntegers(seed: UInt64) throws {
        struct Info: Codable, Equatable { var seed: UInt64 }
        let value = try JSONValue(encoding: Info(seed: seed))
        #expect(try value.decode(as: Info.self) == Info(seed: seed))
    }
}
