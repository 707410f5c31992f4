import TablaNotation

/// The recipe for one synthesised sound: modal partials plus a noise strike.
///
/// Frequencies are ratios of the drum's base pitch: Sa for the dayan, ``bayanRatio``
/// times Sa for the bayan. Levels are in dB relative to each other; the whole sound
/// is scaled to ``peak`` afterwards.
public struct StrokeModel: Hashable, Sendable {
    /// One exponentially decaying partial.
    public struct Mode: Hashable, Sendable {
        /// Frequency as a multiple of the drum's base pitch.
        public var ratio: Double
        /// Initial level in dB.
        public var level: Double
        /// Decay rate in dB per second.
        public var decay: Double
        /// Creates a partial.
        public init(_ ratio: Double, _ level: Double, _ decay: Double) {
            self.ratio = ratio
            self.level = level
            self.decay = decay
        }
    }

    /// The short burst of band-limited noise of the hand hitting the skin.
    public struct Strike: Hashable, Sendable {
        /// Initial level in dB.
        public var level: Double
        /// Decay rate in dB per second.
        public var decay: Double
        /// High-pass corner in hertz.
        public var low: Double
        /// Low-pass corner in hertz.
        public var high: Double
        /// Creates a strike.
        public init(level: Double, decay: Double, low: Double, high: Double) {
            self.level = level
            self.decay = decay
            self.low = low
            self.high = high
        }
    }

    /// The partials of one drum in this sound.
    public struct Voice: Hashable, Sendable {
        /// Which drum's base pitch the ratios multiply.
        public var drum: Drum
        /// The partials.
        public var modes: [Mode]
        /// The strike noise, if any.
        public var strike: Strike?
        /// Relative pitch excess at the strike that glides away (Ge: wrist pressure
        /// released as the note rings), 0 for none.
        public var glide: Double
        /// Time constant of the glide in seconds.
        public var glideTime: Double
        /// A quieter, longer noise under the partials: the skin and shell still
        /// rustling after the strike, which real strokes have and pure partials lack
        /// (it sets the spectral floor and peak density the calibration measures).
        public var residue: Strike?
        /// Time constant of the partials' rise in seconds (the bayan's is slower:
        /// the palm presses the skin before it rings).
        public var attack: Double
        /// Creates a voice.
        public init(_ drum: Drum, _ modes: [Mode], strike: Strike? = nil, residue: Strike? = nil,
                    glide: Double = 0, glideTime: Double = 0.1, attack: Double = 0.0008) {
            self.drum = drum
            self.modes = modes
            self.strike = strike
            self.residue = residue
            self.glide = glide
            self.glideTime = glideTime
            self.attack = attack
        }
    }

    /// The voices struck together (two for Dha and Dhin).
    public var voices: [Voice]
    /// Peak amplitude of the finished sound (full scale = 1), setting the balance
    /// between strokes as in the reference recordings.
    public var peak: Double

    /// Creates a model.
    public init(_ voices: [Voice], peak: Double) {
        self.voices = voices
        self.peak = peak
    }

    /// The bayan's base pitch as a fraction of Sa (the reference Ge sits near 105 Hz
    /// under a C#4 dayan: an octave and a fourth below).
    public static let bayanRatio = 0.378
}
