/// A bol: one spoken syllable of tabla notation and the strokes it stands for.
///
/// Bols are values from a fixed vocabulary (``Bol/all``), so they are cheap to copy,
/// compare and hash, and their index doubles as a token id.
///
/// ```swift
/// let dha = Bol.named("Dha")!
/// dha.strokes      // [.ge, .na]
/// dha.khali.name   // "Ta"
/// ```
public struct Bol: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position in ``Bol/all``; stable for a given vocabulary.
    public let index: Int

    init(index: Int) { self.index = index }

    var entry: BolVocabulary.Entry { BolVocabulary.entries[index] }

    /// Canonical roman spelling, e.g. `Dhin`.
    public var name: String { entry.name }
    /// Canonical Devanagari spelling, e.g. `धिं`.
    public var devanagari: String { entry.devanagari }
    /// The strokes struck together for this bol (two for compound bols like Dha).
    public var strokes: [Stroke] { entry.strokes }
    /// Whether the strokes are struck as a flam (Kran, Gran, Tra) rather than together.
    public var isFlam: Bool { entry.flam }
    /// The bol that replaces this one in a khali (closed) passage: Dha -> Ta, Ge -> Ke.
    public var khali: Bol { Bol.named(entry.khali)! }
    /// Whether the bol rings the bayan (Dha, Dhin, Ge...): the sound khali avoids.
    public var isBayanResonant: Bool { entry.strokes.contains(.ge) }
    /// The drums this bol strikes.
    public var drums: Set<Drum> { Set(entry.strokes.map(\.drum)) }

    public var description: String { name }

    public static func < (lhs: Bol, rhs: Bol) -> Bool { lhs.index < rhs.index }

    /// Every bol of the vocabulary, in a fixed order.
    public static let all: [Bol] = BolVocabulary.entries.indices.map { Bol(index: $0) }

    /// Looks up a bol by its canonical roman name (case-insensitive) or any accepted
    /// single-bol spelling, roman or Devanagari.
    public static func named(_ name: String) -> Bol? {
        if let bols = BolVocabulary.spellings[name.lowercased()], bols.count == 1 { return bols[0] }
        return nil
    }
}

/// One time slot inside a matra: a bol or a rest (`-`, `S`, `ऽ`).
public enum Pulse: Hashable, Sendable {
    /// A sounded bol.
    case bol(Bol)
    /// A rest: the slot is silent and the previous stroke rings on.
    case rest

    /// The bol, or nil for a rest.
    public var bol: Bol? { if case .bol(let b) = self { b } else { nil } }

    /// The pulse in roman or Devanagari script.
    public func text(_ script: Script) -> String {
        switch self {
        case .bol(let b): script == .roman ? b.name : b.devanagari
        case .rest: script == .roman ? "-" : "ऽ"
        }
    }
}

/// The script notation is written in.
public enum Script: String, Sendable, CaseIterable, Codable {
    /// Latin letters: `Dha Dhin`.
    case roman
    /// Devanagari: `धा धिं`.
    case devanagari
}

/// The bol vocabulary as data: strokes, khali counterparts and accepted spellings.
enum BolVocabulary {
    struct Entry: Sendable {
        let name: String
        let devanagari: String
        let strokes: [Stroke]
        let khali: String
        let flam: Bool
        /// Other roman spellings (lowercase) and Devanagari spellings of this one bol.
        let aliases: [String]
    }

