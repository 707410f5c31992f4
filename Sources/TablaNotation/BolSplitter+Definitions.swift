import Foundation

/// Why a `bol:` definition could not be used.
public struct BolDefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, quoting the definition and saying how to fix it.
    public var message: String
    /// 1-based line in a `--bols` file, or nil for a single definition.
    public var line: Int?

    /// Creates an error.
    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }

    public var description: String { message }
}

/// The bols users define, shared by the whole process so that a ``Bol`` stays a small
/// value: user bols take the indices after the shipped ones. Definitions are only
/// ever added; the same definition given twice is the same bol.
final class BolRegistry: @unchecked Sendable {
    static let shared = BolRegistry()
    // NSLock rather than Synchronization.Mutex: the package declares no minimum macOS.
    private let lock = NSLock()
    private var entries: [BolVocabulary.Entry] = []

    /// How many bols users have defined so far.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    func entry(_ index: Int) -> BolVocabulary.Entry {
        lock.lock()
        defer { lock.unlock() }
        return entries[index - BolVocabulary.entries.count]
    }

    func register(_ entry: BolVocabulary.Entry) -> Bol {
        lock.lock()
        defer { lock.unlock() }
        if let i = entries.firstIndex(of: entry) { return Bol(index: BolVocabulary.entries.count + i) }
        entries.append(entry)
        return Bol(index: BolVocabulary.entries.count + entries.count - 1)
    }
}

