import TablaNotation

/// What can go wrong reading sample banks, rendering and writing audio, worded for
/// the person at the keyboard: each names the file, folder or bol concerned.
public enum AudioError: Error, Equatable, CustomStringConvertible {
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

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            "\(path): error: cannot read audio: \(reason)"
        case .cannotWrite(let path, let reason):
            "\(path): error: cannot write: \(reason)"
        case .unknownFormat(let path):
            "\(path): error: unknown output format; name the file .wav, .flac, .ogg or .aiff"
        case .unsupportedSampleFormat(let format, let sampleFormat):
            "error: \(format.rawValue) files cannot hold \(sampleFormat) samples; "
                + "use \(format.sampleFormats.map(\.description).joined(separator: " or "))"
        case .noSampleDirectory(let path):
            "\(path): error: no such sample folder; give a folder of recordings named by bol (dha.wav, Tin.flac, or Dha/Dha01.wav)"
        case .emptySampleDirectory(let path):
            "\(path): error: no sample named by a bol in this folder; name files by bol (dha.wav, Tin.flac) or use one folder per bol (Dha/Dha01.wav)"
        case .unsoundable(let bol, let missing, let directory):
            "\(directory): error: cannot sound '\(bol)': no sample for \(bol) and none for "
                + "\(missing.map { "'\($0)'" }.joined(separator: ", ")) to mix it from; "
                + "add \(missing.map { "\($0.lowercased()).wav" }.joined(separator: " and ")) (or a \(bol).wav) to \(directory)"
        case .resampling(let path, let reason):
            "\(path): error: cannot resample: \(reason)"
        case .unknownSection(let name, let available):
            "error: no section named '\(name)'; the sections are: "
                + (available.isEmpty ? "none (the composition has no [name] lines)" : available.map { "'\($0)'" }.joined(separator: ", "))
        case .nothingToRender:
            "error: the composition has no bols to render"
        }
    }
}
