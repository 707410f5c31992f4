import Foundation
import TablaNotation

/// Modal synthesis of tabla strokes: sums of exponentially decaying partials with a
/// short noise strike, deterministic for a given Sa and sample rate.
///
/// ```swift
/// let synth = Synthesizer(sa: .defaultSa, rate: 44100)
/// let na = synth.render(Bol.named("Na")!)   // mono samples in -1...1
/// ```
public struct Synthesizer: Sendable {
    /// The dayan's tonic.
    public var sa: Pitch
    /// Output sample rate in hertz.
    public var rate: Double

    /// Creates a synthesiser.
    public init(sa: Pitch = .defaultSa, rate: Double = 44100) {
        self.sa = sa
        self.rate = rate
    }

    /// The sounds of the bank, in a fixed order: every elementary stroke, then the
    /// compound bols whose sound differs from their strokes mixed (Dha, Dhin).
    public static let bankBols: [Bol] = ["Na", "Ta", "Tin", "Tun", "Te", "Ti", "Ra", "Ge", "Ke", "Kat", "Dha", "Dhin"]
        .map { Bol.named($0)! }

    /// Longest sound, in seconds.
    public static let maxDuration = 1.9

    /// The model for a bank sound, or nil for a bol that is mixed from its strokes.
    public static func model(for bol: Bol) -> StrokeModel? { StrokeModel.catalogue[bol.name] }

    /// Synthesises a bank sound (see ``bankBols``); nil for other bols.
    public func render(_ bol: Bol) -> [Float]? { render(bol, take: 0) }

    /// Synthesises any model; `seed` fixes the strike noise.
    public func render(_ model: StrokeModel, seed: UInt64) -> [Float] {
        let voices = renderVoices(model, seed: seed)
        var sum = voices[0]
        for voice in voices.dropFirst() { for i in sum.indices { sum[i] += voice[i] } }
        return sum
    }

    /// A bank sound split by drum: for Dha and Dhin the bayan and the dayan apart, so
    /// the renderer can stop one drum's ringing without the other's. The layers add
    /// up to ``render(_:)-(Bol)`` (within float rounding); nil for other bols.
    public func renderLayers(_ bol: Bol) -> [(drum: Drum, samples: [Float])]? { renderLayers(bol, take: 0) }

