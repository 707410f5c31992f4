/// Splits a written matra word (`DhaGe`, `tirakita`, `Dha-`, `धागे`) into pulses.
///
/// The rules, in order, for each `.`-separated chunk of the word:
/// 1. the chunk is itself an accepted spelling (`Dhin`, `Terekite`, `trkt`);
/// 2. the chunk's capitals and rests cut it into pieces that are all spellings
///    (`TiRaKiTa` = Ti Ra Ki Ta, `DhinNa` = Dhin Na, `Dha-` = Dha rest);
/// 3. otherwise the reading with the fewest pieces wins (`dhatidhage` = Dha Ti Dha Ge);
///    two different readings with as few pieces are reported as ambiguous.
public struct BolSplitter: Sendable {
    /// Why a word could not be split.
    public struct Failure: Error, Hashable, Sendable {
        /// The message, quoting the offending text and suggesting a fix.
        public var message: String
        /// Offset in Unicode scalars from the start of the word to the offending text.
        public var scalarOffset: Int
    }

    private struct Node: Sendable {
        var children: [UInt8: Int32] = [:]
        var bols: [Pulse]? = nil
    }

    private var nodes: [Node] = [Node()]
    /// Canonical names offered as "did you mean" suggestions, per script.
    var romanNames: [String]
    var devanagariNames: [String]

    /// The splitter for the standard bol vocabulary.
    public static let standard = BolSplitter()

    init() {
        var names = Set<String>()
        for entry in BolVocabulary.entries { names.insert(entry.name); names.insert(entry.devanagari) }
        for phrase in BolVocabulary.phrases { names.insert(phrase.bols.joined()) }
        romanNames = names.filter { $0.utf8.allSatisfy { $0 < 128 } }.sorted()
        devanagariNames = names.filter { !$0.utf8.allSatisfy { $0 < 128 } }.sorted()
        for (spelling, bols) in BolVocabulary.spellings.sorted(by: { $0.key < $1.key }) {
            insert(Array(spelling.utf8), bols.map(Pulse.bol))
        }
    }

    mutating func insert(_ key: [UInt8], _ value: [Pulse]) {
        let key = Self.normalized(key).bytes
        var node = 0
        for byte in key {
            if let next = nodes[node].children[byte] {
                node = Int(next)
            } else {
                nodes.append(Node())
                nodes[node].children[byte] = Int32(nodes.count - 1)
                node = nodes.count - 1
            }
        }
        nodes[node].bols = value
    }

    /// The pulses of one written matra.
    public func split(_ word: String) -> Result<[Pulse], Failure> {
        split(Array(word.utf8))
    }

    /// Whether `text` (a whole spelling) is known, and the pulses it stands for.
    func lookup(_ text: String) -> [Pulse]? {
        let w = Self.normalized(Array(text.utf8)).bytes
        return w.isEmpty ? nil : exact(w, 0, w.count)
    }

    /// Devanagari as books print it varies in marks that do not change the bol: a nukta
    /// (ड़, ग़) and chandrabindu for anusvara (धिँ = धिं). Returns the text without them and,
    /// for each scalar of the result, the scalar offset it came from (nil when the text
    /// is unchanged, the common case, so that no copy is made).
    static func normalized(_ w: [UInt8]) -> (bytes: [UInt8], scalarOrigin: [Int]?) {
        func isMark(_ i: Int) -> Bool {
            guard i + 2 < w.count, w[i] == 0xE0 else { return false }
            return (w[i + 1] == 0xA4 && (w[i + 2] == 0xBC || w[i + 2] == 0x81)) || (w[i + 1] == 0xA5 && (0x98...0x9F).contains(w[i + 2]))
        }
        guard let first = w.indices.first(where: isMark) else { return (w, nil) }
        var out = Array(w[..<first])
        out.reserveCapacity(w.count)
        var origin: [Int] = []
        var scalar = 0
        for b in out where b & 0xC0 != 0x80 { origin.append(scalar); scalar += 1 }
        var i = first
        // The base letters of the precomposed nukta letters U+0958-U+095F.
        let nuktaBases: [UInt8] = [0x95, 0x96, 0x97, 0x9C, 0xA1, 0xA2, 0xAB, 0xAF]
        while i < w.count {
            if isMark(i) {
                if w[i + 1] == 0xA4, w[i + 2] == 0xBC {
                    // A combining nukta: dropped.
                } else if w[i + 1] == 0xA4 {
                    out += [0xE0, 0xA4, 0x82]
                    origin.append(scalar)
                } else {
                    out += [0xE0, 0xA4, nuktaBases[Int(w[i + 2] - 0x98)]]
                    origin.append(scalar)
                }
                i += 3
                scalar += 1
                continue
            }
            if w[i] & 0xC0 != 0x80 { origin.append(scalar); scalar += 1 }
            out.append(w[i])
            i += 1
        }
        origin.append(scalar)
        return (out, origin)
    }

