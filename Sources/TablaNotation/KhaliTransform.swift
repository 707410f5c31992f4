/// The khali transform: bhari (open) bols to khali (closed) bols and back, and the
/// mirror of a kaida's bhari half into its khali half.
///
/// ```swift
/// let bhari = KhaliTransform.pulses("DhaTi DhaGe DhiNa GeNa")!
/// KhaliTransform.khali(bhari)   // Ta Ti Ta Ke Ti Na Ke Na
/// ```
///
/// The mirror follows TABLA.md, "Kaida halves, precisely": the khali half has the length
/// of the bhari half; its first half is the bhari's first half under the khali
/// transform; its second half is the bhari's second half with the closed cadence opened
/// (`TinNa KeNa` -> `DhinNa GeNa`). Players move the point of return: some kaidas stay
/// closed until the last phrase, some return half a matra early on a pickup. The
/// checker (``mismatch(khali:bhari:)``) accepts any return point from one matra before
/// the middle of the half to its last matra; ``mirror(ofBhari:keepLast:)`` writes the
/// return at the middle unless told otherwise.
public enum KhaliTransform {
    // MARK: - Per bol

    /// The khali form of one pulse (a rest stays a rest): ``Bol/khali``.
    public static func khali(_ pulse: Pulse) -> Pulse {
        guard case .bol(let b) = pulse else { return .rest }
        return .bol(b.khali)
    }

    /// Every bol of a phrase replaced by its khali form: `DhaTi DhaGe` -> `TaTi TaKe`.
    public static func khali(_ pulses: [Pulse]) -> [Pulse] { pulses.map(khali) }

    /// Every matra of a passage under the khali transform, locations kept.
    public static func khali(_ matras: [Matra]) -> [Matra] {
        matras.map { Matra(khali($0.pulses), at: $0.location) }
    }

    /// The open (bayan-resonant) bols a closed bol stands for when a cadence is
    /// opened, the usual one first: `Tin` -> `Dhin` (or `Dhi`, as `DhiNa GeNa` is often
    /// written for `DhinNa GeNa`), `Ke` -> `Ge`, `Ti` -> `Dhi`, `Ta` -> `Dha`. Empty for a
    /// bol with no open form (`Na`, `Ra`, `Ki`, `Kat`) and for bols already open.
    public static func openings(of bol: Bol) -> [Bol] {
        openingTable[bol.index]
    }

    /// The opening map on one pulse: the usual open form, or the pulse itself.
    public static func opened(_ pulse: Pulse) -> Pulse {
        guard case .bol(let b) = pulse, let open = openings(of: b).first else { return pulse }
        return .bol(open)
    }

    /// The opening map on a phrase: `TinNa KeNa` -> `DhinNa GeNa`.
    public static func opened(_ pulses: [Pulse]) -> [Pulse] { pulses.map(opened) }

    /// The opening map as data: closed bol name -> open bol names, usual first. Each open
    /// bol's khali form is the closed bol, except `Dhi` for `Tin` (a spelling habit).
    static let openingNames: [String: [String]] = [
        "Ta": ["Dha"], "Tin": ["Dhin", "Dhi", "Din"], "Ti": ["Dhi", "Di"], "Tun": ["Dhun"],
        "Te": ["Dhe"], "Tet": ["Dhet"], "Tit": ["Dhit"], "Ke": ["Ge"], "Ka": ["Ga"], "Kran": ["Gran"],
    ]

    private static let openingTable: [[Bol]] = Bol.all.map { bol in
        (openingNames[bol.name] ?? []).map { Bol.named($0)! }
    }

    // MARK: - Cadence

    /// The closed cadence that ends a bhari half: its last pulses with no bayan-resonant
    /// bol, at most a quarter of the half (at least two matras), so `... DhaGe TinNa KeNa`
    /// gives `TinNa KeNa`. Returned as a pulse count from the end; 0 when the half ends
    /// on an open bol.
    public static func cadenceLength(of bhari: [Matra]) -> Int {
        let pulses = bhari.flatMap(\.pulses)
        let limitMatras = min(bhari.count, max(2, bhari.count / 4))
        let limit = bhari.suffix(limitMatras).reduce(0) { $0 + $1.pulses.count }
        var n = 0
        for p in pulses.reversed() {
            if let b = p.bol, b.isBayanResonant { break }
            n += 1
            if n == limit { break }
        }
        // A cadence with nothing to open (all Na, Ra, rests) is no closed cadence.
        let tail = pulses.suffix(n)
        return tail.contains { $0.bol.map { !openings(of: $0).isEmpty } ?? false } ? n : 0
    }

