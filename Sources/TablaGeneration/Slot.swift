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
    /// What the section this slot belongs to does in the composition.
    public var role: SectionRole
    /// The half of a kaida theme or palta (nil outside them).
    public var half: KaidaHalf?
    /// How far through the section the slot falls, 0 at its first pulse, below 1.
    public var sectionPhase: Float
    /// How far through its half (bhari or khali) the slot falls; 0 outside a half.
    public var halfPhase: Float

    /// Creates a slot.
    public init(taal: Taal, matra: Int, pulse: Int, pulsesInMatra: Int, isLanding: Bool = false,
                role: SectionRole = .other, half: KaidaHalf? = nil, sectionPhase: Float = 0, halfPhase: Float = 0) {
        self.taal = taal
        self.matra = matra
        self.pulse = pulse
        self.pulsesInMatra = pulsesInMatra
        self.isLanding = isLanding
        self.role = role
        self.half = half
        self.sectionPhase = sectionPhase
        self.halfPhase = halfPhase
    }
}

extension Slot {
    /// The slots of a section laid out matra by matra: `matraSizes[i]` pulses in its
    /// i-th matra, the first on matra `start` of the cycle. A theme or palta with an even
    /// number of matras is split into its bhari and khali halves.
    public static func layout(taal: Taal, start: Int, matraSizes: [Int], ends: Ending = .cycle,
                              role: SectionRole = .other) -> [Slot] {
        let count = matraSizes.count
        let halves = role.hasHalves && count >= 2 && count % 2 == 0
        let halfLength = Float(count / 2)
        return CycleGrid(taal: taal, start: start, ends: ends, pulseCounts: matraSizes).pulses.map { position in
            var slot = Slot(taal: taal, position)
            slot.role = role
            let offset = Float(position.offset)
            slot.sectionPhase = offset / Float(count)
            if halves {
                let bhari = position.matra.index < count / 2
                slot.half = bhari ? .bhari : .khali
                slot.halfPhase = (offset - (bhari ? 0 : halfLength)) / halfLength
            }
            return slot
        }
    }
}

/// The part a section plays in its composition: what the model is told so that it can
/// hear a theme from its paltas and a tihai from a theka.
public enum SectionRole: String, Sendable, Hashable, CaseIterable {
    /// A kaida's or rela's theme (mukh): bhari half then khali half.
    case theme
    /// A variation of the theme, with the same two halves.
    case palta
    /// A tihai (or the closing cadence of a cadential piece).
    case tihai
    /// A theka or one of its prakars.
    case theka
    /// Anything else: a gat, a tukda's body, a free section.
    case other

    /// The role of `section` in a piece of form `form`, read from its name (`[theme]`,
    /// `[palta 3]`, `[tihai]`, `[theka]`, `[prakar 2]`) and, for an unnamed section, the form.
    public init(section: Section, form: Form?) {
        let name = (section.name ?? "").lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter }).map(String.init)
        func has(_ keys: [String]) -> Bool { words.contains { w in keys.contains { w.hasPrefix($0) } } }
        if has(["theme", "mukh", "qaida", "kaida"]) && !has(["palta"]) {
            self = .theme
        } else if has(["palta", "variation", "vistar", "bal"]) {
            self = .palta
        } else if has(["tihai", "tihayi"]) {
            self = .tihai
        } else if has(["theka", "prakar"]) {
            self = .theka
        } else if name.isEmpty, let form {
            switch form {
            case .theka: self = .theka
            case .tihai: self = .tihai
            default: self = .other
            }
        } else {
            self = .other
        }
    }

    /// Whether sections of this role are built of a bhari half and a khali half.
    public var hasHalves: Bool { self == .theme || self == .palta }
}

/// The two halves of a kaida theme or palta.
public enum KaidaHalf: String, Sendable, Hashable, CaseIterable {
    /// The open half, with the resonant bayan strokes.
    case bhari
    /// Its mirror with the bayan closed, returning to the open bols before sam.
    case khali
}

/// Turns a slot into the per-step feature vector fed to the LSTM beside the token.
///
/// Layout (documented in docs/MODEL.md): taal one-hot (catalogue + other), matra
/// one-hot (up to 16, wrapping), cycle phase sin/cos, vibhag mark (sam / taali /
/// khali), first matra of a vibhag, last matra of the cycle, matras left to sam,
/// bols-per-matra one-hot (1, 2, 3, 4, 6, 8, other), pulse index one-hot (0-7),
/// the section's role (theme, palta, tihai, theka, other), the kaida half (bhari,
/// khali), how far through the section and through the half, whether the slot is in
/// the half's second half (the return), landing on sam, section boundary.
public enum SlotFeatures {
    static let taalNames = TaalCatalogue.standard.taals.map(\.name)
    static let layakaris = [1, 2, 3, 4, 6, 8]

    /// Names of the features, in order (stored in the checkpoint).
    public static let names: [String] = taalNames.map { "taal=\($0)" } + ["taal=other"]
        + (1...16).map { "matra=\($0)" } + ["phase.sin", "phase.cos", "mark=sam", "mark=taali", "mark=khali",
                                           "vibhag.first", "cycle.last", "to.sam"]
        + layakaris.map { "layakari=\($0)" } + ["layakari=other"] + (0..<8).map { "pulse=\($0)" }
        + SectionRole.allCases.map { "role=\($0.rawValue)" } + KaidaHalf.allCases.map { "half=\($0.rawValue)" }
        + ["phase", "half.return"]
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
        out[i + SectionRole.allCases.firstIndex(of: slot.role)!] = 1
        i += SectionRole.allCases.count
        if let half = slot.half { out[i + KaidaHalf.allCases.firstIndex(of: half)!] = 1 }
        i += KaidaHalf.allCases.count
        // How far through: the half of a theme or palta, else the section (one number, so
        // a kaida's halves and a tihai's approach to sam read alike).
        out[i] = slot.half != nil ? slot.halfPhase : slot.sectionPhase
        // The second half of a half: where the khali half returns to the open bols.
        if slot.half != nil && slot.halfPhase >= 0.5 { out[i + 1] = 1 }
        i += 2
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
