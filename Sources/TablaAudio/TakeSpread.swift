import Foundation
import TablaNotation
import TablaSynthesis

extension Calibration {
    /// How much the takes of one stroke differ from each other: for each figure, the
    /// median over every pair of takes of their absolute difference (Shamos'
    /// estimator of spread). Over pairs, it does not grow with the number of takes, so
    /// two recorded takes can be set against eight synthesised ones; a median, one odd
    /// take (a Ke whose thump keeps it above -20 dB for 100 ms instead of 30) does not
    /// swamp it.
    ///
    /// ```swift
    /// let spread = Calibration.TakeSpread(takes: [ke, kat])
    /// spread.level   // dB
    /// ```
    public struct TakeSpread: Hashable, Sendable {
        /// Level: RMS of the 50 ms from the onset (the loudness `--normalize-takes`
        /// matches), in dB.
        public var level: Double
        /// Time to fall 20 dB from the peak (``SoundMeasurement/fall20``), as a share
        /// of the pair's mean (0.1: 10%); pairs where either never falls 20 dB count
        /// only when both never do (as 0).
        public var fall: Double
        /// Strongest partial (``SoundMeasurement/strongestPartial``), in cents.
        public var pitch: Double
        /// Spectral centroid (``SoundMeasurement/centroid``), as a share of the
        /// pair's mean.
        public var brightness: Double
        /// The share of pairs in which the louder take is also the brighter (higher
        /// centroid): 1 when loudness and brightness always go together, 0.5 when
        /// they are unrelated. NaN for pairs of equal level only.
        public var louderIsBrighter: Double
        /// How many takes were measured.
        public var count: Int

        /// Measures `takes` (mono, at `rate`), each over at most `window` seconds
        /// after its onset (as ``Calibration/compare(recording:synthetic:bol:)``
        /// measures a synthetic sound over a recording's span).
        public init(takes: [[Float]], rate: Double = 44100, window: Double? = nil) {
            let measured = takes.map { SoundMeasurement(mono: $0, rate: rate, window: window) }
            let levels = takes.map { Self.level($0, rate: rate) }
            var level: [Double] = [], fall: [Double] = [], pitch: [Double] = [], brightness: [Double] = []
            var brighter = 0.0, ordered = 0
            for i in takes.indices {
                for j in takes.indices where j > i {
                    let a = measured[i], b = measured[j]
                    level.append(abs(levels[i] - levels[j]))
                    if a.fall20.isFinite && b.fall20.isFinite {
                        fall.append(abs(a.fall20 - b.fall20) / ((a.fall20 + b.fall20) / 2))
                    } else if a.fall20 == b.fall20 {
                        fall.append(0)
                    }
                    pitch.append(abs(1200 * log2(a.strongestPartial / b.strongestPartial)))
                    brightness.append(abs(a.centroid - b.centroid) / ((a.centroid + b.centroid) / 2))
                    if levels[i] != levels[j] {
                        ordered += 1
                        if (levels[i] > levels[j]) == (a.centroid > b.centroid) { brighter += 1 }
                    }
                }
            }
            self.level = Self.median(level)
            self.fall = Self.median(fall)
            self.pitch = Self.median(pitch)
            self.brightness = Self.median(brightness)
            self.louderIsBrighter = ordered > 0 ? brighter / Double(ordered) : .nan
            self.count = takes.count
        }

        /// The median (NaN for none).
        static func median(_ x: [Double]) -> Double {
            guard !x.isEmpty else { return .nan }
            let s = x.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }

        /// RMS of the 50 ms from the onset, in dB below full scale.
        public static func level(_ mono: [Float], rate: Double = 44100) -> Double {
            let onset = SoundMeasurement.onset(mono)
            let part = mono[onset..<min(mono.count, onset + Int(0.05 * rate))]
            guard !part.isEmpty else { return -.infinity }
            let power = part.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(part.count)
            return 10 * log10(power)
        }
    }

    /// One bol's take spread, recorded and synthesised.
    public struct SpreadRow: Sendable {
        /// The bol.
        public var bol: Bol
        /// The recorded takes' spread; nil when the reference has one take of it.
        public var real: TakeSpread?
        /// The synthesised takes' spread (``Synthesizer/render(_:take:)``).
        public var synthetic: TakeSpread
    }

    /// The spread of `takes` synthesised takes of every bank bol, and of the recorded
    /// takes of each bol that `reference` holds two or more of (a folder per bol:
    /// `Ke/ke.wav`, `Ke/kat.wav`). The synthesised takes are measured over the span of
    /// the bol's first recording after its onset, or whole when there is none.
    public static func takeSpreads(reference: String, sa: Pitch = .defaultSa, takes: Int) throws(AudioError) -> [SpreadRow] {
        let real = try SampleBank.load(directory: reference, rate: 44100)
        let synth = Synthesizer(sa: sa, rate: 44100)
        return Synthesizer.bankBols.map { bol in
            let recorded = real.takes[bol]?.map(\.mono) ?? []
            let window = recorded.first.map { Double($0.count - SoundMeasurement.onset($0)) / 44100 }
            let synthetic = (0..<max(2, takes)).map { synth.render(bol, take: $0)! }
            return SpreadRow(bol: bol, real: recorded.count > 1 ? TakeSpread(takes: recorded) : nil,
                             synthetic: TakeSpread(takes: synthetic, window: window))
        }
    }

    /// The rows as a Markdown table, recorded / synthesised (`-` without recorded takes).
    public static func spreadTable(_ rows: [SpreadRow]) -> String {
        func cell(_ real: Double?, _ synthetic: Double, _ format: String) -> String {
            func f(_ x: Double) -> String { x.isNaN ? "-" : String(format: format, x) }
            return (real.map(f) ?? "-") + " / " + f(synthetic)
        }
        var lines = [
            "| bol | takes real / synth | level (dB) real / synth | fall 20 dB (%) real / synth | pitch (cents) real / synth | centroid (%) real / synth | louder is brighter real / synth |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in rows {
            lines.append("| \(r.bol.name) | \(r.real.map { String($0.count) } ?? "1") / \(r.synthetic.count) | "
                + cell(r.real?.level, r.synthetic.level, "%.1f") + " | "
                + cell(r.real.map { $0.fall * 100 }, r.synthetic.fall * 100, "%.0f") + " | "
                + cell(r.real?.pitch, r.synthetic.pitch, "%.0f") + " | "
                + cell(r.real.map { $0.brightness * 100 }, r.synthetic.brightness * 100, "%.1f") + " | "
                + cell(r.real?.louderIsBrighter, r.synthetic.louderIsBrighter, "%.2f") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