    /// The open form of the bhari half's cadence: where the bhari half itself plays the
    /// cadence open somewhere (`DhiNa GeNa` before `TinNa KeNa`), that phrase, as the
    /// theme's own words; otherwise the opening map. Nil when there is no closed cadence.
    public static func openedCadence(of bhari: [Matra]) -> [Pulse]? {
        let n = cadenceLength(of: bhari)
        guard n > 0 else { return nil }
        let pulses = bhari.flatMap(\.pulses)
        let cadence = Array(pulses.suffix(n))
        // The latest open original wins: it is the one nearest the cadence in the theme.
        var start = pulses.count - n - 1
        while start >= 0 {
            let candidate = pulses[start..<(start + n)]
            if candidate.contains(where: { $0.bol?.isBayanResonant == true }),
               zip(candidate, cadence).allSatisfy({ isOpening($0, of: $1) }) {
                return Array(candidate)
            }
            start -= 1
        }
        return opened(cadence)
    }

    /// Whether `open` is `closed` itself or one of its open forms.
    static func isOpening(_ open: Pulse, of closed: Pulse) -> Bool {
        if open == closed { return true }
        guard case .bol(let o) = open, case .bol(let c) = closed else { return false }
        return openings(of: c).contains(o)
    }

    // MARK: - Mirror

    /// The khali half of a kaida from its bhari half: the first `count - keepLast`
    /// matras under the khali transform, then the last `keepLast` matras as in the bhari
    /// half with the closed cadence opened.
    ///
    /// `keepLast` defaults to the second half (`count / 2` rounded up: 8 of 16, 4 of
    /// Rupak's 7). The matras' locations are kept, so a mismatch can point at the line.
    ///
    /// ```swift
    /// // bhari: DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa
    /// // khali: TaTi TaKe NaTa TiTa | GeDhi NaGe DhinNa GeNa
    /// ```
    public static func mirror(ofBhari bhari: [Matra], keepLast: Int? = nil) -> [Matra] {
        let count = bhari.count
        let keep = min(count, max(0, keepLast ?? (count - count / 2)))
        var out = khali(Array(bhari.prefix(count - keep))) + bhari.suffix(keep)
        if keep > 0, let open = openedCadence(of: bhari) {
            // Write the opened cadence over the pulses of the kept tail, matra by matra.
            var remaining = open.count
            var m = out.count - 1
            var source = open[...]
            while remaining > 0, m >= count - keep {
                let take = min(remaining, out[m].pulses.count)
                let first = out[m].pulses.count - take
                out[m].pulses.replaceSubrange(first..., with: source.suffix(take))
                source = source.dropLast(take)
                remaining -= take
                m -= 1
            }
        }
        return out
    }

    /// Where a khali half stops mirroring its bhari half.
    public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
        /// 0-based index of the first matra of the khali half that differs.
        public var matra: Int
        /// Where that matra was written.
        public var location: SourceLocation
        /// What the mirror has there (roman text of the matra).
        public var expected: String
        /// What the khali half has there.
        public var found: String
        /// Why: the closed part, the open return, or the unopened cadence.
        public var reason: String