    /// Each voice of the model, faded and scaled together so they sum to the sound.
    func renderVoices(_ model: StrokeModel, seed: UInt64) -> [[Float]] {
        let dbToLinear = { (db: Double) in pow(10, db / 20) }
        // Long enough for every component to fall 66 dB below full scale.
        var seconds = 0.1
        for voice in model.voices {
            for mode in voice.modes { seconds = max(seconds, (mode.level + 66) / mode.decay) }
            for s in [voice.strike, voice.residue].compactMap({ $0 }) { seconds = max(seconds, (s.level + 66) / s.decay) }
        }
        let count = Int((min(seconds, Self.maxDuration) * rate).rounded())
        var voiceOutputs: [[Double]] = []
        var rng = SplitMix64(seed: seed)
        let dt = 1 / rate
        for voice in model.voices {
            var out = [Double](repeating: 0, count: count)
            let base = voice.drum == .dayan ? sa.hertz : sa.hertz * StrokeModel.bayanRatio
            // Damped phasors, four partials at a time in SIMD lanes: one complex
            // multiply per sample instead of sin(), and four independent chains
            // instead of one. Two such groups run in the same pass, since the
            // multiply's latency, not its cost, bounds the loop (each group is still
            // added to the output in the same order as one pass per group would).
            // The rotation is recomputed every 32 samples (0.7 ms) for a gliding
            // voice: a slow glide needs no finer steps.
            let modes = voice.modes.filter { base * $0.ratio < rate / 2 }
            let attackStep = exp(-dt / voice.attack)
            let block = 32
            var first = 0
            while first < modes.count {
                var c0 = SIMD4<Double>(repeating: 0), s0 = SIMD4<Double>(repeating: 0)
                var c1 = SIMD4<Double>(repeating: 0), s1 = SIMD4<Double>(repeating: 0)
                var f0 = SIMD4<Double>(repeating: 0), damp0 = SIMD4<Double>(repeating: 1)
                var f1 = SIMD4<Double>(repeating: 0), damp1 = SIMD4<Double>(repeating: 1)
                for (k, mode) in modes[first..<min(first + 8, modes.count)].enumerated() {
                    if k < 4 {
                        c0[k] = dbToLinear(mode.level)
                        f0[k] = base * mode.ratio
                        damp0[k] = pow(10, -mode.decay * dt / 20)
                    } else {
                        c1[k - 4] = dbToLinear(mode.level)
                        f1[k - 4] = base * mode.ratio
                        damp1[k - 4] = pow(10, -mode.decay * dt / 20)
                    }
                }
                let second = modes.count - first > 4
                var attack = 1.0
                var start = 0
                out.withUnsafeMutableBufferPointer { o in
                    while start < count {
                        let middle = (Double(start) + Double(block) / 2) * dt
                        let factor = voice.glide == 0 ? 1 : 1 + voice.glide * exp(-middle / voice.glideTime)
                        var cr0 = SIMD4<Double>(repeating: 0), ci0 = SIMD4<Double>(repeating: 0)
                        var cr1 = SIMD4<Double>(repeating: 0), ci1 = SIMD4<Double>(repeating: 0)
                        for k in 0..<4 {
                            let w0 = 2 * Double.pi * f0[k] * factor * dt
                            cr0[k] = cos(w0) * damp0[k]
                            ci0[k] = sin(w0) * damp0[k]
                            let w1 = 2 * Double.pi * f1[k] * factor * dt
                            cr1[k] = cos(w1) * damp1[k]
                            ci1[k] = sin(w1) * damp1[k]
                        }
                        let end = min(count, start + block)
                        if second {
                            for i in start..<end {
                                o[i] += (1 - attack) * s0.sum()
                                o[i] += (1 - attack) * s1.sum()
                                attack *= attackStep
                                (c0, s0) = (c0 * cr0 - s0 * ci0, c0 * ci0 + s0 * cr0)
                                (c1, s1) = (c1 * cr1 - s1 * ci1, c1 * ci1 + s1 * cr1)
                            }
                        } else {
                            for i in start..<end {
                                o[i] += (1 - attack) * s0.sum()
                                attack *= attackStep
                                (c0, s0) = (c0 * cr0 - s0 * ci0, c0 * ci0 + s0 * cr0)
                            }
                        }
                        start += block
                    }
                }
                first += 8
            }
            for strike in [voice.strike, voice.residue].compactMap({ $0 }) {
                // White noise through a one-pole high-pass and four one-pole low-passes:
                // real strokes' noise falls steeply above a few kHz (under 2% of their
                // energy is above 4 kHz), which two poles did not give.
                let hp = exp(-2 * Double.pi * strike.low * dt), lp = exp(-2 * Double.pi * min(strike.high, rate * 0.45) * dt)
                let perSample = pow(10, -strike.decay * dt / 20)
                var envelope = dbToLinear(strike.level) * 3, lastIn = 0.0, high = 0.0
                var (low1, low2, low3, low4) = (0.0, 0.0, 0.0, 0.0)
                for i in 0..<count {
                    let white = rng.nextSigned()
                    high = hp * (high + white - lastIn)
                    lastIn = white
                    low1 = (1 - lp) * high + lp * low1
                    low2 = (1 - lp) * low1 + lp * low2
                    low3 = (1 - lp) * low2 + lp * low3
                    low4 = (1 - lp) * low3 + lp * low4
                    out[i] += envelope * low4
                    envelope *= perSample
                    if envelope < 1e-7 { break }
                }
            }
            voiceOutputs.append(out)
        }
        // Fade the last 5 ms so the cut is silent, then scale the sum to the model's peak.
        let fade = min(count, Int(rate * 0.005))
        var sum = [Double](repeating: 0, count: count)
        for v in voiceOutputs.indices {
            for i in (count - fade)..<count { voiceOutputs[v][i] *= Double(count - 1 - i) / Double(fade) }
            voiceOutputs[v].withUnsafeBufferPointer { voice in
                sum.withUnsafeMutableBufferPointer { total in for i in 0..<count { total[i] += voice[i] } }
            }
        }
        let peak = sum.reduce(0) { max($0, abs($1)) }
        let scale = peak > 0 ? model.peak / peak : 0
        return voiceOutputs.map { $0.map { Float($0 * scale) } }
    }
}

/// The two sounds of the click track.
public enum Click: Sendable, CaseIterable {
    /// A hand clap, on sam and the other taalis.
    case taali
    /// A soft wooden tick for the wave of a khali vibhag.
    case khali
}

extension Synthesizer {
    /// A click-track sound at full peak 1 (the renderer sets its level).
    public func render(_ click: Click) -> [Float] {
        switch click {
        case .taali:
            // A clap: a few quick bursts of mid-band noise.
            let model = StrokeModel([.init(.dayan, [], strike: .init(level: 0, decay: 600, low: 700, high: 2500))], peak: 1)
            return render(model, seed: 0xC1A9)
        case .khali:
            let model = StrokeModel([.init(.dayan, [.init(1800 / sa.hertz, 0, 500), .init(2700 / sa.hertz, -8, 700)])], peak: 1)
            return render(model, seed: 0xC1AA)
        }
    }
}
