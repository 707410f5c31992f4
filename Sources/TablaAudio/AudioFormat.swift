import CSndFile

/// An output file type, chosen by the file's extension.
public enum AudioFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// RIFF WAVE (`.wav`): 16-bit, 24-bit or float.
    case wav = "WAV"
    /// Free Lossless Audio Codec (`.flac`): 16 or 24-bit.
    case flac = "FLAC"
    /// Ogg Vorbis (`.ogg`), lossy; the sample format does not apply.
    case ogg = "Ogg Vorbis"
    /// Audio Interchange File Format (`.aiff`, `.aif`): 16-bit, 24-bit or float.
    case aiff = "AIFF"

    /// The format for a path's extension (`.wav`, `.flac`, `.ogg`, `.aiff`/`.aif`).
    public init?(path: String) {
        guard !path.hasSuffix("/") else { return nil }
        let ext = path.split(separator: "/").last.flatMap { name in
            name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } : nil
        }
        switch ext {
        case "wav", "wave": self = .wav
        case "flac": self = .flac
        case "ogg", "oga": self = .ogg
        case "aiff", "aif": self = .aiff
        default: return nil
        }
    }

    /// The sample formats this file type can hold.
    public var sampleFormats: [SampleFormat] {
        switch self {
        case .wav, .aiff: [.int16, .int24, .float32]
        case .flac: [.int16, .int24]
        case .ogg: [.int16]
        }
    }

    public var description: String { rawValue }

    /// The most bytes of audio data a 32-bit WAV or AIFF size field can describe, with
    /// room left for the header chunks libsndfile writes before the data.
    public static let largest32BitData = Int(UInt32.max) - 4096

    /// Bytes of audio data for `frames` frames, or nil if the product overflows.
    public static func dataBytes(frames: Int, channels: Int, sampleFormat: SampleFormat) -> Int? {
        let bytesPerSample = switch sampleFormat { case .int16: 2; case .int24: 3; case .float32: 4 }
        let (perFrame, o1) = channels.multipliedReportingOverflow(by: bytesPerSample)
        let (total, o2) = frames.multipliedReportingOverflow(by: perFrame)
        return o1 || o2 ? nil : total
    }

    /// Whether `frames` frames fit a file with 32-bit sizes: past that a WAV is written
    /// as RF64 and an AIFF is refused (its sizes would wrap, and readers would see a
    /// short file). FLAC and Ogg have no such limit.
    public func fits32BitSizes(frames: Int, channels: Int, sampleFormat: SampleFormat) -> Bool {
        guard self == .wav || self == .aiff else { return true }
        guard let bytes = Self.dataBytes(frames: frames, channels: channels, sampleFormat: sampleFormat) else { return false }
        return bytes <= Self.largest32BitData
    }

    /// The libsndfile format code; a WAV too large for 32-bit sizes becomes RF64.
    func code(_ sample: SampleFormat, large: Bool) -> Int32 {
        guard large, self == .wav else { return code(sample) }
        return code(sample) & ~Int32(SF_FORMAT_TYPEMASK) | Int32(SF_FORMAT_RF64)
    }

    /// The libsndfile format code.
    func code(_ sample: SampleFormat) -> Int32 {
        let major: Int32 = switch self {
        case .wav: Int32(SF_FORMAT_WAV)
        case .flac: Int32(SF_FORMAT_FLAC)
        case .ogg: Int32(SF_FORMAT_OGG)
        case .aiff: Int32(SF_FORMAT_AIFF)
        }
        if self == .ogg { return major | Int32(SF_FORMAT_VORBIS) }
        let minor: Int32 = switch sample {
        case .int16: Int32(SF_FORMAT_PCM_16)
        case .int24: Int32(SF_FORMAT_PCM_24)
        case .float32: Int32(SF_FORMAT_FLOAT)
        }
        return major | minor
    }
}

/// How each sample is stored: `--bits 16`, `24` or `32f`.
public enum SampleFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Signed 16-bit integers, rounded to nearest.
    case int16 = "16"
    /// Signed 24-bit integers.
    case int24 = "24"
    /// 32-bit IEEE floats.
    case float32 = "32f"

    public var description: String {
        switch self {
        case .int16: "16-bit"
        case .int24: "24-bit"
        case .float32: "32-bit float"
        }
    }
}