        public var description: String {
            "matra \(matra + 1) of the khali half is '\(found)', the mirror has '\(expected)' (\(reason))"
        }
    }

    /// Whether `khali` is the khali mirror of `bhari`; nil when it is, else the first
    /// matra where it is not (for the return point that matches longest).
    ///
    /// Accepted: the same number of matras; for some return point from one matra before
    /// the middle of the half up to its last matra, the bols before it are the bhari's
    /// under the khali transform and the bols after it are the bhari's, where the bhari's
    /// closed cadence may be written open (any of ``openings(of:)``) and must be opened
    /// somewhere.
    public static func mismatch(khali: [Matra], bhari: [Matra]) -> Mismatch? {
        guard !bhari.isEmpty else { return nil }
        guard khali.count == bhari.count else {
            let at = min(khali.count, bhari.count)
            let location = khali.isEmpty ? SourceLocation(line: 0, column: 0) : khali[min(at, khali.count - 1)].location
            return Mismatch(matra: min(at, max(0, khali.count - 1)), location: location,
                            expected: "\(bhari.count) matras", found: "\(khali.count) matras",
                            reason: "the khali half has the length of the bhari half")
        }
        let b = bhari.flatMap(\.pulses), k = khali.flatMap(\.pulses)
        // Pulse index -> matra index, over the khali half (the two must share a grid).
        var matraOf: [Int] = []
        var starts: [Int] = []
        for (i, m) in khali.enumerated() {
            starts.append(matraOf.count)
            matraOf += Array(repeating: i, count: m.pulses.count)
        }
        let sameGrid = zip(bhari, khali).allSatisfy { $0.pulses.count == $1.pulses.count }
        guard sameGrid else {
            let i = bhari.indices.first { bhari[$0].pulses.count != khali[$0].pulses.count }!
            return Mismatch(matra: i, location: khali[i].location, expected: text(bhari[i].pulses),
                            found: text(khali[i].pulses), reason: "a different number of bols in the matra")
        }
        let cadence = cadenceLength(of: bhari)
        let cadenceStart = b.count - cadence
        let half = starts[khali.count / 2]
        let earliest = max(1, half - bhari[max(0, khali.count / 2 - 1)].pulses.count)
        let latest = starts[khali.count - 1]
        // Longest closed prefix: the return point can't be after the first pulse that
        // is not the khali of the bhari's.
        var closed = 0
        while closed < b.count, k[closed] == Self.khali(b[closed]) { closed += 1 }
        // Longest open suffix (with the cadence allowed open).
        // The cadence may also come back as the phrase it closes: the bhari's own bols at
        // the same place half (or a quarter) of the half earlier, with the same shape on
        // the dayan (`DhaDha TiNa` for a bhari ending `DhaDha TinNa`).
        let restored = cadence > 0 && [khali.count / 2, khali.count / 4].contains { shift in
            shift > 0 && (cadenceStart..<b.count).allSatisfy { i in
                let m = matraOf[i], j = i - starts[m]
                guard m - shift >= 0, bhari[m - shift].pulses.count == bhari[m].pulses.count else { return false }
                let earlier = b[starts[m - shift] + j]
                return k[i] == earlier && sameShape(earlier, b[i])
            }
        }
        var openFrom = b.count
        while openFrom > 0 {
            let i = openFrom - 1
            if i >= cadenceStart, restored { openFrom = cadenceStart; continue }
            let ok = i >= cadenceStart ? isOpening(k[i], of: b[i]) : k[i] == b[i]
            if !ok { break }
            openFrom -= 1
        }
        let cadenceOpened = cadence == 0 || (cadenceStart..<b.count).contains { k[$0] != b[$0] }
        let lo = max(earliest, openFrom), hi = min(latest, closed)
        if lo <= hi, cadenceOpened { return nil }
        // Report against the return point that explains the most: the middle, or the
        // point where the closed part ends if that is later.
        let split = max(earliest, min(closed, latest))
        var first: (Int, String)?
        for i in 0..<b.count {
            if i < split {
                if k[i] != Self.khali(b[i]) { first = (i, "the first part of the khali half is the bhari's under the khali transform"); break }
            } else if i >= cadenceStart {
                if !restored, !isOpening(k[i], of: b[i]) { first = (i, "the khali half ends on the bhari's cadence, opened"); break }
            } else if k[i] != b[i] {
                first = (i, "the khali half returns to the bhari's open bols before sam"); break
            }
        }
        if first == nil, !cadenceOpened {
            first = (cadenceStart, "the closed cadence must be opened to lead back to sam")
        }
        guard let (pulse, reason) = first else { return nil }
        let m = matraOf[pulse]
        let openCadence = openedCadence(of: bhari) ?? Array(b[cadenceStart...])
        var expected = Array(bhari[m].pulses)
        for j in 0..<expected.count {
            let i = starts[m] + j
            if i < split { expected[j] = Self.khali(b[i]) } else if i >= cadenceStart { expected[j] = openCadence[i - cadenceStart] }
        }
        return Mismatch(matra: m, location: khali[m].location, expected: text(expected), found: text(khali[m].pulses), reason: reason)
    }

    /// Both rests, or both bols that do and don't strike the dayan alike.
    static func sameShape(_ a: Pulse, _ b: Pulse) -> Bool {
        switch (a, b) {
        case (.rest, .rest): true
        case (.bol(let x), .bol(let y)): x.drums.contains(.dayan) == y.drums.contains(.dayan)
        default: false
        }
    }

    /// How many matras at the end of a mirroring khali half come back to the bhari's own
    /// bols: the `keepLast` that writes it (the one nearest the middle when several do).
    /// Nil when `khali` is not a mirror of `bhari`.
    ///
    /// A generator can read a theme's habit here and write its paltas the same way: the
    /// Farrukhabad `DhaTraKa` theme returns for 9 of 16 matras (a pickup), four-cycle
    /// paltas often return only for the theme's own last half.
    public static func returnLength(khali: [Matra], bhari: [Matra]) -> Int? {
        guard !bhari.isEmpty, mismatch(khali: khali, bhari: bhari) == nil else { return nil }
        let n = bhari.count
        let b = bhari.flatMap(\.pulses), k = khali.flatMap(\.pulses)
        var starts: [Int] = []
        var total = 0
        for m in bhari { starts.append(total); total += m.pulses.count }
        starts.append(total)
        let cadenceStart = b.count - cadenceLength(of: bhari)
        let middle = n - n / 2
        for keep in (1...n).sorted(by: { (abs($0 - middle), $0) < (abs($1 - middle), $1) }) {
            let split = starts[n - keep]
            let fits = (0..<cadenceStart).allSatisfy { i in i < split ? k[i] == Self.khali(b[i]) : k[i] == b[i] }
            if fits { return keep }
        }
        return nil
    }

    static func text(_ pulses: [Pulse]) -> String { Printer.matraText(pulses, script: .roman) }

    // MARK: - Text

    /// Reads a phrase written as matras (`"DhaTi DhaGe | DhiNa GeNa"`); bars are
    /// ignored. Nil when a word is not made of known bols.
    public static func matras(_ text: String) -> [Matra]? {
        var out: [Matra] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where word != "|" && word != "||" {
            guard case .success(let pulses) = BolSplitter.standard.split(String(word)) else { return nil }
            out.append(Matra(pulses))
        }
        return out
    }

    /// Every pulse of a phrase written as matras, in order.
    public static func pulses(_ text: String) -> [Pulse]? { matras(text)?.flatMap(\.pulses) }
}

