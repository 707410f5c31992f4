import Foundation

/// The JSON metadata of a checkpoint: what the engine records plus the caller's own blob.
public struct CheckpointMetadata: Codable, Equatable, Sendable {
    /// Checkpoint format version this metadata was written with.
    public var formatVersion: Int
    /// The model's shape (the hyperparameters that fix the tensor shapes).
    public var config: LSTMConfig
    /// Token strings by id, if the caller supplied them.
    public var vocabulary: [String]?
    /// Names of the per-step input features, in order, if the caller supplied them.
    public var featureNames: [String]?
    /// How the model was trained, if known.
    public var training: TrainingSummary?
    /// Gate order inside each packed LSTM weight matrix.
    public var gateOrder: String
    /// Number of parameters, a cross-check of the tensors.
    public var parameterCount: Int
    /// Anything else the caller wants to keep (e.g. the taal feature spec).
    public var user: JSONValue?

    /// Creates metadata for `model`; the engine fills in the format, shape and counts.
    public init(
        model: LSTMModel, vocabulary: [String]? = nil, featureNames: [String]? = nil,
        training: TrainingSummary? = nil, user: JSONValue? = nil
    ) {
        formatVersion = Int(Checkpoint.formatVersion)
        config = model.config
        self.vocabulary = vocabulary
        self.featureNames = featureNames
        self.training = training
        gateOrder = "i,f,g,o"
        parameterCount = model.parameterCount
        self.user = user
    }

    /// Decodes the caller's blob as `T`, or nil when there is none.
    public func user<T: Decodable>(as type: T.Type) throws -> T? {
        try user?.decode(as: type)
    }
}

/// A loaded checkpoint: the model and its metadata.
public struct Checkpoint {
    /// Format version written by this build.
    public static let formatVersion: UInt32 = 1
    /// First eight bytes of every checkpoint file.
    public static let magic: [UInt8] = Array("TBLALSTM".utf8)

    /// The restored model, bit-identical to the one saved.
    public let model: LSTMModel
    /// The metadata stored with it.
    public let metadata: CheckpointMetadata
}

extension LSTMModel {
    /// Writes the model and `metadata` to `url` atomically (a temporary file in the same
    /// directory, then `rename`), so a crash never leaves a half-written checkpoint.
    ///
    /// The engine's own fields of `metadata` (format, config, parameter count) are
    /// overwritten with the model's truth.
    public func save(to url: URL, metadata: CheckpointMetadata) throws(TablaMLError) {
        var meta = metadata
        meta.formatVersion = Int(Checkpoint.formatVersion)
        meta.config = config
        meta.parameterCount = parameterCount
        meta.gateOrder = "i,f,g,o"
        let json: Data
        do {
            json = try JSONFormat.encoder().encode(meta)
        } catch {
            throw .checkpointIO(path: url.path, reason: "cannot encode metadata: \(error)")
        }
        var out = ByteWriter()
        out.bytes(Checkpoint.magic)
        out.u32(Checkpoint.formatVersion)
        out.u32(0)
        let lengthPosition = out.data.count
        out.u64(0)
        out.u64(UInt64(json.count))
        out.data.append(json)
        out.u32(UInt32(layout.entries.count))
        for entry in layout.entries {
            let name = Array(entry.name.utf8)
            out.u32(UInt32(name.count))
            out.bytes(name)
            out.u32(UInt32(entry.shape.count))
            for d in entry.shape {
                out.u64(UInt64(d))
            }
            out.floats(parameters.pointer + entry.offset, count: entry.count)
        }
        let total = out.data.count + 4
        out.patchU64(UInt64(total), at: lengthPosition)
        out.u32(CRC32.checksum(out.data))

        let bytes = out.data
        let failure = { (reason: String) in TablaMLError.checkpointIO(path: url.path, reason: reason) }
        try AtomicFile.write(to: url, failure: failure) { (temporary) throws(TablaMLError) in
            do { try bytes.write(to: temporary) } catch { throw failure(error.localizedDescription) }
            // The file that replaces the old one must load back as what was saved.
            let reloaded: Checkpoint
            do throws(TablaMLError) { reloaded = try Self.load(from: temporary) } catch {
                throw failure("the written model does not load back (\(error.message)); the previous file is kept")
            }
            guard reloaded.metadata == meta else {
                throw failure("the written model's metadata does not load back as saved; the previous file is kept")
            }
        }
    }