    /// The pulses of one written matra given as UTF-8 bytes.
    public func split(_ word: [UInt8]) -> Result<[Pulse], Failure> {
        let (word, origin) = Self.normalized(word)
        switch splitNormalized(word) {
        case .success(let pulses): return .success(pulses)
        case .failure(var f):
            if let origin { f.scalarOffset = origin[min(f.scalarOffset, origin.count - 1)] }
            return .failure(f)
        }
    }

    private func splitNormalized(_ word: [UInt8]) -> Result<[Pulse], Failure> {
        var result: [Pulse] = []
        var chunkStart = 0
        var i = 0
        while i <= word.count {
            if i == word.count || word[i] == UInt8(ascii: ".") {
                if i > chunkStart {
                    switch splitChunk(word, chunkStart, i) {
                    case .success(let pulses): result += pulses
                    case .failure(let f): return .failure(f)
                    }
                }
                chunkStart = i + 1
            }
            i += 1
        }
        if result.isEmpty {
            return .failure(Failure(message: "'\(String(decoding: word, as: UTF8.self))' holds no bol", scalarOffset: 0))
        }
        return .success(result)
    }

    // MARK: - Pieces

    /// The length of a rest at `i` (`-`, `S` or `ऽ`), or 0.
    private func restLength(_ w: [UInt8], _ i: Int, _ end: Int) -> Int {
        let b = w[i]
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "S") { return 1 }
        if b == 0xE0, i + 3 <= end, w[i + 1] == 0xA4, w[i + 2] == 0xBD { return 3 }
        return 0
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    /// The spelling exactly covering `w[from..<to]`, if any.
    private func exact(_ w: [UInt8], _ from: Int, _ to: Int) -> [Pulse]? {
        if to - from == restLength(w, from, to), to > from { return [.rest] }
        var node = 0
        for k in from..<to {
            guard let next = nodes[node].children[Self.lower(w[k])] else { return nil }
            node = Int(next)
        }
        return nodes[node].bols
    }

    private func splitChunk(_ w: [UInt8], _ from: Int, _ to: Int) -> Result<[Pulse], Failure> {
        if let whole = exact(w, from, to) { return .success(whole) }
        // Capitals and rests as the writer's own cut points.
        var cuts: [Int] = [from]
        var k = from
        while k < to {
            let r = restLength(w, k, to)
            if r > 0 {
                if cuts.last! != k { cuts.append(k) }
                cuts.append(k + r)
                k += r
                continue
            }
            if k > from, w[k] >= 65, w[k] <= 90, cuts.last! != k { cuts.append(k) }
            k += 1
        }
        if cuts.last! != to { cuts.append(to) }
        if cuts.count > 2 {
            var pulses: [Pulse] = []
            var ok = true
            for c in 0..<(cuts.count - 1) {
                guard let p = exact(w, cuts[c], cuts[c + 1]) else { ok = false; break }
                pulses += p
            }
            if ok { return .success(pulses) }
        }
        return freeSplit(w, from, to)
    }

