import Foundation
import TablaNotation
import TablaSynthesis

/// Compares the synthesised bank with a folder of real recordings, stroke by stroke,
/// with ``SoundMeasurement`` (the same code for both).
///
/// ```swift
/// let rows = try Calibration.compare(reference: "../shared/samples/deolekar")
/// print(Calibration.table(rows))
/// ```
public enum Calibration {
    /// One bol measured on the recording and on the synthesis.
    public struct Row: Sendable {
        /// The bol.
        public var bol: Bol
        /// The recording's figures.
        public var real: SoundMeasurement
        /// The synthesised sound's figures, over the same span after the onset.
        public var synthetic: SoundMeasurement

        /// Synthetic over real, minus one, for each figure.
        public var errors: (partial: Double, centroid: Double, decay: Double) {
            (synthetic.strongestPartial / real.strongestPartial - 1,
             synthetic.centroid / real.centroid - 1,
             synthetic.decay40 / real.decay40 - 1)
        }

        /// Whether every figure is within ``Tolerance``.
        public var withinTolerance: Bool {
            let e = errors
            return abs(e.partial) <= Tolerance.partial && abs(e.centroid) <= Tolerance.centroid && abs(e.decay) <= Tolerance.decay
        }
    }

    /// How far the synthesis may be from the recording, as fractions (see docs/SOUND.md).
    public enum Tolerance {
        /// Strongest partial: 5% is under a semitone (5.9%), so the stroke keeps its note.
        public static let partial = 0.05
        /// Spectral centroid (brightness).
        public static let centroid = 0.30
        /// Time to fall 40 dB.
        public static let decay = 0.40
    }

    /// Measures every bank bol that has a recording in `reference` (flat layout, or
    /// the first take of a per-bol folder) against the synthesis at `sa`.
    public static func compare(reference: String, sa: Pitch = .defaultSa) throws(AudioError) -> [Row] {
        let real = try SampleBank.load(directory: reference, rate: 44100)
        let synth = Synthesizer(sa: sa, rate: 44100)
        var rows: [Row] = []
        for bol in Synthesizer.bankBols {
            guard let take = real.takes[bol]?.first, let synthetic = synth.render(bol) else { continue }
            let mono = take.mono
            let realMeasure = SoundMeasurement(mono: mono, rate: 44100)
            // The same span after the onset as the recording has.
            let peak = mono.reduce(Float(0)) { max($0, abs($1)) }
            let onset = mono.firstIndex { abs($0) >= peak * 0.1 } ?? 0
            let window = Double(mono.count - onset) / 44100
            rows.append(Row(bol: bol, real: realMeasure, synthetic: SoundMeasurement(mono: synthetic, rate: 44100, window: window)))
        }
        return rows
    }

    /// The rows as a Markdown table.
    public static func table(_ rows: [Row]) -> String {
        func f(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "inf" }
        func pct(_ x: Double) -> String { x.isFinite ? String(format: "%+.0f%%", x * 100) : "inf" }
        var lines = [
            "| bol | partial real (Hz) | partial synth (Hz) | err | centroid real (Hz) | centroid synth (Hz) | err | 40 dB decay real (s) | 40 dB decay synth (s) | err | ok |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in rows {
            let e = r.errors
            lines.append("| \(r.bol.name) | \(f(r.real.strongestPartial, 1)) | \(f(r.synthetic.strongestPartial, 1)) | \(pct(e.partial)) | "
                + "\(f(r.real.centroid, 0)) | \(f(r.synthetic.centroid, 0)) | \(pct(e.centroid)) | "
                + "\(f(r.real.decay40, 2)) | \(f(r.synthetic.decay40, 2)) | \(pct(e.decay)) | \(r.withinTolerance ? "yes" : "no") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