extension BolSplitter {
    /// Adds one definition, the value of a `bol:` header line or a line of a `--bols` file.
    ///
    /// Two forms:
    /// - a spelling of bols that exist: `Ghi = Ge`, `Kda = Kran`, `GeNe = Ge Na`;
    /// - a new bol with its strokes: `Chaanti strokes=na+te like=Na devanagari=चांटी`,
    ///   with `flam` when the strokes are a flam and `like=Bol` naming the shipped bol
    ///   the model reads it as (by default the shipped bol with the same strokes).
    ///
    /// A spelling that already meant something else takes the new meaning. Returns the
    /// bols the name now stands for.
    @discardableResult
    public mutating func define(_ definition: String) -> Result<[Bol], BolDefinitionError> {
        let text = definition.trimmed
        let tokens = SectionAttributes.tokenize(text)
        if tokens.contains(where: { $0.key == "strokes" }) { return defineBol(tokens, text) }
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(BolDefinitionError(
                "'\(text)' is not a bol definition; write 'Ghi = Ge' for a spelling of a bol, or "
                    + "'Chaanti strokes=na+te like=Na' for a new bol"))
        }
        let name = text[..<eq].trimmed
        let meaning = text[text.index(after: eq)...].trimmed
        if let problem = Self.nameProblem(name) { return .failure(BolDefinitionError(problem)) }
        var pulses: [Pulse] = []
        for word in meaning.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            switch split(String(word)) {
            case .success(let p): pulses += p
            case .failure(let f): return .failure(BolDefinitionError("in 'bol: \(text)': \(f.message)"))
            }
        }
        guard !pulses.isEmpty else { return .failure(BolDefinitionError("'bol: \(text)' names no bol after '='")) }
        guard !pulses.contains(.rest) else {
            return .failure(BolDefinitionError("'bol: \(text)' holds a rest; a spelling stands for bols only"))
        }
        // A spelling that meant something else now means this: the user's book is the
        // judge (a file's `bol:` line gets a warning saying so).
        insert(Array(name.lowercased().utf8), pulses)
        return .success(pulses.compactMap(\.bol))
    }

    /// What a whole word means to this splitter (a spelling of one or more bols), if anything.
    public func meaning(of spelling: String) -> [Bol]? {
        lookup(spelling)?.compactMap(\.bol)
    }

    /// Adds every definition of a `--bols` file: one per line, with or without a leading
    /// `bol:`, `#` comments and blank lines ignored.
    public mutating func define(file text: String) throws(BolDefinitionError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw.prefix { $0 != "#" }).trimmed
            if line.isEmpty { continue }
            if line.lowercased().hasPrefix("bol:") { line = String(line.dropFirst(4)) }
            if case .failure(var e) = define(line) {
                e.line = n + 1
                throw e
            }
        }
    }

    private static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a bol definition needs a name before '='" }
        if name.unicodeScalars.contains(where: { !($0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark
                                                    || $0.properties.generalCategory == .spacingMark) }) {
            return "'\(name)' is not a name for a bol; use letters only (no spaces, '-', '.', '|' or digits)"
        }
        if name == "S" || name == "ऽ" { return "'\(name)' is a rest and cannot name a bol" }
        return nil
    }

    private mutating func defineBol(_ tokens: [SectionAttributes.Token], _ text: String) -> Result<[Bol], BolDefinitionError> {
        let bare = tokens.filter { $0.key == nil }.map(\.value)
        guard let name = bare.first else {
            return .failure(BolDefinitionError("'bol: \(text)' has no name; write e.g. 'bol: Chaanti strokes=na+te like=Na'"))
        }
        if let problem = Self.nameProblem(name) { return .failure(BolDefinitionError(problem)) }
        let flam = bare.dropFirst().contains { $0.lowercased() == "flam" }
        if let other = bare.dropFirst().first(where: { $0.lowercased() != "flam" }) {
            return .failure(BolDefinitionError("'\(other)' in 'bol: \(text)' is not understood; after the name give strokes=, khali=, devanagari=, like= or flam"))
        }
        var values: [String: String] = [:]
        for t in tokens { if let k = t.key { values[k] = t.value } }
        if let unknown = values.keys.first(where: { !["strokes", "khali", "devanagari", "like"].contains($0) }) {
            return .failure(BolDefinitionError("unknown key '\(unknown)=' in 'bol: \(text)'; the keys are strokes, khali, devanagari, like"))
        }
        if let existing = lookup(name) {
            return .failure(BolDefinitionError("'\(name)' is already \(Self.describe(existing)); a new bol needs a new name (or write 'bol: \(name) = ...' for a spelling)"))
        }
        // Strokes.
        var strokes: [Stroke] = []
        for part in values["strokes"]!.split(separator: "+") {
            guard let stroke = Stroke(rawValue: part.lowercased().trimmed) else {
                return .failure(BolDefinitionError("'\(part)' is not a stroke; strokes are \(Stroke.allCases.map(\.rawValue).joined(separator: ", ")), joined with '+' (e.g. strokes=ge+tin)"))
            }
            strokes.append(stroke)
        }
        guard (1...3).contains(strokes.count) else {
            return .failure(BolDefinitionError("a bol is one to three strokes struck together, e.g. strokes=ge+na; for a sequence of bols write a spelling, 'bol: \(name) = Dha Ge'"))
        }
        let sorted = strokes.map(\.rawValue).sorted()
        // The shipped bol the model reads it as.
        let standIn: Bol
        if let like = values["like"] {
            guard let p = lookup(like), p.count == 1, let b = p[0].bol, !b.isUserDefined else {
                return .failure(BolDefinitionError("like=\(like) must name one shipped bol"))
            }
            standIn = b
        } else if let same = Bol.all.first(where: { $0.strokes.map(\.rawValue).sorted() == sorted }) {
            standIn = same
        } else {
            return .failure(BolDefinitionError("no shipped bol is struck \(strokes.map(\.displayName).joined(separator: " + ")), so the bol model could not read '\(name)'; add like=BOL naming the shipped bol it should count as"))
        }
        // Its khali counterpart: itself unless it rings the bayan.
        var khaliIndex = -1
        var khaliName = name
        if let k = values["khali"] {
            if k.lowercased() != name.lowercased() {
                guard let p = lookup(k), p.count == 1, let b = p[0].bol else {
                    return .failure(BolDefinitionError("khali=\(k) must name one bol (or the new bol itself)"))
                }
                khaliIndex = b.index
                khaliName = b.name
            }
        } else if strokes.contains(.ge) {
            var closed = strokes.filter { $0 != .ge }
            if closed.isEmpty { closed = [.ke] }
            let target = closed.map(\.rawValue).sorted()
            guard let b = Bol.all.first(where: { $0.strokes.map(\.rawValue).sorted() == target }) else {
                return .failure(BolDefinitionError("'\(name)' rings the bayan; give its khali counterpart with khali=BOL"))
            }
            khaliIndex = b.index
            khaliName = b.name
        }
        let devanagari = values["devanagari"] ?? name
        if devanagari != name, let existing = lookup(devanagari) {
            return .failure(BolDefinitionError("devanagari=\(devanagari) is already \(Self.describe(existing))"))
        }
        let entry = BolVocabulary.Entry(name: name, devanagari: devanagari, strokes: strokes, khali: khaliName, flam: flam,
                                        aliases: [], khaliIndex: khaliIndex, standIn: standIn.index)
        let bol = BolRegistry.shared.register(entry)
        insert(Array(name.lowercased().utf8), [.bol(bol)])
        if devanagari != name { insert(Array(devanagari.utf8), [.bol(bol)]) }
        romanNames.append(name)
        if devanagari != name { devanagariNames.append(devanagari) }
        return .success([bol])
    }
}

extension Bol {
    /// The `bol:` definition that makes this user-defined bol known again, as the printer
    /// writes it in a header: `Chaanti strokes=na+te khali=Chaanti like=Te`.
    public var definition: String {
        var parts = [name, "strokes=" + strokes.map(\.rawValue).joined(separator: "+"), "khali=" + khali.name]
        if devanagari != name { parts.append("devanagari=" + devanagari) }
        parts.append("like=" + shippedEquivalent.name)
        if isFlam { parts.append("flam") }
        return parts.joined(separator: " ")
    }
}
