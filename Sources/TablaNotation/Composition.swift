/// How a section ends: on the last matra of a cycle, or on the next sam.
public enum Ending: String, Sendable, Hashable, Codable, CaseIterable {
    /// A whole number of cycles (k x N matras): cyclic forms such as kaida and theka.
    case cycle
    /// The last bol lands on the following sam (k x N + 1 matras): tihai, tukda, chakradar.
    case sam
}

/// The kind of composition, from the `form:` header.
public enum Form: String, Sendable, Hashable, Codable, CaseIterable {
    case theka, kaida, palta, rela, peshkar, tukda, mukhda, mohra, chakradar, tihai, other
    /// A fixed composition played as composed (Purab, Farrukhabad): fard, dupalli, tipalli, chaupalli gats.
    case gat
    /// A composition paired from two related parts.
    case joda
    /// A chain: one short phrase and its variations strung together at speed.
    case ladi
    /// A pakhawaj-style composition of open, heavy bols, usually ending with a tihai.
    case paran
    /// The fast, light closing theme of light-classical accompaniment.
    case laggi
    /// A chakradar in which each of the three inner tihais lands on sam in turn.
    case farmaishiChakradar = "farmaishi-chakradar"

    /// Accepts the usual spellings: qaida, kayda, tukra, mukhra, chakkardar...
    public init?(spelling: String) {
        let s = String(spelling.lowercased().trimmed.map { $0 == " " || $0 == "_" ? "-" : $0 })
        if let f = Form(rawValue: s) { self = f; return }
        let aliases: [String: Form] = [
            "qaida": .kaida, "qa'ida": .kaida, "kayda": .kaida, "qayda": .kaida, "kaayda": .kaida, "kaeda": .kaida,
            "tukra": .tukda, "tukada": .tukda, "mukhra": .mukhda, "mukhada": .mukhda, "mohara": .mohra,
            "chakkardar": .chakradar, "chakradhar": .chakradar, "chakkradar": .chakradar,
            "thekaa": .theka, "theka-variation": .theka, "tihaai": .tihai, "tihayi": .tihai, "peshkaar": .peshkar,
            "gath": .gat, "fard": .gat, "fard-gat": .gat, "dupalli": .gat, "dupalli-gat": .gat, "tipalli": .gat,
            "tipalli-gat": .gat, "chaupalli": .gat, "chaupalli-gat": .gat, "jod": .joda, "jodi": .joda, "laddi": .ladi,
            "parans": .paran, "parn": .paran, "laggee": .laggi, "lagi": .laggi, "relaa": .rela, "quayda": .kaida,
            "farmaishi": .farmaishiChakradar, "farmaishi-chakkardar": .farmaishiChakradar, "farmayishi-chakradar": .farmaishiChakradar,
            "chakradar-tukda": .chakradar, "chakradar-paran": .chakradar, "chakkardar-tukda": .chakradar,
        ]
        guard let f = aliases[s] else { return nil }
        self = f
    }

    /// Forms that land on sam and so normally have `ends: sam`.
    public var isCadential: Bool {
        [.tukda, .mukhda, .mohra, .chakradar, .farmaishiChakradar, .tihai, .paran].contains(self)
    }
}

/// Laya names and the matras-per-minute figure each stands for.
public enum LayaName {
    /// Words accepted for `laya:` and the tempo, in matras per minute, they mean.
    public static let values: [(name: String, matrasPerMinute: Double)] = [
        ("ati-vilambit", 15), ("vilambit", 45), ("madhya", 90), ("drut", 200), ("ati-drut", 360),
    ]

    /// Tempi accepted anywhere (header, section attribute, `--laya`), in matras per minute.
    /// Below 1 a render would run for days; above 2000 a matra is shorter than a stroke.
    public static let range: ClosedRange<Double> = 1...2000
    /// Tempi played in practice; outside this a laya is accepted with a warning.
    public static let usual: ClosedRange<Double> = 10...700

    /// Why a tempo is refused (nil when it is in ``range``): the one check behind the
    /// header, section attributes and options, so they always agree.
    public static func problem(_ matrasPerMinute: Double) -> String? {
        guard matrasPerMinute.isFinite, range.contains(matrasPerMinute) else {
            return "is out of range; give matras per minute between \(Int(range.lowerBound)) and \(Int(range.upperBound))"
        }
        return nil
    }

    /// A warning for an accepted but unusual tempo, or nil.
    public static func unusual(_ matrasPerMinute: Double) -> String? {
        usual.contains(matrasPerMinute) ? nil
            : "matras per minute is unusual (ati-vilambit is about 10-20, ati-drut above 320)"
    }

