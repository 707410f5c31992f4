import TablaNotation

/// What can go wrong reading sample banks, rendering and writing audio, worded for
/// the person at the keyboard: each names the file, folder or bol concerned.
public enum AudioError: ReportableError, Equatable {
    /// libsndfile could not open or decode an audio file.
    case cannotRead(path: String, reason: String)
    /// The output file (or its temporary) could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The output name has an extension tabla does not write.
    case unknownFormat(path: String)
    /// The sample format is not available in the output format (FLAC has no float).
    case unsupportedSampleFormat(format: AudioFormat, sampleFormat: SampleFormat)
    /// `--samples` names a folder that does not exist.
    case noSampleDirectory(path: String)
    /// The sample folder holds no audio file named by a bol.
    case emptySampleDirectory(path: String)
    /// A bol of the composition has no sample and cannot be mixed from its strokes.
    case unsoundable(bol: String, missing: [String], directory: String)
    /// libsamplerate failed.
    case resampling(path: String, reason: String)
    /// `--section` names no section of the composition.
    case unknownSection(name: String, available: [String])
    /// The composition has nothing to play.
    case nothingToRender
    /// The render would be longer than the limit (a tiny laya, many repeats).
    case tooLong(seconds: Double, limit: Double)

    /// The file or folder concerned, if any.
    public var file: String? {
        switch self {
        case .cannotRead(let path, _), .cannotWrite(let path, _), .unknownFormat(let path), .noSampleDirectory(let path),
             .emptySampleDirectory(let path), .resampling(let path, _):
            path
        case .unsoundable(_, _, let directory): directory
        case .unsupportedSampleFormat, .unknownSection, .nothingToRender, .tooLong: nil
        }
    }

    /// What is wrong and what to do.
    public var message: String {
        switch self {
        case .cannotRead(_, let reason):
            "cannot read audio: \(reason)"
        case .cannotWrite(_, let reason):
            "cannot write: \(reason)"
        case .unknownFormat:
            "unknown output format; name the file .wav, .flac, .ogg or .aiff"
        case .unsupportedSampleFormat(let format, let sampleFormat):
            "\(format.rawValue) files cannot hold \(sampleFormat) samples; "
                + "use \(format.sampleFormats.map(\.description).joined(separator: " or "))"
        case .noSampleDirectory:
            "no such sample folder; give a folder of recordings named by bol (dha.wav, Tin.flac, or Dha/Dha01.wav)"
        case .emptySampleDirectory:
            "no sample named by a bol in this folder; name files by bol (dha.wav, Tin.flac) or use one folder per bol (Dha/Dha01.wav)"
        case .unsoundable(let bol, let missing, let directory):
            "cannot sound '\(bol)': no sample for \(bol) and none for "
                + "\(missing.map { "'\($0)'" }.joined(separator: ", ")) to mix it from; "
                + "add \(missing.map { "\($0.lowercased()).wav" }.joined(separator: " and ")) (or a \(bol).wav) to \(directory)"
        case .resampling(_, let reason):
            "cannot resample: \(reason)"
        case .unknownSection(let name, let available):
            "no section named '\(name)'; the sections are: "
                + (available.isEmpty ? "none (the composition has no [name] lines)" : available.map { "'\($0)'" }.joined(separator: ", "))
        case .nothingToRender:
            "the composition has no bols to render"
        case .tooLong(let seconds, let limit):
            "the render would last \(AudioError.hours(seconds)), longer than the limit of \(AudioError.hours(limit)); "
                + "check the laya and --repeat, or raise the limit with --max-hours"
        }
    }
}

extension AudioError {
    /// A duration as people read it (`26.7 hours`, `9.1e+297 hours`).
    static func hours(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "for ever" }
        let h = seconds / 3600
        return h < 1e6 ? "\((h * 10).rounded() / 10) hours" : "\(h) hours"
    }
}
