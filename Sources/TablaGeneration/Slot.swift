import TablaNotation

/// Where a pulse falls in the taal: what the model is told about the slot it fills.
public struct Slot: Hashable, Sendable {
    /// The taal.
    public var taal: Taal
    /// Matra within the cycle, 1-based.
    public var matra: Int
    /// Index of the pulse within its matra, 0-based.
    public var pulse: Int
    /// Bols in this matra (the layakari).
    public var pulsesInMatra: Int
    /// The final sam of a piece that ends on sam.
    public var isLanding: Bool

    /// Creates a slot.
    public init(taal: Taal, matra: Int, pulse: Int, pulsesInMatra: Int, isLanding: Bool = false) {
        self.taal = taal
        self.matra = matra
        self.pulse = pulse
        self.pulsesInMatra = pulsesInMatra
        self.isLanding = isLanding
    }
}

/// Turns a slot into the per-step feature vector fed to the LSTM beside the token.
///
/// Layout (documented in docs/MODEL.md): taal one-hot (catalogue + other), matra
/// one-hot (up to 16, wrapping), cycle phase sin/cos, vibhag mark (sam / taali /
/// khali), first matra of a vibhag, last matra of the cycle, matras left to sam,
/// bols-per-matra one-hot (1, 2, 3, 4, 6, 8, other), pulse index one-hot (0-7),
/// landing on sam, section boundary.
public enum SlotFeatures {
    static let taalNames = TaalCatalogue.standard.taals.map(\.name)
    static let layakaris = [1, 2, 3, 4, 6, 8]

    /// Names of the features, in order (stored in the checkpoint).
    public static let names: [String] = taalNames.map { "taal=\($0)" } + ["taal=other"]
        + (1...16).map { "matra=\($0)" } + ["phase.sin", "phase.cos", "mark=sam", "mark=taali", "mark=khali",
                                           "vibhag.first", "cycle.last", "to.sam"]
        + layakaris.map { "layakari=\($0)" } + ["layakari=other"] + (0..<8).map { "pulse=\($0)" }
        + ["landing", "boundary"]

    /// Number of features.
    public static var count: Int { names.count }

    /// Writes the features of `slot` (or of a section boundary when nil) into
    /// `out[base..<base + count]`, which must hold zeros.
    public static func write(_ slot: Slot?, into out: inout [Float], at base: Int) {
        guard let slot else {
            out[base + count - 1] = 1
            return
        }
        var i = base
        let taalIndex = taalNames.firstIndex(of: slot.taal.name) ?? taalNames.count
        out[i + taalIndex] = 1
        i += taalNames.count + 1
        let n = slot.taal.matras
        out[i + (slot.matra - 1) % 16] = 1
        i += 16
        let phase = 2 * Float.pi * (Float(slot.matra - 1) + Float(slot.pulse) / Float(slot.pulsesInMatra)) / Float(n)
        out[i] = sin(phase)
        out[i + 1] = cos(phase)
        i += 2
        let vibhag = slot.taal.vibhagIndex(ofMatra: slot.matra)
        switch slot.taal.marks[vibhag] {
        case .sam: out[i] = 1
        case .taali: out[i + 1] = 1
        case .khali: out[i + 2] = 1
        }
        if slot.matra == 1 { out[i] = 1 }  // sam is sam even where it is khali (Rupak)
        i += 3
        if slot.taal.vibhagStarts[vibhag] == slot.matra { out[i] = 1 }
        if slot.matra == n { out[i + 1] = 1 }
        out[i + 2] = Float(n - slot.matra) / Float(max(1, n - 1))
        i += 3
        out[i + (layakaris.firstIndex(of: slot.pulsesInMatra) ?? layakaris.count)] = 1
        i += layakaris.count + 1
        out[i + min(slot.pulse, 7)] = 1
        i += 8
        if slot.isLanding { out[i] = 1 }
    }

    /// The features of one slot as a new array.
    public static func vector(_ slot: Slot?) -> [Float] {
        var v = [Float](repeating: 0, count: count)
        write(slot, into: &v, at: 0)
        return v
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