    static let entries: [Entry] = [
        // Compound bols: bayan Ge with a dayan stroke.
        e("Dha", "धा", [.ge, .na], khali: "Ta", ["dhaa", "dhā", "धाँ"]),
        e("Dhin", "धिं", [.ge, .tin], khali: "Tin", ["dheen", "धिन्", "धिन", "धीं", "धीन"]),
        e("Dhi", "धि", [.ge, .ti], khali: "Ti", ["dhee", "धी"]),
        e("Dhun", "धुं", [.ge, .tun], khali: "Tun", ["dhoon", "धुन्", "धुन", "धूं"]),
        e("Dhe", "धे", [.ge, .te], khali: "Te", []),
        e("Dhet", "धेत्", [.ge, .te], khali: "Tet", ["धेत"]),
        e("Dhit", "धित्", [.ge, .ti], khali: "Tit", ["धित"]),
        e("Din", "दिं", [.ge, .tin], khali: "Tin", ["deen", "दिन्", "दिन"]),
        e("Di", "दि", [.ge, .ti], khali: "Ti", ["दी"]),
        // Dayan alone.
        e("Na", "ना", [.na], khali: "Na", ["naa", "न"]),
        e("Ta", "ता", [.ta], khali: "Ta", ["taa"]),
        e("Tin", "तिं", [.tin], khali: "Tin", ["teen", "tinn", "तिन्", "तिन", "तीं", "तीन"]),
        e("Tun", "तुं", [.tun], khali: "Tun", ["tu", "thun", "toon", "thu", "तू", "तुन्", "तुन", "तूं", "थुं"]),
        e("Te", "ते", [.te], khali: "Te", ["टे"]),
        e("Ti", "ति", [.ti], khali: "Ti", ["टि"]),
        e("Ra", "र", [.ra], khali: "Ra", ["re", "रा", "रे"]),
        e("Tit", "तित्", [.ti], khali: "Tit", ["तित"]),
        e("Tet", "तेत्", [.te], khali: "Tet", ["तेत"]),
        e("Tra", "त्र", [.ti, .ra], khali: "Tra", ["त्रा"], flam: true),
        // Bayan alone.
        e("Ge", "गे", [.ge], khali: "Ke", ["ghe", "gi", "घे", "गि"]),
        e("Ga", "ग", [.ge], khali: "Ka", ["gha", "गा", "घ"]),
        e("Ke", "के", [.ke], khali: "Ke", []),
        e("Ki", "कि", [.ke], khali: "Ki", ["की"]),
        e("Ka", "क", [.ke], khali: "Ka", ["का"]),
        e("Kat", "कत्", [.kat], khali: "Kat", ["kath", "कत"]),
        // Flams across both drums.
        e("Kran", "क्रान", [.ke, .na], khali: "Kran", ["kra", "kre", "kraan", "क्रां", "क्र", "क्रे"], flam: true),
        e("Gran", "ग्रान", [.ge, .na], khali: "Kran", ["gra", "graan", "ग्रां", "ग्र"], flam: true),
    ]

    private static func e(
        _ name: String, _ devanagari: String, _ strokes: [Stroke], khali: String,
        _ aliases: [String], flam: Bool = false
    ) -> Entry {
        Entry(name: name, devanagari: devanagari, strokes: strokes, khali: khali, flam: flam, aliases: aliases)
    }

    /// Words that stand for several bols at once.
    static let phrases: [(spellings: [String], bols: [String])] = [
        (["tirakita", "tirkita", "terekite", "tereketa", "tirikita", "tirakit", "tirkit", "trkt", "tirekite", "tirekita", "तिरकिट", "तिरकिट्", "तिरिकिट", "तेरेकिटे"], ["Ti", "Ra", "Ki", "Ta"]),
        (["tete", "tite", "तेटे", "टेटे", "तिटे"], ["Te", "Te"]),
        (["dhir", "धिर"], ["Dhi", "Ra"]),
        (["tir", "तिर"], ["Ti", "Ra"]),
    ]

    /// Every accepted spelling, lowercased, to the bols it stands for.
    static let spellings: [String: [Bol]] = {
        var map: [String: [Bol]] = [:]
        for (i, entry) in entries.enumerated() {
            let bol = Bol(index: i)
            for s in [entry.name.lowercased(), entry.devanagari] + entry.aliases {
                precondition(map[s.lowercased()] == nil, "duplicate spelling \(s)")
                map[s.lowercased()] = [bol]
            }
        }
        for phrase in phrases {
            let bols = phrase.bols.map { name in Bol(index: entries.firstIndex { $0.name == name }!) }
            for s in phrase.spellings {
                precondition(map[s.lowercased()] == nil, "duplicate spelling \(s)")
                map[s.lowercased()] = bols
            }
        }
        return map
    }()

    /// Spellings written joined as one unit in each script when printing a matra.
    static func printedPhrase(_ bols: ArraySlice<Pulse>, script: Script) -> (text: String, length: Int)? {
        guard script == .devanagari, bols.count >= 4 else { return nil }
        let names = bols.prefix(4).map { $0.bol?.name }
        if names == ["Ti", "Ra", "Ki", "Ta"] { return ("तिरकिट", 4) }
        return nil
    }
}