    /// The tempo for a number (`90`, `90 bpm`) or a laya word, or nil.
    public static func parse(_ text: String) -> Double? {
        var t = text.lowercased().trimmed
        for unit in ["bpm", "mpm"] where t.hasSuffix(unit) { t = String(t.dropLast(unit.count)).trimmed }
        if let v = Double(t), v.isFinite { return v }
        let key = String(t.map { $0 == " " || $0 == "_" ? "-" : $0 })
        return values.first { $0.name == key || $0.name.filter { $0 != "-" } == key }?.matrasPerMinute
    }
}

/// One beat: the bols (and rests) played evenly spaced inside one matra.
public struct Matra: Hashable, Sendable {
    /// The slots of the matra, in time order; an invalid word has none.
    public var pulses: [Pulse]
    /// Where the matra was written.
    public var location: SourceLocation
    /// For a matra written with groups (`Dha(TiRa)KiTa`): how many bols each of its
    /// equal pulses holds (`[1, 2, 1, 1]`); ``pulses`` then holds the expansion to the
    /// least common subdivision (`Dha - Ti Ra Ki - Ta -`). Nil for a matra without groups.
    public var units: [Int]?

    /// Creates a matra.
    public init(_ pulses: [Pulse], at location: SourceLocation = SourceLocation(line: 0, column: 0), units: [Int]? = nil) {
        self.pulses = pulses
        self.location = location
        self.units = units
    }
}

/// A `|` or `||` written in the body.
public struct Bar: Hashable, Sendable {
    /// `|` between vibhags or `||` at a cycle end.
    public enum Kind: String, Sendable, Hashable { case vibhag = "|", cycle = "||" }
    /// Which bar it is.
    public var kind: Kind
    /// How many matras of the section come before it.
    public var afterMatras: Int
    /// Where it was written.
    public var location: SourceLocation
}

/// A `key: value` header line or a `key=value` section attribute, kept as written.
public struct HeaderField: Hashable, Sendable {
    /// The key, lowercased.
    public var key: String
    /// The value as written.
    public var value: String
    /// Where the line was.
    public var location: SourceLocation
}

/// A named part of a composition (theme, palta 3, tihai) with its own cycle counting.
public struct Section: Hashable, Sendable {
    /// The name from `[name]`, or nil for a body with no section line.
    public var name: String?
    /// The taal the section is counted in.
    public var taal: Taal
    /// The matra of the cycle on which the first bol falls (1-based).
    public var start: Int
    /// Whether the section ends with a whole cycle or on the next sam.
    public var ends: Ending
    /// Tempo in matras per minute, if given.
    public var laya: Double?
    /// The matras in order.
    public var matras: [Matra]
    /// The bars written between the matras.
    public var bars: [Bar]
    /// Attributes written on the section line other than start, ends, laya and taal.
    public var extra: [HeaderField]
    /// Where the section starts (its `[name]` line, or its first matra).
    public var location: SourceLocation

    /// Creates a section.
    public init(name: String?, taal: Taal, start: Int = 1, ends: Ending = .cycle, laya: Double? = nil,
                matras: [Matra] = [], bars: [Bar] = [], extra: [HeaderField] = [],
                location: SourceLocation = SourceLocation(line: 0, column: 0)) {
        self.name = name
        self.taal = taal
        self.start = start
        self.ends = ends
        self.laya = laya
        self.matras = matras
        self.bars = bars
        self.extra = extra
        self.location = location
    }

    /// Every pulse of the section in time order.
    public var pulses: [Pulse] { matras.flatMap(\.pulses) }
}

/// A tabla composition as read from a `.bol` file.
public struct Composition: Hashable, Sendable {
    /// `title:`.
    public var title: String?
    /// `taal:` resolved against the catalogue (or a user definition).
    public var taal: Taal
    /// `laya:` in matras per minute.
    public var laya: Double?
    /// `form:`.
    public var form: Form?
    /// `source:`: gharana, teacher or book.
    public var source: String?
    /// `start:` for sections that don't override it.
    public var start: Int
    /// `ends:` for sections that don't override it.
    public var ends: Ending
    /// Header lines with keys tabla does not know, kept in order.
    public var extra: [HeaderField]
    /// The sections in order; a body with no `[name]` line is one unnamed section.
    public var sections: [Section]

    /// Creates a composition.
    public init(title: String? = nil, taal: Taal, laya: Double? = nil, form: Form? = nil, source: String? = nil,
                start: Int = 1, ends: Ending = .cycle, extra: [HeaderField] = [], sections: [Section] = []) {
        self.title = title
        self.taal = taal
        self.laya = laya
        self.form = form
        self.source = source
        self.start = start
        self.ends = ends
        self.extra = extra
        self.sections = sections
    }
}
