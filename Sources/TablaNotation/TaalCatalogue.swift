/// A set of taals looked up by name or alias, case-insensitively and ignoring spaces,
/// hyphens and underscores (`ada chautaal`, `Ada-Chautaal`, `adachautaal`).
public struct TaalCatalogue: Sendable {
    /// The taals in catalogue order.
    public private(set) var taals: [Taal]
    /// Names and aliases to positions in `taals`.
    private var index: [String: Int]

    /// Creates a catalogue holding `taals`.
    public init(_ taals: [Taal] = []) {
        self.taals = []
        self.index = [:]
        for taal in taals { add(taal) }
    }

    /// Adds a taal. One with the same name is replaced; a name or alias that was another
    /// taal's alias now means the new taal, and the other keeps its own name.
    public mutating func add(_ taal: Taal) {
        let key = Self.key(taal.name)
        let position: Int
        if let existing = taals.firstIndex(where: { Self.key($0.name) == key }) {
            taals[existing] = taal
            position = existing
        } else {
            taals.append(taal)
            position = taals.count - 1
        }
        index[key] = position
        for alias in taal.aliases where index[Self.key(alias)].map({ Self.key(taals[$0].name) != Self.key(alias) }) ?? true {
            index[Self.key(alias)] = position
        }
    }

    /// The taal called `name` (or one of its aliases), if any.
    public func taal(named name: String) -> Taal? {
        index[Self.key(name)].map { taals[$0] }
    }

    /// Every name and alias known, for suggestions.
    public var allNames: [String] { taals.flatMap { [$0.name] + $0.aliases } }

    static func key(_ name: String) -> String {
        String(name.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" })
    }

    /// The 15 common Hindustani taals of the domain reference, with their usual aliases.
    public static let standard = TaalCatalogue([
        t("Teentaal", ["Tintal", "Tintaal", "Teental", "Trital", "Tritaal", "Tin taal"], [4, 4, 4, 4], "X 2 0 3",
          "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||"),
        t("Jhaptaal", ["Jhaptal", "Jhap taal"], [2, 3, 2, 3], "X 2 0 3",
          "Dhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na ||"),
        t("Ektaal", ["Ektal", "Ek taal"], [2, 2, 2, 2, 2, 2], "X 0 2 0 3 4",
          "Dhin Dhin | DhaGe TiRaKiTa | Tun Na | Kat Ta | DhaGe TiRaKiTa | Dhin Na ||"),
        t("Rupak", ["Roopak", "Rupak taal", "Rupaktaal"], [3, 2, 2], "0 2 3",
          "Tin Tin Na | Dhin Na | Dhin Na ||"),
        t("Dadra", ["Dadra taal"], [3, 3], "X 0",
          "Dha Dhin Na | Dha Tin Na ||"),
        t("Keherwa", ["Kaharva", "Keharwa", "Kehrwa", "Kaherwa", "Kaharwa"], [4, 4], "X 0",
          "Dha Ge Na Ti | Na Ka Dhin Na ||"),
        t("Jhoomra", ["Jhumra", "Jhoomra taal"], [3, 4, 3, 4], "X 2 0 3",
          "Dhin -Dha TiRaKiTa | Dhin Dhin DhaGe TiRaKiTa | Tin -Ta TiRaKiTa | Dhin Dhin DhaGe TiRaKiTa ||"),
        t("Deepchandi", ["Dipchandi", "Chanchar", "Chachar"], [3, 4, 3, 4], "X 2 0 3",
          "Dha Dhin - | Dha Dha Tin - | Ta Tin - | Dha Dha Dhin - ||"),
        t("Dhamar", ["Dhamaar"], [5, 2, 3, 4], "X 2 0 3",
          "Ka Dhi Ta Dhi Ta | Dha - | Ga Ti Ta | Ti Ta Ta - ||"),
        t("Tilwada", ["Tilwara", "Tilvada"], [4, 4, 4, 4], "X 2 0 3",
          "Dha TiRaKiTa Dhin Dhin | Dha Dha Tin Tin | Ta TiRaKiTa Dhin Dhin | Dha Dha Dhin Dhin ||"),
        t("Chautaal", ["Chautal", "Chartal", "Chaartaal", "Chowtal"], [2, 2, 2, 2, 2, 2], "X 0 2 0 3 4",
          "Dha Dha | Din Ta | KiTa Dha | Din Ta | TiTa KaTa | GaDi GeNa ||"),
        t("Ada Chautaal", ["Ada Chautal", "Aada Chautaal", "Adachautaal"], [2, 2, 2, 2, 2, 2, 2], "X 2 0 3 0 4 0",
          "Dhin TiRaKiTa | Dhin Na | Tun Na | Kat Ta | TiRaKiTa Dhin | Na Dhin | Dhin Na ||"),
        t("Sooltaal", ["Sultal", "Sooltal", "Shooltaal", "Sultaal"], [2, 2, 2, 2, 2], "X 0 2 3 0",
          "Dha Dha | Din Ta | KiTa Dha | TiTa KaTa | GaDi GeNa ||"),
        t("Tivra", ["Teora", "Tevra", "Teevra"], [3, 2, 2], "X 2 3",
          "Dha Din Ta | TiTa KaTa | GaDi GeNa ||"),
        t("Pancham Sawari", ["Pancham Savari", "Panchamsawari", "Sawari"], [3, 4, 4, 4], "X 2 0 3",
          "Dhin Na DhiDhin | Kat DhinDhin NaDhin DinNa | TiKre TinNa TiReKiTe TunNa | KatTa DhiDin NaDhin DhinNa ||"),
    ])

    private static func t(_ name: String, _ aliases: [String], _ vibhags: [Int], _ marks: String, _ theka: String) -> Taal {
        Taal(name: name, aliases: aliases, vibhags: vibhags,
             marks: marks.split(separator: " ").map { VibhagMark(symbol: String($0))! }, theka: theka)
    }
}

/// Why a user-defined taal could not be read.
public struct TaalDefinitionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with the offending text.
    public var message: String
    /// Character offset of the offending text within the definition.
    public var offset: Int
    public var description: String { message }
}

