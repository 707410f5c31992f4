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
    /// One figure of ``SoundMeasurement``, how it is printed and how close the
    /// synthesis must come to the recording.
    public struct Figure: Sendable {
        /// Column heading.
        public var name: String
        /// Reads the figure off a measurement.
        public var value: @Sendable (SoundMeasurement) -> Double
        /// Printed digits.
        public var digits: Int
        /// Whether the synthesis is close enough (real first); true when the figure
        /// does not apply to this bol.
        public var accepts: @Sendable (_ real: Double, _ synthetic: Double, _ bol: Bol) -> Bool
        /// The tolerance in words, for the table of tolerances.
        public var tolerance: String
        /// Whether the figure means something for a bol (the bayan's glide does not
        /// for a dayan stroke); the table shows `-` otherwise.
        public var applies: @Sendable (Bol) -> Bool = { _ in true }
    }

    /// Whether `a` and `b` are within a factor of `ratio` of each other.
    static func withinFactor(_ a: Double, _ b: Double, _ ratio: Double) -> Bool {
        if a == .infinity || b == .infinity { return a == b }
        return a > 0 && b > 0 && max(a / b, b / a) <= ratio
    }

    /// The bols whose bayan pitch can be read: the bayan dominates them (in Dhin the
    /// dayan is 20 dB louder, so the strongest peak under 200 Hz is not the bayan's).
    static let glides: Set<String> = ["Ge", "Dha"]

    /// The figures compared, in table order, with their tolerances (docs/SOUND.md says why).
    public static let figures: [Figure] = [
        Figure(name: "partial (Hz)", value: \.strongestPartial, digits: 0,
               // Tun follows the textbook (on its fundamental), not this recording (on
               // its third mode): its partial is shown but not held.
               accepts: { r, s, bol in bol.name == "Tun" || abs(s / r - 1) <= 0.05 }, tolerance: "5% (not Tun)"),
        Figure(name: "centroid (Hz)", value: \.centroid, digits: 0,
               accepts: { r, s, _ in abs(s / r - 1) <= 0.30 }, tolerance: "30%"),
        Figure(name: "fall 20 dB (ms)", value: { $0.fall20 * 1000 }, digits: 0,
               accepts: { r, s, _ in withinFactor(r, s, 1.5) }, tolerance: "factor 1.5"),
        Figure(name: "fall 40 dB (ms)", value: { $0.fall40 * 1000 }, digits: 0,
               // A recording that never falls 40 dB above its noise floor, or before it
               // ends, gives no figure to match.
               accepts: { r, s, _ in r.isFinite ? withinFactor(r, s, 1.5) : true },
               tolerance: "factor 1.5 (when the recording falls 40 dB at all)"),
        Figure(name: "peaks", value: { Double($0.peakCount) }, digits: 0,
               accepts: { r, s, _ in withinFactor(max(r, 1), max(s, 1), 2.5) }, tolerance: "factor 2.5"),
        Figure(name: "floor 1-5k (dB)", value: \.noiseFloor, digits: 0,
               accepts: { r, s, _ in abs(s - r) <= 10 }, tolerance: "10 dB"),
        Figure(name: "attack noise", value: \.attackNoise, digits: 2,
               accepts: { r, s, _ in abs(s - r) <= 0.25 }, tolerance: "0.25"),
        Figure(name: ">4 kHz", value: \.brightness, digits: 3,
               accepts: { r, s, _ in abs(s - r) <= 0.05 }, tolerance: "0.05"),
        Figure(name: "bayan glide", value: \.glide, digits: 3,
               accepts: { r, s, bol in !glides.contains(bol.name) || abs(s - r) <= 0.04 },
               tolerance: "0.04 (Ge, Dha)", applies: { glides.contains($0.name) }),
        Figure(name: "glide 75-150 ms", value: \.lateGlide, digits: 3,
               accepts: { r, s, bol in !glides.contains(bol.name) || abs(s - r) <= 0.03 },
               tolerance: "0.03 (Ge, Dha)", applies: { glides.contains($0.name) }),
    ]

    /// One bol measured on the recording and on the synthesis.
    public struct Row: Sendable {
        /// The bol.
        public var bol: Bol
        /// The recording's figures.
        public var real: SoundMeasurement
        /// The synthesised sound's figures, over the same span after the onset.
        public var synthetic: SoundMeasurement

        /// The names of the figures outside their tolerance.
        public var failures: [String] {
            figures.filter { !$0.accepts($0.value(real), $0.value(synthetic), bol) }.map(\.name)
        }

        /// Whether every figure is within tolerance.
        public var withinTolerance: Bool { failures.isEmpty }
    }

    /// Measures every bank bol that has a recording in `reference` (flat layout, or
    /// the first take of a per-bol folder) against the synthesis at `sa`.
    public static func compare(reference: String, sa: Pitch = .defaultSa) throws(AudioError) -> [Row] {
        let real = try SampleBank.load(directory: reference, rate: 44100)
        let synth = Synthesizer(sa: sa, rate: 44100)
        var rows: [Row] = []
        for bol in Synthesizer.bankBols {
            guard let take = real.takes[bol]?.first, let synthetic = synth.render(bol) else { continue }
            rows.append(compare(recording: take.mono, synthetic: synthetic, bol: bol))
        }
        return rows
    }

    /// Measures one recording and one synthetic sound over the same span after their
    /// onsets (the recording's).
    public static func compare(recording mono: [Float], synthetic: [Float], bol: Bol) -> Row {
        let window = Double(mono.count - SoundMeasurement.onset(mono)) / 44100
        return Row(bol: bol, real: SoundMeasurement(mono: mono, rate: 44100),
                   synthetic: SoundMeasurement(mono: synthetic, rate: 44100, window: window))
    }

    /// The rows as a Markdown table: each figure real / synthetic, and the figures
    /// out of tolerance.
    public static func table(_ rows: [Row]) -> String {
        func f(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : (x.isNaN ? "-" : "never") }
        var lines = [
            "| bol | " + figures.map { "\($0.name) real / synth" }.joined(separator: " | ") + " | out of tolerance |",
            "|---|" + String(repeating: "---:|", count: figures.count) + "---|",
        ]
        for r in rows {
            let cells = figures.map {
                $0.applies(r.bol) ? "\(f($0.value(r.real), $0.digits)) / \(f($0.value(r.synthetic), $0.digits))" : "-"
            }
            let failures = r.failures
            lines.append("| \(r.bol.name) | " + cells.joined(separator: " | ") + " | \(failures.isEmpty ? "none" : failures.joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
