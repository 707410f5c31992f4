import ArgumentParser
import Foundation
import TablaAudio
import TablaNotation
import TablaSynthesis

extension Tabla {
    /// `tabla samples`: write the synthesised sample bank.
    struct Samples: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Synthesise the default sample bank: one WAV per stroke, plus Dha and Dhin.",
            discussion: """
                Writes mono 16-bit WAV files named by bol (na.wav, dha.wav...). The same options \
                always give the same bytes; with the defaults this is the bank in Samples/. \
                With --compare DIR, writes nothing and prints the calibration table instead: \
                strongest partial, spectral centroid and 40 dB decay of each recording in DIR \
                against the synthesis (see docs/SOUND.md); with --takes N too, how much N \
                synthesised takes of each bol differ, against the takes DIR holds in a folder \
                per bol.
                """
        )

        @Option(help: ArgumentHelp("Folder to write into (created if missing).", valueName: "dir"))
        var out = "Samples"

        @Option(help: ArgumentHelp("Tonic of the dayan: a note (C#4) or hertz (277.2).", valueName: "pitch"))
        var sa: Pitch = .defaultSa

        @Option(help: "Sample rate in hertz.")
        var rate = 44100

        @Option(help: ArgumentHelp("Compare with the recordings in this folder instead of writing.", valueName: "dir"))
        var compare: String?

        @Option(help: ArgumentHelp("Takes per stroke: with more than 1, one folder per bol (Na/na1.wav...), each take varied as a player's strokes are; use them with render --samples DIR --takes random.", valueName: "n"))
        var takes = 1

        func validate() throws {
            guard (8000...384_000).contains(rate) else { throw ValidationError("--rate must be between 8000 and 384000") }
            guard (1...64).contains(takes) else { throw ValidationError("--takes must be between 1 and 64") }
        }

        func run() throws {
            if let compare {
                print(Calibration.table(try Calibration.compare(reference: compare, sa: sa)), terminator: "")
                if takes > 1 {
                    print("\nTake spread (median over pairs of takes):\n")
                    print(Calibration.spreadTable(try Calibration.takeSpreads(reference: compare, sa: sa, takes: takes)), terminator: "")
                }
                return
            }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw InputError.cannotCreateFolder(path: out, reason: error.localizedDescription)
            }
            let synth = Synthesizer(sa: sa, rate: Double(rate))
            for bol in Synthesizer.bankBols {
                if takes == 1 {
                    let buffer = AudioBuffer(channels: 1, rate: rate, samples: synth.render(bol)!)
                    let path = out + "/" + bol.name.lowercased() + ".wav"
                    try AudioFile.write(buffer, to: path, format: .wav, sampleFormat: .int16)
                    print(path)
                    continue
                }
                let folder = out + "/" + bol.name
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw InputError.cannotCreateFolder(path: folder, reason: error.localizedDescription)
                }
                for take in 0..<takes {
                    let buffer = AudioBuffer(channels: 1, rate: rate, samples: synth.render(bol, take: take)!)
                    // Zero-padded so name order is take order.
                    let path = folder + "/" + bol.name.lowercased() + String(format: "%02d", take + 1) + ".wav"
                    try AudioFile.write(buffer, to: path, format: .wav, sampleFormat: .int16)
                    print(path)
                }
            }
        }
    }
}

extension Pitch: ExpressibleByArgument {
    /// Reads a note (`C#4`) or hertz (`277.2`), as `--sa` takes it.
    public init?(argument: String) { self.init(parsing: argument) }

    /// Shown as the default in `--help`: C#4, not its hertz.
    public var defaultValueDescription: String { self == .defaultSa ? "C#4" : description }
}
