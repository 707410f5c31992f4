/// A bol: one spoken syllable of tabla notation and the strokes it stands for.
///
/// Bols are values from a fixed vocabulary (``Bol/all``), so they are cheap to copy,
/// compare and hash, and their index doubles as a token id. Bols a user defines
/// (``BolSplitter/define(_:)``) take the indices after the shipped ones; the model reads
/// each as its ``shippedEquivalent``.
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

    var entry: BolVocabulary.Entry {
        index < BolVocabulary.entries.count ? BolVocabulary.entries[index] : BolRegistry.shared.entry(index)
    }

    /// Canonical roman spelling, e.g. `Dhin`.
    public var name: String { entry.name }
    /// Canonical Devanagari spelling, e.g. `धिं`.
    public var devanagari: String { entry.devanagari }
    /// The strokes struck together for this bol (two for compound bols like Dha).
    public var strokes: [Stroke] { entry.strokes }
    /// Whether the strokes are struck as a flam (Kran, Gran, Tra) rather than together.
    public var isFlam: Bool { entry.flam }
    /// The bol that replaces this one in a khali (closed) passage: Dha -> Ta, Ge -> Ke.
    public var khali: Bol {
        if let k = entry.khaliIndex { return k < 0 ? self : Bol(index: k) }
        return Bol.named(entry.khali)!
    }
    /// Whether the bol was defined by the user (`bol:` line or `--bols` file) rather
    /// than shipped in ``Bol/all``.
    public var isUserDefined: Bool { index >= BolVocabulary.entries.count }
    /// The shipped bol that stands for this one where only the shipped vocabulary exists
    /// (the bol model's tokens): itself for a shipped bol, the bol with the same strokes
    /// (or the one named with `like=`) for a user-defined one.
    public var shippedEquivalent: Bol { entry.standIn.map { Bol(index: $0) } ?? self }
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
    struct Entry: Sendable, Equatable {
        let name: String
        let devanagari: String
        let strokes: [Stroke]
        let khali: String
        let flam: Bool
        /// Other roman spellings (lowercase) and Devanagari spellings of this one bol.
        let aliases: [String]
        /// For a user-defined bol: its khali bol's index (its name may not be shipped), -1
        /// for the bol itself.
        var khaliIndex: Int? = nil
        /// For a user-defined bol: the shipped bol the model reads it as.
        var standIn: Int? = nil
    }

    static let entries: [Entry] = [
        // Compound bols: bayan Ge with a dayan stroke.
        e("Dha", "धा", [.ge, .na], khali: "Ta", ["dhaa", "dhā", "धाँ"]),
        e("Dhin", "धिं", [.ge, .tin], khali: "Tin", ["dheen", "धिन्", "धिन", "धीं", "धीन"]),
        e("Dhi", "धी", [.ge, .ti], khali: "Ti", ["dhee", "dhii", "धि"]),
        e("Dhun", "धुं", [.ge, .tun], khali: "Tun", ["dhoon", "dhum", "धुन्", "धुन", "धूं", "धुम"]),
        e("Dhe", "धे", [.ge, .te], khali: "Te", []),
        e("Dhet", "धेत्", [.ge, .te], khali: "Tet", ["धेत"]),
        e("Dhit", "धित्", [.ge, .ti], khali: "Tit", ["धित"]),
        e("Din", "दिं", [.ge, .tin], khali: "Tin", ["deen", "ding", "दिन्", "दिन", "डिं"]),
        e("Di", "दि", [.ge, .ti], khali: "Ti", ["दी"]),
        // Dayan alone.
        e("Na", "ना", [.na], khali: "Na", ["naa", "ne", "न", "ने"]),
        e("Ta", "ता", [.ta], khali: "Ta", ["taa", "त", "ट"]),
        e("Tin", "तिं", [.tin], khali: "Tin", ["teen", "tinn", "तिन्", "तिन", "तीं", "तीन"]),
        e("Tun", "तुं", [.tun], khali: "Tun", ["tu", "thun", "toon", "thu", "तू", "तुन्", "तुन", "तूं", "थुं"]),
        e("Te", "ते", [.te], khali: "Te", ["टे"]),
        e("Ti", "ति", [.ti], khali: "Ti", ["tee", "tii", "टि", "ती"]),
        e("Ra", "र", [.ra], khali: "Ra", ["re", "ri", "रा", "रे", "रि"]),
        e("Tit", "तित्", [.ti], khali: "Tit", ["तित"]),
        e("Tet", "तेत्", [.te], khali: "Tet", ["तेत"]),
        e("Tra", "त्र", [.ti, .ra], khali: "Tra", ["त्रा"], flam: true),
        // The open index-finger stroke of Lucknow and Farrukhabad phrases (GhiDaNaGa,
        // KiDaNaGa): a dayan sound of its own in the research transcriptions, not Dha.
        e("Da", "ड", [.ta], khali: "Da", ["डा"]),
        // A closed dayan stroke, written with a closing consonant like Tit and Kat.
        e("Tak", "तक्", [.ti], khali: "Tak", []),
        // A flat-hand slap on the dayan (thap), damped.
        e("Chap", "चाप", [.te], khali: "Chap", ["chaap", "चांप", "चाँप"]),
        // Bayan alone.
        e("Ge", "गे", [.ge], khali: "Ke", ["ghe", "gi", "ghi", "घे", "गि", "घि"]),
        e("Ga", "ग", [.ge], khali: "Ka", ["gha", "गा", "घ"]),
        // Ge struck and the hand lifted at once so the bayan rings long (Tabalchi's ghen).
        e("Ghen", "घें", [.ge], khali: "Ke", ["घेन"]),
        e("Ke", "के", [.ke], khali: "Ke", []),
        e("Ki", "कि", [.ke], khali: "Ki", ["kii", "की"]),
        e("Ka", "क", [.ke], khali: "Ka", ["का"]),
        e("Kat", "कत्", [.kat], khali: "Kat", ["kath"]),
        // Flams across both drums.
        e("Kran", "क्रान", [.ke, .na], khali: "Kran", ["kra", "kre", "kraan", "kda", "kar", "क्रां", "क्र", "क्रे"], flam: true),
        e("Gran", "ग्रान", [.ge, .na], khali: "Kran", ["gra", "graan", "ग्रां", "ग्र"], flam: true),
        // Ka with the Tun of the dayan as a flam, as Kran is Ka with Na.
        e("Kru", "क्रु", [.ke, .tun], khali: "Kru", ["क्रू"], flam: true),
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
        // Devanagari words as books print them, with the inherent vowel: कत is Ka Ta
        // (Kat is कत्), तिट is Ti Ta (Chautaal's TiTa KaTa).
        (["तिट"], ["Ti", "Ta"]),
        (["कत"], ["Ka", "Ta"]),
        (["किट"], ["Ki", "Ta"]),
        (["तक"], ["Ta", "Ka"]),
        (["तकिट"], ["Ta", "Ki", "Ta"]),
        // Pakhawaj and Farrukhabad words.
        (["dhumkita", "dhumkit", "धुमकिट"], ["Dhun", "Ki", "Ta"]),
        (["kidnag", "किडनग"], ["Ki", "Da", "Na", "Ga"]),
        (["ghidanag", "ghidnag", "घिडनग"], ["Ge", "Da", "Na", "Ga"]),
        (["kradhan", "क्रधान"], ["Kran", "Dha"]),
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

    /// Devanagari words a teacher writes for several bols, longest first.
    static let printedPhrases: [(bols: [String], text: String)] = [
        (["Ti", "Ra", "Ki", "Ta"], "तिरकिट"), (["Ta", "Ki", "Ta"], "तकिट"),
        (["Ti", "Ta"], "तिट"), (["Ka", "Ta"], "कत"), (["Ki", "Ta"], "किट"), (["Ta", "Ka"], "तक"),
    ]

    /// Spellings written joined as one unit in each script when printing a matra.
    static func printedPhrase(_ bols: ArraySlice<Pulse>, script: Script) -> (text: String, length: Int)? {
        guard script == .devanagari else { return nil }
        for phrase in printedPhrases where bols.count >= phrase.bols.count {
            let matches = zip(bols, phrase.bols).allSatisfy { pulse, name in
                guard let bol = pulse.bol, !bol.isUserDefined else { return false }
                return bol.name == name
            }
            if matches {
                return (phrase.text, phrase.bols.count)
            }
        }
        return nil
    }
}
