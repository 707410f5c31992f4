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

extension TablaMLError: ReportableError, LocalizedError {
    /// The checkpoint file concerned, if any.
    public var file: String? {
        switch self {
        case .invalidConfiguration, .invalidBatch: nil
        case .checkpointIO(let path, _), .checkpointBadMagic(let path), .checkpointUnsupportedVersion(let path, _, _),
             .checkpointTruncated(let path, _, _), .checkpointChecksumMismatch(let path, _, _),
             .checkpointMalformed(let path, _), .checkpointMismatch(let path, _):
            path
        }
    }

    /// What is wrong, without the file name.
    public var message: String {
        switch self {
        case .invalidConfiguration(let why):
            return "invalid LSTM configuration: \(why)"
        case .invalidBatch(let why):
            return "invalid batch: \(why)"
        case .checkpointIO(_, let reason):
            return "cannot access checkpoint: \(reason)"
        case .checkpointBadMagic:
            return "not a TablaML checkpoint (bad magic bytes)"
        case .checkpointUnsupportedVersion(_, let found, let supported):
            return "checkpoint format version \(found) is not supported "
                + "(this build reads version \(supported))"
        case .checkpointTruncated(_, let expected, let actual):
            return "checkpoint is truncated or padded: header says \(expected) bytes, "
                + "file has \(actual)"
        case .checkpointChecksumMismatch(_, let stored, let computed):
            return "checkpoint is corrupted: stored CRC-32 "
                + "\(String(stored, radix: 16)) but the bytes give \(String(computed, radix: 16))"
        case .checkpointMalformed(_, let reason):
            return "malformed checkpoint: \(reason)"
        case .checkpointMismatch(_, let reason):
            return "checkpoint does not match its configuration: \(reason)"
        }
    }

    /// `path: message`, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