extension Taal {
    /// The most vibhags a defined taal may have.
    public static let maxVibhags = 32

    /// Reads an inline definition such as `3+2+2 marks=0,2,3 name=MyRupak`.
    ///
    /// Keys: `name`, `marks` (comma or space separated X/0/2/3...; default X then taali
    /// numbers, no khali), `aliases` (comma separated), `theka` (quoted notation).
    public init(definition: String) throws(TaalDefinitionError) {
        var fields = SectionAttributes.tokenize(definition)
        guard let first = fields.first, first.key == nil else {
            throw TaalDefinitionError(message: "a taal definition starts with its vibhags, e.g. '3+2+2'", offset: 0)
        }
        fields.removeFirst()
        var values: [String: String] = [:]
        for f in fields {
            guard let key = f.key else {
                throw TaalDefinitionError(message: "unexpected '\(f.value)' in taal definition; expected key=value", offset: f.offset)
            }
            guard values[key.lowercased()] == nil else {
                throw TaalDefinitionError(message: "'\(key)=' given twice in the taal definition", offset: f.offset)
            }
            values[key.lowercased()] = f.value
        }
        for key in values.keys where !["name", "marks", "aliases", "theka"].contains(key) {
            throw TaalDefinitionError(message: "unknown taal definition key '\(key)'; expected name, marks, aliases or theka", offset: 0)
        }
        if let name = values["name"], name.trimmed.isEmpty {
            throw TaalDefinitionError(message: "'name=' is empty; give the taal a name, e.g. name=MyRupak, or leave name= out", offset: 0)
        }
        try self.init(vibhags: first.value, marks: values["marks"], name: values["name"] ?? "Taal \(first.value)",
                      aliases: values["aliases"].map { $0.split(separator: ",").map { String($0).trimmed } } ?? [],
                      theka: values["theka"] ?? "", offset: first.offset)
    }

    /// Reads a `.taal` file: `key: value` lines (`name`, `vibhags`, `marks`, `aliases`,
    /// `theka`), `#` comments.
    public init(taalFile text: String) throws(TaalDefinitionError) {
        var values: [String: String] = [:]
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { offset += line.utf8.count + 1 }
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmed ?? ""
            if content.isEmpty { continue }
            guard let colon = content.firstIndex(of: ":") else {
                throw TaalDefinitionError(message: "expected 'key: value', found '\(content)'", offset: offset)
            }
            let key = content[..<colon].trimmed.lowercased()
            guard ["name", "vibhags", "marks", "aliases", "theka"].contains(key) else {
                throw TaalDefinitionError(message: "unknown key '\(key)'; expected name, vibhags, marks, aliases or theka", offset: offset)
            }
            values[key] = content[content.index(after: colon)...].trimmed
        }
        guard let name = values["name"], !name.isEmpty else {
            throw TaalDefinitionError(message: "missing 'name:'", offset: 0)
        }
        guard let vibhags = values["vibhags"] else {
            throw TaalDefinitionError(message: "missing 'vibhags:' (e.g. 'vibhags: 3+2+2')", offset: 0)
        }
        try self.init(vibhags: vibhags, marks: values["marks"], name: name,
                      aliases: values["aliases"].map { $0.split(separator: ",").map { String($0).trimmed } } ?? [],
                      theka: values["theka"] ?? "", offset: 0)
    }

    private init(vibhags text: String, marks markText: String?, name: String, aliases: [String], theka: String, offset: Int) throws(TaalDefinitionError) {
        var lengths: [Int] = []
        for part in text.split(separator: "+", omittingEmptySubsequences: false) {
            guard !part.trimmed.isEmpty else {
                throw TaalDefinitionError(message: "'\(text)' has an empty vibhag; write the lengths joined by '+', like 3+2+2", offset: offset)
            }
            guard let n = Int(part.trimmed), n >= 1, n <= 64 else {
                throw TaalDefinitionError(message: "vibhag length '\(part)' in '\(text)' is not a number from 1 to 64", offset: offset)
            }
            lengths.append(n)
        }
        guard !lengths.isEmpty, lengths.count <= Self.maxVibhags else {
            throw TaalDefinitionError(message: "'\(text)' has \(lengths.count) vibhags; a taal has 1 to \(Self.maxVibhags), "
                                      + "written like '4+4+4+4'", offset: offset)
        }
        var marks: [VibhagMark]
        if let markText {
            marks = []
            for symbol in markText.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let mark = VibhagMark(symbol: String(symbol)) else {
                    throw TaalDefinitionError(message: "mark '\(symbol)' is not X, 0 or a taali number", offset: offset)
                }
                marks.append(mark)
            }
            guard marks.count == lengths.count else {
                throw TaalDefinitionError(
                    message: "\(marks.count) marks (\(markText)) for \(lengths.count) vibhags (\(text)); give one mark per vibhag",
                    offset: offset)
            }
            if marks.dropFirst().contains(.sam) {
                throw TaalDefinitionError(message: "only the first vibhag can be sam (X)", offset: offset)
            }
        } else {
            marks = [.sam] + (1..<lengths.count).map { .taali($0 + 1) }
        }
        self.init(name: name, aliases: aliases, vibhags: lengths, marks: marks, theka: theka)
    }
}

extension StringProtocol {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