    /// Fewest-pieces reading over all spellings, detecting ties between different readings.
    private func freeSplit(_ w: [UInt8], _ from: Int, _ to: Int) -> Result<[Pulse], Failure> {
        let n = to - from
        // best[i]: fewest pieces covering w[from+i..<to]; reading[i] its pulses; tie[i] a different equal reading.
        var best = [Int](repeating: .max, count: n + 1)
        var reading = [[Pulse]](repeating: [], count: n + 1)
        var tie = [[Pulse]?](repeating: nil, count: n + 1)
        best[n] = 0
        var i = n - 1
        while i >= 0 {
            let start = from + i
            var candidates: [(Int, [Pulse])] = []
            let r = restLength(w, start, to)
            if r > 0 { candidates.append((r, [.rest])) }
            var node = 0
            var k = start
            while k < to, let next = nodes[node].children[Self.lower(w[k])] {
                node = Int(next)
                k += 1
                if let bols = nodes[node].bols { candidates.append((k - start, bols)) }
            }
            for (length, pulses) in candidates where best[i + length] != .max {
                let cost = best[i + length] + 1
                let full = pulses + reading[i + length]
                if cost < best[i] {
                    best[i] = cost
                    reading[i] = full
                    tie[i] = tie[i + length].map { pulses + $0 }
                } else if cost == best[i], full != reading[i], tie[i] == nil {
                    tie[i] = full
                }
            }
            i -= 1
        }
        let text = String(decoding: w[from..<to], as: UTF8.self)
        if best[0] != .max {
            if let other = tie[0] {
                return .failure(Failure(
                    message: "'\(text)' can be read as \(Self.describe(reading[0])) or as \(Self.describe(other)); "
                        + "mark the bols with capitals or dots, e.g. '\(Self.spell(reading[0]))'",
                    scalarOffset: scalarCount(w, 0, from)))
            }
            return .success(reading[0])
        }
        // Find how far a reading gets, and name what follows as the unknown bol.
        var reach = [Bool](repeating: false, count: n + 1)
        reach[0] = true
        var furthest = 0
        for p in 0..<n where reach[p] {
            furthest = max(furthest, p)
            let start = from + p
            let r = restLength(w, start, to)
            if r > 0 { reach[p + r] = true }
            var node = 0
            var k = start
            while k < to, let next = nodes[node].children[Self.lower(w[k])] {
                node = Int(next)
                k += 1
                if nodes[node].bols != nil { reach[k - from] = true }
            }
        }
        // The unknown piece is the capitalised part of the word where reading stopped,
        // or the whole chunk when the writer used no capitals inside it.
        func isCut(_ k: Int) -> Bool {
            k == from || (w[k] >= 65 && w[k] <= 90) || restLength(w, k, to) > 0 || restLength(w, k - 1, to) > 0
        }
        var unknownStart = from + furthest
        while unknownStart > from, !isCut(unknownStart) { unknownStart -= 1 }
        var unknownEnd = from + furthest + 1
        while unknownEnd < to, !isCut(unknownEnd) { unknownEnd += 1 }
        let unknown = String(decoding: w[unknownStart..<unknownEnd], as: UTF8.self)
        var message: String
        if unknown.unicodeScalars.contains("\u{FFFD}") {
            message = "'\(Self.printable(text))' is not valid UTF-8 text"
        } else if unknown.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            message = "'\(Self.printable(text))' contains control characters and is not a bol"
        } else {
            message = unknownStart == from && unknownEnd == to
                ? "unknown bol '\(Self.printable(unknown))'"
                : "unknown bol '\(Self.printable(unknown))' in '\(Self.printable(text))'"
            let roman = unknown.utf8.allSatisfy { $0 < 128 }
            if let guess = transliterationGuess(unknown) ?? Suggest.closest(to: unknown, in: roman ? romanNames : devanagariNames) {
                message += "; did you mean '\(guess)'?"
            }
        }
        return .failure(Failure(message: message, scalarOffset: scalarCount(w, 0, unknownStart)))
    }

    /// The bol an unknown roman spelling most likely means, by the ways transliterations
    /// differ rather than by edit distance: `Tha` is Ta (an aspirated t), not Dha.
    func transliterationGuess(_ word: String) -> String? {
        var w = word.lowercased()
        if !w.utf8.allSatisfy({ $0 < 128 }) {
            // Devanagari: the aspirated letters for the plain ones (थ for त, ठ for ट, ख for क).
            let plain: [Unicode.Scalar: Unicode.Scalar] = ["थ": "त", "ठ": "ट", "ख": "क"]
            let mapped = String(String.UnicodeScalarView(w.unicodeScalars.map { plain[$0] ?? $0 }))
            guard mapped != w, let pulses = lookup(mapped) else { return nil }
            return pulses.map { $0.text(.devanagari) }.joined()
        }
        guard w.count >= 2 else { return nil }
        let rules: [(String, String)] = [("th", "t"), ("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"), ("kh", "k"), ("ph", "p")]
        for (from, to) in rules { w = w.replacingAll(from, with: to) }
        if w.hasSuffix("h") { w.removeLast() }
        guard w != word.lowercased(), let pulses = lookup(w) else { return nil }
        return Self.spell(pulses)
    }

    private func scalarCount(_ w: [UInt8], _ from: Int, _ to: Int) -> Int {
        var n = 0
        for k in from..<to where w[k] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    static func describe(_ pulses: [Pulse]) -> String {
        pulses.map { $0.text(.roman) }.joined(separator: " ")
    }

    static func spell(_ pulses: [Pulse]) -> String {
        pulses.map { $0.text(.roman) }.joined()
    }

    /// Text safe to quote in a diagnostic: control characters escaped, long text cut.
    static func printable(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 { out += "…"; break }
            if scalar.value < 32 || scalar.value == 127 {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced, left to right, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target), c = Array(self)
        guard !t.isEmpty else { return self }
        var out = ""
        var i = 0
        while i < c.count {
            if i + t.count <= c.count, Array(c[i..<(i + t.count)]) == t {
                out += replacement
                i += t.count
            } else {
                out.append(c[i])
                i += 1
            }
        }
        return out
    }
}
