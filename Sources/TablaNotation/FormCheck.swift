/// The rules of the forms, checked on a whole composition: tihais land on sam with
/// three equal phrases, a kaida's khali halves mirror its bhari halves, paltas keep to
/// the theme's bols. `tabla check` runs them (see docs/NOTATION.md, "Form checks");
/// a generator can run them on what it writes.
///
/// ```swift
/// let diagnostics = FormCheck().check(composition)
/// ```
///
/// Which sections and forms each rule looks at is data (``FormCheck/Rules``), so a
/// school with other habits can change it without touching the checks.
public struct FormCheck: Sendable {
    /// Which sections and forms the checks look at.
    public struct Rules: Sendable, Hashable {
        /// Forms whose last section must end with a tihai on sam.
        public var tihaiForms: Set<Form> = [.tihai, .tukda, .mukhda, .chakradar]
        /// Section names (lowercase prefixes) that declare a tihai.
        public var tihaiSections: [String] = ["tihai"]
        /// Section names of a kaida made of a bhari half and a khali half.
        public var kaidaSections: [String] = ["theme", "mukh", "palta", "variation"]
        /// Check that khali halves mirror bhari halves.
        public var khaliMirror = true
        /// Check that paltas use only the theme's bols.
        public var paltaBols = true
        /// Check tihais.
        public var tihai = true
        /// The shortest tihai phrase, in bols: one bol thrice is no tihai.
        public var minimumPhraseBols = 2

        /// The rules `tabla check` uses.
        public init() {}
    }

    /// The rules in force.
    public var rules: Rules

    /// Creates a checker.
    public init(rules: Rules = Rules()) {
        self.rules = rules
    }

