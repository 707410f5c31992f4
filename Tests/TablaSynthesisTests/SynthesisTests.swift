import Foundation
import Testing
import TablaNotation
@testable import TablaSynthesis

@Suite("Pitch")
struct PitchTests {
    @Test(arguments: [
        ("A4", 440.0), ("C#4", 277.1826), ("Db4", 277.1826), ("c#4", 277.1826), ("D4", 293.6648), ("C4", 261.6256),
        ("A3", 220.0), ("277.2", 277.2), ("300Hz", 300.0), (" 261.63 ", 261.63),
    ])
    func parses(text: String, hertz: Double) {
        // Equal temperament from A4 = 440 Hz: 440 * 2^(semitones/12), typed in from a table.
        #expect(abs(Pitch(parsing: text)!.hertz - hertz) < 0.001)
    }

    @Test(arguments: ["", "H4", "C", "C#", "C#x", "0", "-277", "1e9", "nan", "C#12"])
    func rejects(text: String) {
        #expect(Pitch(parsing: text) == nil)
    }
}

@Suite("Random")
struct RandomTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // First outputs of the reference C implementation for seed 0.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func signedValuesStayInRange() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<10000 {
            let v = rng.nextSigned()
            #expect(v >= -1 && v < 1)
        }
    }
}

@Suite("Measuring")
struct MeasurementTests {
    /// A sine decaying at `decay` dB/s.
    func tone(_ hz: Double, decay: Double, seconds: Double = 1.5, rate: Double = 44100) -> [Float] {
        (0..<Int(seconds * rate)).map { i in
            let t = Double(i) / rate
            return Float(sin(2 * .pi * hz * t) * pow(10, -decay * t / 20))
        }
    }

    @Test(arguments: [(110.0, 40.0), (277.18, 80.0), (754.0, 50.0), (1500.0, 200.0)])
    func decayingSine(hz: Double, decay: Double) {
        let m = SoundMeasurement(mono: tone(hz, decay: decay), rate: 44100)
        #expect(abs(m.strongestPartial / hz - 1) < 0.005, "partial \(m.strongestPartial)")
        // One partial: the centroid is the partial, up to the window's leakage.
        #expect(abs(m.centroid / hz - 1) < 0.10, "centroid \(m.centroid)")
        // 40 dB at `decay` dB/s.
        #expect(abs(m.decay40 / (40 / decay) - 1) < 0.05, "decay \(m.decay40)")
    }

    @Test func twoPartialsCentroidIsTheirMagnitudeWeightedMean() {
        // Equal-amplitude, undamped 500 and 1500 Hz: centroid (500 + 1500) / 2.
        let rate = 44100.0
        let x = (0..<20000).map { i in Float(0.4 * sin(2 * .pi * 500 * Double(i) / rate) + 0.4 * sin(2 * .pi * 1500 * Double(i) / rate)) }
        let m = SoundMeasurement(mono: x, rate: rate)
        #expect(abs(m.centroid - 1000) < 40)
        #expect(m.decay40 == .infinity)
    }

    @Test func windowLimitsTheAnalysis() {
        // After 0.2 s the tone stops; measured over 0.2 s it never fell 40 dB.
        var x = tone(440, decay: 20, seconds: 0.2)
        x += [Float](repeating: 0, count: 44100)
        let whole = SoundMeasurement(mono: x, rate: 44100)
        let windowed = SoundMeasurement(mono: x, rate: 44100, window: 0.2)
        #expect(abs(windowed.decay40 - 2.0) < 0.2)
        #expect(whole.decay40 < 1.0)
    }
}

@Suite("Synthesis")
struct SynthesisTests {
    let synth = Synthesizer()

    @Test func bankHasEveryStrokeAndDhaDhin() {
        let names = Set(Synthesizer.bankBols.map(\.name))
        for stroke in Stroke.allCases { #expect(names.contains(stroke.displayName), "\(stroke)") }
        #expect(names.isSuperset(of: ["Dha", "Dhin"]))
        #expect(synth.render(Bol.named("Dhi")!) == nil)
    }

    @Test(arguments: Synthesizer.bankBols)
    func soundsAreDeterministicShortAndScaledToTheirPeak(bol: Bol) {
        let a = synth.render(bol)!, b = synth.render(bol)!
        #expect(a == b)
        #expect(a.count <= Int(1.9 * 44100))
        let peak = a.reduce(Float(0)) { max($0, abs($1)) }
        #expect(abs(Double(peak) - Synthesizer.model(for: bol)!.peak) < 1e-4)
        #expect(a.last.map { abs($0) < 1e-4 } == true, "ends in silence")
    }

    @Test(arguments: [("Dha", ["Ge", "Na"]), ("Dhin", ["Ge", "Tin"])])
    func dhaAndDhinAreNotTheirStrokesMixed(name: String, strokes: [String]) {
        // The reason they have sounds of their own: mixing the strokes gives another
        // strongest partial and a much brighter sound.
        let own = synth.render(Bol.named(name)!)!
        var mixed = [Float](repeating: 0, count: Int(1.9 * 44100))
        for stroke in strokes {
            for (i, v) in synth.render(Bol.named(stroke)!)!.enumerated() { mixed[i] += v }
        }
        let a = SoundMeasurement(mono: own, rate: 44100), b = SoundMeasurement(mono: mixed, rate: 44100)
        #expect(abs(a.strongestPartial / b.strongestPartial - 1) > 0.05 || abs(a.centroid / b.centroid - 1) > 0.3,
                "\(name): \(a) vs \(b)")
    }

    @Test func closedStrokesDieFasterThanOpenOnes() {
        func decay(_ name: String) -> Double { SoundMeasurement(mono: synth.render(Bol.named(name)!)!, rate: 44100).decay40 }
        for closed in ["Te", "Ti", "Ra"] {
            for open in ["Na", "Tin", "Tun", "Ge"] { #expect(decay(closed) < decay(open), "\(closed) vs \(open)") }
        }
    }

    @Test func saMovesEveryDayanPartial() {
        // An octave up doubles the strongest partial of Na.
        let na = Bol.named("Na")!
        let low = SoundMeasurement(mono: Synthesizer(sa: Pitch(hertz: 200)).render(na)!, rate: 44100)
        let high = SoundMeasurement(mono: Synthesizer(sa: Pitch(hertz: 400)).render(na)!, rate: 44100)
        #expect(abs(high.strongestPartial / low.strongestPartial - 2) < 0.01)
    }

    @Test func geGlidesDownWhileItRings() {
        let ge = synth.render(Bol.named("Ge")!)!
        let early = SoundMeasurement(mono: Array(ge[0..<2048]) + [Float](repeating: 0, count: 14336), rate: 44100)
        let late = SoundMeasurement(mono: Array(ge[13230..<(13230 + 16384)]), rate: 44100)
        let base = Pitch.defaultSa.hertz * StrokeModel.bayanRatio
        #expect(early.strongestPartial > late.strongestPartial)
        #expect(abs(late.strongestPartial / base - 1) < 0.02)
    }

    @Test func otherRatesKeepThePitch() {
        let tin = Bol.named("Tin")!
        let a = SoundMeasurement(mono: Synthesizer(rate: 44100).render(tin)!, rate: 44100)
        let b = SoundMeasurement(mono: Synthesizer(rate: 48000).render(tin)!, rate: 48000)
        #expect(abs(a.strongestPartial / b.strongestPartial - 1) < 0.01)
    }
}