    /// Reads a checkpoint, checking magic, version, length, CRC-32, metadata and every
    /// tensor's name and shape against the recorded configuration.
    public static func load(from url: URL) throws(TablaMLError) -> Checkpoint {
        let path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .checkpointIO(path: path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        let headerSize = 32
        guard bytes.count >= 8, Array(bytes[0..<8]) == Checkpoint.magic else {
            throw .checkpointBadMagic(path: path)
        }
        guard bytes.count >= headerSize else {
            throw .checkpointTruncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        var reader = ByteReader(bytes: bytes, path: path, position: 8)
        let version = try reader.u32()
        guard version == Checkpoint.formatVersion else {
            throw .checkpointUnsupportedVersion(path: path, found: version, supported: Checkpoint.formatVersion)
        }
        _ = try reader.u32()
        let total = try reader.u64()
        guard total == UInt64(bytes.count) else {
            throw .checkpointTruncated(
                path: path, expectedBytes: Int(clamping: total), actualBytes: bytes.count)
        }
        let stored = UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else {
            throw .checkpointChecksumMismatch(path: path, stored: stored, computed: computed)
        }
        reader.end = bytes.count - 4
        let jsonLength = try reader.length(try reader.u64(), what: "metadata")
        let json = Data(try reader.take(jsonLength, what: "metadata"))
        let meta: CheckpointMetadata
        do {
            meta = try JSONDecoder().decode(CheckpointMetadata.self, from: json)
        } catch {
            throw .checkpointMalformed(path: path, reason: "metadata is not valid JSON for this format: \(error)")
        }
        do {
            try meta.config.validate()
        } catch {
            throw .checkpointMismatch(path: path, reason: error.description)
        }
        // Before any allocation: the weights the config claims must fit in the file.
        guard let claimed = meta.config.checkedParameterCount(),
              claimed <= (reader.end - reader.position) / 4 else {
            throw .checkpointMismatch(
                path: path, reason: "its config needs more weights than the file's \(bytes.count) bytes can hold")
        }
        let layout = ParameterLayout(meta.config)
        guard meta.parameterCount == layout.count else {
            throw .checkpointMismatch(
                path: path,
                reason: "metadata says \(meta.parameterCount) parameters, its config needs \(layout.count)")
        }
        let tensorCount = Int(try reader.u32())
        guard tensorCount == layout.entries.count else {
            throw .checkpointMismatch(
                path: path, reason: "\(tensorCount) tensors stored, the config needs \(layout.entries.count)")
        }
        var flat = [Float](repeating: 0, count: layout.count)
        for entry in layout.entries {
            let nameLength = try reader.length(UInt64(try reader.u32()), what: "tensor name")
            let name = String(decoding: try reader.take(nameLength, what: "tensor name"), as: UTF8.self)
            let rank = try reader.length(UInt64(try reader.u32()), what: "tensor rank")
            var shape: [Int] = []
            for _ in 0..<rank {
                shape.append(try reader.length(try reader.u64(), what: "tensor dimension"))
            }
            guard name == entry.name, shape == entry.shape else {
                throw .checkpointMismatch(
                    path: path,
                    reason: "found tensor \(name) \(shape) where the config needs \(entry.name) \(entry.shape)")
            }
            try reader.floats(into: &flat, at: entry.offset, count: entry.count)
        }
        guard reader.position == reader.end else {
            throw .checkpointMalformed(path: path, reason: "\(reader.end - reader.position) stray bytes after the tensors")
        }
        if let bad = flat.firstIndex(where: { !$0.isFinite }) {
            let entry = layout.entries.last { $0.offset <= bad }!
            throw .checkpointMalformed(path: path, reason: "weight \(bad - entry.offset) of \(entry.name) is \(flat[bad]), not a finite number")
        }
        let model = try LSTMModel(config: meta.config, flatParameters: flat)
        return Checkpoint(model: model, metadata: meta)
    }
}

/// Little-endian serialisation into a growing buffer.
private struct ByteWriter {
    var data = Data()

    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }

    mutating func patchU64(_ v: UInt64, at position: Int) {
        withUnsafeBytes(of: v.littleEndian) { data.replaceSubrange(position..<(position + 8), with: $0) }
    }

    mutating func floats(_ p: UnsafePointer<Float>, count: Int) {
        var le = [UInt32](repeating: 0, count: count)
        for i in 0..<count {
            le[i] = p[i].bitPattern.littleEndian
        }
        le.withUnsafeBytes { data.append(contentsOf: $0) }
    }
}

/// Bounds-checked little-endian reading; every overrun is a clear error, never a trap.
private struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var position: Int
    var end: Int

    init(bytes: [UInt8], path: String, position: Int) {
        self.bytes = bytes
        self.path = path
        self.position = position
        end = bytes.count
    }

    mutating func take(_ n: Int, what: String) throws(TablaMLError) -> ArraySlice<UInt8> {
        guard n >= 0, n <= end - position else {
            throw .checkpointMalformed(
                path: path, reason: "\(what) at byte \(position) runs past the end of the data")
        }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u32() throws(TablaMLError) -> UInt32 {
        let s = try take(4, what: "a 32-bit field")
        var v: UInt32 = 0
        for (i, b) in s.enumerated() { v |= UInt32(b) << (8 * i) }
        return v
    }

    mutating func u64() throws(TablaMLError) -> UInt64 {
        let s = try take(8, what: "a 64-bit field")
        var v: UInt64 = 0
        for (i, b) in s.enumerated() { v |= UInt64(b) << (8 * i) }
        return v
    }

    func length(_ v: UInt64, what: String) throws(TablaMLError) -> Int {
        guard v <= UInt64(end - position) else {
            throw .checkpointMalformed(path: path, reason: "\(what) length \(v) at byte \(position) is impossible")
        }
        return Int(v)
    }

    mutating func floats(into out: inout [Float], at offset: Int, count: Int) throws(TablaMLError) {
        let s = try take(count * 4, what: "tensor data")
        var i = s.startIndex
        for k in 0..<count {
            let bits = UInt32(s[i]) | UInt32(s[i + 1]) << 8 | UInt32(s[i + 2]) << 16 | UInt32(s[i + 3]) << 24
            out[offset + k] = Float(bitPattern: bits)
            i += 4
        }
    }
}

/// CRC-32 (IEEE 802.3, the zlib polynomial), table-driven.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes {
                crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