// MARK: - Whole texts and compositions

extension KhaliTransform {
    /// A word of a phrase that is not made of known bols.
    public struct PhraseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The word as written.
        public var word: String
        /// 1-based column of the word in the phrase.
        public var column: Int
        /// What is wrong, with a suggestion where there is one.
        public var message: String

        public var description: String { "column \(column): \(message)" }
    }

    /// Transforms a phrase written as text, keeping its bars: every bol to its khali form,
    /// or with `half`, the whole phrase as a bhari half mirrored into its khali half
    /// (`keepLast` as in ``mirror(ofBhari:keepLast:)``).
    ///
    /// `"DhaTi DhaGe DhiNa GeNa"` gives `"TaTi TaKe TiNa KeNa"`.
    public static func transform(phrase text: String, half: Bool = false, keepLast: Int? = nil) throws(PhraseError) -> String {
        let words = words(text)
        let matras = try matras(checking: text)
        let out = half ? mirror(ofBhari: matras, keepLast: keepLast) : khali(matras)
        var i = 0
        return words.map { word -> String in
            if word.text == "|" || word.text == "||" { return word.text }
            defer { i += 1 }
            return Printer.matraText(out[i].pulses, script: .roman)
        }.joined(separator: " ")
    }

    /// A composition whose every section is a bhari half, each followed by its khali
    /// mirror: one cycle in, two out. Sections that end on sam (tihais) are kept as they are.
    public static func mirrored(_ composition: Composition, keepLast: Int? = nil) -> Composition {
        var c = composition
        for i in c.sections.indices where c.sections[i].ends == .cycle && !c.sections[i].matras.isEmpty {
            let bhari = c.sections[i].matras
            c.sections[i].matras = bhari + mirror(ofBhari: bhari, keepLast: keepLast)
            c.sections[i].bars = []
        }
        return c
    }
}

extension KhaliTransform {
    /// Reads a phrase written as matras (bars ignored), saying which word is not made
    /// of known bols.
    public static func matras(checking text: String) throws(PhraseError) -> [Matra] {
        var out: [Matra] = []
        for word in words(text) where word.text != "|" && word.text != "||" {
            switch BolSplitter.standard.split(word.text) {
            case .success(let pulses): out.append(Matra(pulses, at: SourceLocation(line: 1, column: word.column)))
            case .failure(let f): throw PhraseError(word: word.text, column: word.column + f.scalarOffset, message: f.message)
            }
        }
        guard !out.isEmpty else { throw PhraseError(word: "", column: 1, message: "the phrase has no bols") }
        return out
    }

    /// The words of a one-line phrase and their 1-based columns (Unicode scalars).
    static func words(_ text: String) -> [(text: String, column: Int)] {
        var words: [(text: String, column: Int)] = []
        var column = 1
        var current = "", start = 1
        for ch in text.unicodeScalars {
            if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                if !current.isEmpty { words.append((current, start)); current = "" }
            } else {
                if current.isEmpty { start = column }
                current.unicodeScalars.append(ch)
            }
            column += 1
        }
        if !current.isEmpty { words.append((current, start)) }
        return words
    }
}
