import Foundation
import TablaNotation

extension Synthesizer {
    /// How far the takes of one stroke differ from its calibrated sound: each
    /// partial's level by up to ±1.5 dB and its decay by ±10%, the strike's level by
    /// ±1 dB, the pitch by ±0.5% (9 cents, under what a player hears as retuning),
    /// the bayan's glide by ±20%; and the whole take up to 4 dB softer, a softer
    /// stroke being darker. Set against the two recorded takes of one stroke
    /// (docs/SOUND.md, "Take spread"): a strike varied by ±2 dB moved a closed
    /// stroke's 20 dB fall between takes by 25%, the recorded pair's by 7%.
    public enum TakeVariation {
        /// Largest change of a partial's level, in dB.
        public static let partialLevel = 1.5
        /// Largest relative change of a decay rate.
        public static let decay = 0.10
        /// Largest change of the strike's level, in dB.
        public static let strikeLevel = 1.0
        /// Largest relative change of the pitch.
        public static let pitch = 0.005
        /// Largest relative change of the glide.
        public static let glide = 0.20
        /// Softest take, in dB below the calibrated one.
        public static let softest = 4.0
        /// How much darker a softer take is: dB taken off a partial per dB of
        /// softness and per octave it lies above the drum's loudest partial (a light
        /// stroke excites the upper modes less), and the share of the softness taken
        /// off the strike's low-pass corner.
        public static let darkening = 0.4
    }

    /// Take `take` of a bank sound (0 is ``render(_:)-(Bol)``, the calibrated sound):
    /// the same stroke played again, varied within ``TakeVariation``, seeded by the
    /// bol and the take so every run gives the same takes. Nil for bols outside
    /// ``bankBols``.
    public func render(_ bol: Bol, take: Int) -> [Float]? {
        guard let (model, seed) = Self.model(for: bol, take: take) else { return nil }
        return render(model, seed: seed)
    }

    /// Take `take` of a bank sound split by drum, as ``renderLayers(_:)`` splits the
    /// calibrated sound: the layers add up to ``render(_:take:)``. The built-in bank
    /// keeps Dha's and Dhin's takes this way so the choke acts on each drum.
    public func renderLayers(_ bol: Bol, take: Int) -> [(drum: Drum, samples: [Float])]? {
        guard let (model, seed) = Self.model(for: bol, take: take) else { return nil }
        return zip(model.voices, renderVoices(model, seed: seed)).map { ($0.drum, $1) }
    }

    /// The model and strike-noise seed of take `take` of a bank sound: take 0 is the
    /// calibrated model, later takes vary it within ``TakeVariation``. Nil for bols
    /// outside ``bankBols``.
    public static func model(for bol: Bol, take: Int) -> (model: StrokeModel, seed: UInt64)? {
        guard var model = Self.model(for: bol), let index = Self.bankBols.firstIndex(of: bol) else { return nil }
        guard take > 0 else { return (model, UInt64(index) &+ 0x7AB1A) }
        var rng = SplitMix64(seed: 0x7A4E_0000 &+ UInt64(index) &* 1009 &+ UInt64(take))
        let softness = TakeVariation.softest * (rng.nextSigned() + 1) / 2
        let pitch = 1 + TakeVariation.pitch * rng.nextSigned()
        for v in model.voices.indices {
            // Darker above the partial the stroke rings on, so a soft Na still rings on
            // its third mode.
            let main = model.voices[v].modes.max { $0.level < $1.level }?.ratio ?? 1
            for m in model.voices[v].modes.indices {
                let octaves = max(0, log2(model.voices[v].modes[m].ratio / main))
                model.voices[v].modes[m].level += TakeVariation.partialLevel * rng.nextSigned()
                    - TakeVariation.darkening * softness * octaves
                model.voices[v].modes[m].decay *= 1 + TakeVariation.decay * rng.nextSigned()
                model.voices[v].modes[m].ratio *= pitch
            }
            if model.voices[v].strike != nil {
                model.voices[v].strike!.level += TakeVariation.strikeLevel * rng.nextSigned()
                model.voices[v].strike!.high *= pow(10, -TakeVariation.darkening * softness / 20)
            }
            model.voices[v].glide *= 1 + TakeVariation.glide * rng.nextSigned()
        }
        model.peak *= pow(10, -softness / 20)
        return (model, UInt64(index) &+ 0x7AB1A &+ UInt64(take) &* 0x9E37)
    }
}