    /// Every form diagnostic for `composition`, in source order.
    public func check(_ composition: Composition) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if rules.tihai { checkTihais(composition, into: &out) }
        if composition.form == .kaida {
            if rules.khaliMirror { checkMirrors(composition, into: &out) }
            if rules.paltaBols { Validator().checkPaltaBols(composition, into: &out) }
        }
        return out.sorted { $0.location < $1.location }
    }

    static func named(_ section: Section, _ prefixes: [String]) -> Bool {
        guard let name = section.name?.lowercased() else { return false }
        return prefixes.contains { name.hasPrefix($0) }
    }

    // MARK: - Tihai

    /// A tihai found at the end of a section: three equal phrases, two equal gaps.
    public struct Found: Hashable, Sendable {
        /// Pulses per matra of the grid it was found on.
        public var resolution: Int
        /// Pulses of one phrase, its landing bol counted as one.
        public var phraseLength: Int
        /// Pulses of one gap.
        public var gap: Int
        /// The pulse (from the section's first) where each phrase starts.
        public var starts: [Int]
        /// The phrase, in roman text on the grid.
        public var phrase: [Pulse]
    }

    /// The tihai that ends `section` on sam, the longest phrase if several fit; nil when
    /// its last bols are not three equal phrases (or the section mixes layakaris whose
    /// common grid is finer than ``TihaiGrid/finest`` pulses a matra, which is not searched).
    public func tihai(endingSection section: Section) -> Found? {
        guard let grid = Self.landingGrid(section), var found = Self.perfect(grid.pulses, r: grid.r, minimumBols: rules.minimumPhraseBols) else {
            return nil
        }
        found.starts = found.starts.map { $0 + grid.firstMatra * grid.r }
        return found
    }

    /// How far back from sam a tihai is looked for: four cycles and the landing. A
    /// chakradar's three tihai-bearing phrases fit in that.
    static let searchCycles = 4

    /// The last pulses of the section up to and including the landing bol (at most
    /// ``searchCycles`` cycles), and the grid.
    static func landingGrid(_ section: Section) -> (pulses: [Pulse], r: Int, firstMatra: Int)? {
        guard section.ends == .sam, section.matras.count >= 2 else { return nil }
        let window = min(section.matras.count, searchCycles * section.taal.matras + 1)
        let matras = Array(section.matras.suffix(window))
        guard let r = TihaiGrid.resolution(matras) else { return nil }
        let (pulses, _) = TihaiGrid.onGrid(matras)
        let landing = (matras.count - 1) * r
        guard landing < pulses.count, pulses[landing].bol != nil else { return nil }
        return (Array(pulses[...landing]), r, section.matras.count - window)
    }

    /// Whether phrases of `length` with `gap` read the end of `s` as a tihai.
    static func reads(_ s: [Pulse], length: Int, gap: Int, minimumBols: Int) -> Bool {
        let n = s.count
        let p3 = n - length, p2 = p3 - gap - length, p1 = p2 - gap - length
        guard s[p3].bol != nil else { return false }
        for i in 0..<length where s[p1 + i] != s[p3 + i] || s[p2 + i] != s[p3 + i] { return false }
        for i in 0..<gap where s[p1 + length + i] != s[p2 + length + i] { return false }
        return s[p3..<n].lazy.filter { $0.bol != nil }.count >= minimumBols
    }

    /// The tihai with the longest phrase that ends `s`: a phrase starts with a stroke
    /// (a leading rest belongs to the gap) and holds at least `minimumBols` bols.
    static func perfect(_ s: [Pulse], r: Int, minimumBols: Int) -> Found? {
        let n = s.count
        var length = n / 3
        while length >= 2 {
            var gap = 0
            while 3 * length + 2 * gap <= n {
                if reads(s, length: length, gap: gap, minimumBols: minimumBols) {
                    return found(s, r: r, length: length, gap: gap)
                }
                gap += 1
            }
            length -= 1
        }
        return nil
    }

    static func found(_ s: [Pulse], r: Int, length: Int, gap: Int) -> Found {
        let p3 = s.count - length, p2 = p3 - gap - length, p1 = p2 - gap - length
        return Found(resolution: r, phraseLength: length, gap: gap, starts: [p1, p2, p3], phrase: Array(s[p3...]))
    }

    /// The reading of the end of `s` as three phrases (of at least `minimumLength`
    /// pulses) on which the phrases and gaps agree on the most pulses; the longest
    /// phrase among equals. Readings that can't beat the best so far are cut short.
    static func nearest(_ s: [Pulse], r: Int, minimumLength: Int) -> Found? {
        let n = s.count
        var best: (score: Int, found: Found)?
        var length = n / 3
        while length >= max(2, minimumLength) {
            var gap = 0
            // Gaps no longer than the phrase (its landing holding a matra), as the calculator.
            while 3 * length + 2 * gap <= n, gap <= length - 1 + r {
                let p3 = n - length, p2 = p3 - gap - length, p1 = p2 - gap - length
                let most = length + gap
                if s[p3].bol != nil, most > (best?.score ?? -1) {
                    var misses = 0
                    let allowed = most - (best?.score ?? -1) - 1
                    var i = 0
                    while i < length, misses <= allowed {
                        if s[p1 + i] != s[p3 + i] || s[p2 + i] != s[p3 + i] { misses += 1 }
                        i += 1
                    }
                    i = 0
                    while i < gap, misses <= allowed {
                        if s[p1 + length + i] != s[p2 + length + i] { misses += 1 }
                        i += 1
                    }
                    if misses <= allowed { best = (most - misses, found(s, r: r, length: length, gap: gap)) }
                }
                gap += 1
            }
            length -= 1
        }
        return best?.found
    }

    func checkTihais(_ composition: Composition, into out: inout [Diagnostic]) {
        let bodies = composition.sections.filter { !$0.matras.isEmpty }
        for (i, section) in bodies.enumerated() {
            let declaredSection = Self.named(section, rules.tihaiSections)
            let form = section.extra.first { $0.key == "form" }.flatMap { Form(spelling: $0.value) } ?? composition.form
            let byForm = i == bodies.count - 1 && form.map { rules.tihaiForms.contains($0) } == true
            guard declaredSection || byForm, section.ends == .sam else { continue }
            guard let grid = Self.landingGrid(section) else { continue }
            if Self.perfect(grid.pulses, r: grid.r, minimumBols: rules.minimumPhraseBols) != nil { continue }
            // Plainly wrong: declared a tihai (by section or form) and not one.
            let declared = declaredSection || form == .tihai
            let what = declaredSection ? "this tihai" : "this \(form!.rawValue)"
            var message = "\(what) does not end with three equal phrases landing on sam"
            // The nearest reading with phrases of at least a matra: shorter ones explain little.
            let best = Self.nearest(grid.pulses, r: grid.r, minimumLength: grid.r) ?? Self.nearest(grid.pulses, r: grid.r, minimumLength: 2)
            if let best { message += "; " + describe(best, grid.pulses, section, firstMatra: grid.firstMatra) }
            out.append(Diagnostic(declared ? .error : .warning, locate(best, grid.pulses, section, firstMatra: grid.firstMatra), message,
                                  code: .tihai))
        }
    }

    /// Where the first disagreement of a near tihai is (or the section, if none).
    private func locate(_ found: Found?, _ s: [Pulse], _ section: Section, firstMatra: Int) -> SourceLocation {
        guard let f = found, let i = firstDisagreement(f, s) else { return section.location }
        return section.matras[min(section.matras.count - 1, firstMatra + i / f.resolution)].location
    }

    private func firstDisagreement(_ f: Found, _ s: [Pulse]) -> Int? {
        for i in 0..<f.phraseLength {
            let a = s[f.starts[0] + i], b = s[f.starts[1] + i], c = s[f.starts[2] + i]
            if a != c { return f.starts[0] + i }
            if b != c { return f.starts[1] + i }
        }
        for i in 0..<f.gap where s[f.starts[0] + f.phraseLength + i] != s[f.starts[1] + f.phraseLength + i] {
            return f.starts[1] + f.phraseLength + i
        }
        return nil
    }

    /// "read as three phrases of 5 matras with gaps of 1 matra (starting on matra 1 of
    /// cycle 2, ...), phrase 2 has 'Ta' where phrase 3 has 'Dha' on matra 7 of cycle 2".
    private func describe(_ f: Found, _ s: [Pulse], _ section: Section, firstMatra: Int) -> String {
        let r = f.resolution
        func place(_ pulse: Int) -> String {
            let a = section.start - 1 + firstMatra + pulse / r
            let off = pulse % r
            let beat = off == 0 ? "" : (r == 2 ? " (off-beat)" : " (pulse \(off + 1) of \(r))")
            let (cycle, matra) = section.taal.place(a)
            return "matra \(matra) of cycle \(cycle + 1)\(beat)"
        }
        let len = TihaiCalculator.describe(f.phraseLength, r)
        let gap = f.gap == 0 ? "no gap" : "gaps of \(TihaiCalculator.describe(f.gap, r))"
        var text = "the nearest reading is three phrases of \(len) with \(gap), starting on \(f.starts.map(place).joined(separator: ", ")); "
            + "phrase 1 ends on \(place(f.starts[0] + f.phraseLength - 1)), phrase 2 on \(place(f.starts[1] + f.phraseLength - 1)), phrase 3 on sam"
        if let i = firstDisagreement(f, s) {
            let k: Int, part: String
            if i >= f.starts[1] + f.phraseLength {
                k = i - f.starts[1] - f.phraseLength
                text += "; the gaps differ at \(place(i))"
                _ = k
                return text
            } else if i >= f.starts[1] {
                k = i - f.starts[1]; part = "phrase 2"
            } else {
                k = i - f.starts[0]; part = "phrase 1"
            }
            text += "; \(part) has '\(s[i].text(.roman))' at \(place(i)) where phrase 3 has '\(s[f.starts[2] + k].text(.roman))'"
        }
        return text
    }

    // MARK: - Khali mirror

    func checkMirrors(_ composition: Composition, into out: inout [Diagnostic]) {
        for section in composition.sections where Self.named(section, rules.kaidaSections) {
            let count = section.matras.count
            guard section.ends == .cycle, count >= 2, count % 2 == 0 else { continue }
            let bhari = Array(section.matras.prefix(count / 2)), khali = Array(section.matras.suffix(count / 2))
            guard let miss = KhaliTransform.mismatch(khali: khali, bhari: bhari) else { continue }
            let (cycle, matra) = section.taal.place(section.start - 1 + count / 2 + miss.matra)
            let name = section.name ?? "section"
            out.append(Diagnostic(.warning, miss.location,
                                  "'\(name)': the khali half is not the khali mirror of the bhari half: at matra \(matra) of cycle \(cycle + 1) "
                                    + "it has '\(miss.found)' where the mirror has '\(miss.expected)' (\(miss.reason))",
                                  code: .khaliMirror))
        }
    }
}
