import Foundation

/// Everything that can go wrong in TablaML, with the context needed to act on it.
public enum TablaMLError: Error, Equatable, Sendable {
    /// A model configuration that cannot be built (e.g. a zero hidden size).
    case invalidConfiguration(String)
    /// A training or inference batch whose sizes disagree with the model or themselves.
    case invalidBatch(String)
    /// The checkpoint file could not be read or written.
    case checkpointIO(path: String, reason: String)
    /// The file does not start with the checkpoint magic bytes.
    case checkpointBadMagic(path: String)
    /// The file is a checkpoint of a format version this build does not read.
    case checkpointUnsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file is shorter (or longer) than its header says.
    case checkpointTruncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The stored checksum does not match the bytes: the file was corrupted.
    case checkpointChecksumMismatch(path: String, stored: UInt32, computed: UInt32)
    /// The metadata or tensor table is malformed.
    case checkpointMalformed(path: String, reason: String)
    /// The tensors do not fit the configuration recorded in the metadata.
    case checkpointMismatch(path: String, reason: String)
}

extension TablaMLError: CustomStringConvertible, LocalizedError {
    /// A one-line explanation that names the file and what to do.
    public var description: String {
        switch self {
        case .invalidConfiguration(let why):
            return "invalid LSTM configuration: \(why)"
        case .invalidBatch(let why):
            return "invalid batch: \(why)"
        case .checkpointIO(let path, let reason):
            return "\(path): cannot access checkpoint: \(reason)"
        case .checkpointBadMagic(let path):
            return "\(path): not a TablaML checkpoint (bad magic bytes)"
        case .checkpointUnsupportedVersion(let path, let found, let supported):
            return "\(path): checkpoint format version \(found) is not supported "
                + "(this build reads version \(supported))"
        case .checkpointTruncated(let path, let expected, let actual):
            return "\(path): checkpoint is truncated or padded: header says \(expected) bytes, "
                + "file has \(actual)"
        case .checkpointChecksumMismatch(let path, let stored, let computed):
            return "\(path): checkpoint is corrupted: stored CRC-32 "
                + "\(String(stored, radix: 16)) but the bytes give \(String(computed, radix: 16))"
        case .checkpointMalformed(let path, let reason):
            return "\(path): malformed checkpoint: \(reason)"
        case .checkpointMismatch(let path, let reason):
            return "\(path): checkpoint does not match its configuration: \(reason)"
        }
    }

    /// Same as `description`, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
