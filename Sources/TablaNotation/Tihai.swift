/// Gaps a tihai may leave between its phrases.
public enum TihaiKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// No gap, or gaps of at most half a matra.
    case bedam
    /// Gaps longer than half a matra (a "breath", dum).
    case dumdar
    /// Either.
    case any

    /// Whether a gap of `gap` pulses, at `resolution` pulses per matra, is of this kind.
    public func admits(gap: Int, resolution: Int) -> Bool {
        switch self {
        case .any: true
        case .bedam: 2 * gap <= resolution
        case .dumdar: 2 * gap > resolution
        }
    }
}

/// One tihai: a phrase played three times with two equal gaps of rests between, the
/// last bol of the third phrase landing on sam.
///
/// Counted in pulses of `1/resolution` matra so sub-matra gaps are exact. The phrase's
/// last pulse is its landing bol, counted as one pulse: 3 x phrase + 2 x gap is the
/// distance from the first bol to sam, plus one for the landing on sam itself.
public struct Tihai: Hashable, Sendable {
    /// How the tihai's phrase is made from the given phrase.
    public enum Unit: Hashable, Sendable {
        /// The given phrase `repeats` times, ending on its own last bol.
        case whole(repeats: Int)
        /// The given phrase `repeats` times, then its first bol: the usual `... Dha`.
        /// When the first bol is closed (the Ti of `TiRaKiTa DhaGe`), the phrase's first
        /// bayan-resonant bol instead, as sam is landed on with an open stroke.
        case endedOnFirstBol(repeats: Int)
    }

    /// The tihai's phrase at `resolution`, ending on its landing bol.
    public var phrase: [Pulse]
    /// How `phrase` was made.
    public var unit: Unit
    /// Rests between two phrases, in pulses.
    public var gap: Int
    /// Pulses per matra.
    public var resolution: Int
    /// The taal it is counted in.
    public var taal: Taal
    /// The matra of the cycle (1-based) on which the first bol falls.
    public var from: Int
    /// Sams passed: the third phrase lands on the sam that closes cycle `cycles`
    /// counted from the cycle holding `from`.
    public var cycles: Int

    /// Creates a tihai.
    public init(phrase: [Pulse], unit: Unit, gap: Int, resolution: Int, taal: Taal, from: Int, cycles: Int) {
        self.phrase = phrase
        self.unit = unit
        self.gap = gap
        self.resolution = resolution
        self.taal = taal
        self.from = from
        self.cycles = cycles
    }

    /// Bedam or dumdar, from the gap.
    public var kind: TihaiKind { TihaiKind.bedam.admits(gap: gap, resolution: resolution) ? .bedam : .dumdar }

    /// Pulses of the phrase, its landing bol counted as one.
    public var phraseLength: Int { phrase.count }

    /// 3 x phrase + 2 x gap, in pulses: the distance to sam plus one.
    public var total: Int { 3 * phrase.count + 2 * gap }

    /// Pulses from the first bol to sam (the landing not counted).
    public var distance: Int { (cycles * taal.matras - (from - 1)) * resolution }

    /// The pulses where the three phrases start, counted from the first bol.
    public var phraseStarts: [Int] { [0, phrase.count + gap, 2 * (phrase.count + gap)] }

    /// Phrase, gap, phrase, gap, phrase: every pulse from the first bol to the landing.
    public var pulses: [Pulse] {
        let rests = [Pulse](repeating: .rest, count: gap)
        return phrase + rests + phrase + rests + phrase
    }

    /// The arithmetic as players say it: `3 x 9 + 2 x 3 = 33 = 2 cycles + sam`.
    ///
    /// In matras when the phrase (its landing bol holding a whole matra) and the gap are
    /// whole matras, else in pulses named by their size (`half-matras`).
    public var arithmetic: String {
        let r = resolution
        let tail: String
        let matrasToSam = distance / r
        if from == 1 {
            tail = "\(cycles) cycle\(cycles == 1 ? "" : "s") + sam"
        } else {
            tail = "\(matrasToSam) matra\(matrasToSam == 1 ? "" : "s") from matra \(from) + sam"
        }
        if r == 1 || ((phrase.count - 1) % r == 0 && (gap + 1) % r == 0) {
            let p = (phrase.count - 1) / r + 1, g = (gap + 1) / r - 1
            return "3 x \(p) + 2 x \(g) = \(3 * p + 2 * g) = \(tail)"
        }
        return "3 x \(phrase.count) + 2 x \(gap) = \(total) \(Tihai.pulseName(r)) = \(tail)"
    }

    /// `half-matras`, `third-matras`, `quarter-matras`, `1/6-matras`.
    public static func pulseName(_ resolution: Int) -> String {
        switch resolution {
        case 1: "matras"
        case 2: "half-matras"
        case 3: "third-matras"
        case 4: "quarter-matras"
        default: "1/\(resolution)-matras"
        }
    }

    /// The tihai as matras from `from` to the landing on sam; each matra written at the
    /// coarsest even subdivision that holds its bols (`Dha - ` as `Dha`).
    public var matras: [Matra] {
        let all = pulses
        let r = resolution
        var out: [Matra] = []
        var i = 0
        // The last pulse is the landing: it gets the sam matra to itself.
        while i < all.count - 1 {
            let end = min(i + r, all.count - 1)
            var slice = Array(all[i..<end])
            if slice.count < r { slice += Array(repeating: .rest, count: r - slice.count) }
            out.append(Matra(TihaiGrid.simplified(slice)))
            i += r
        }
        out.append(Matra([all[all.count - 1]]))
        return out
    }

    /// The tihai as a section: starting on `from`, ending on sam.
    public func section(name: String? = "tihai") -> Section {
        Section(name: name, taal: taal, start: from, ends: .sam, matras: matras)
    }

    /// The tihai as a composition of one section, ready to print as a `.bol` file.
    public func composition(title: String? = nil) -> Composition {
        Composition(title: title, taal: taal, form: .tihai, start: from, ends: .sam, sections: [section()])
    }
}

/// Finds every way to play a phrase as a tihai landing on sam.
///
/// ```swift
/// let calc = TihaiCalculator(taal: teentaal)
/// let found = calc.arrangements(of: KhaliTransform.matras("DhaTi DhaGe DhiNa GeNa")!)
/// found.first?.arithmetic   // 3 x 9 + 2 x 0 = 27 half-matras ...
/// ```
public struct TihaiCalculator: Sendable {
    /// The taal to land in.
    public var taal: Taal
    /// The matra (1-based) on which the tihai's first bol falls.
    public var from: Int
    /// Which gaps to allow.
    public var kind: TihaiKind
    /// The most sams the tihai may pass before landing (1: lands on the first sam).
    public var maxCycles: Int
    /// The most times the given phrase is repeated inside one phrase of the tihai.
    public var maxRepeats: Int

    /// Creates a calculator.
    public init(taal: Taal, from: Int = 1, kind: TihaiKind = .any, maxCycles: Int = 3, maxRepeats: Int = 3) {
        self.taal = taal
        self.from = from
        self.kind = kind
        self.maxCycles = maxCycles
        self.maxRepeats = maxRepeats
    }

    /// One way of playing the phrase that does not land on sam, and by how much.
    public struct NearMiss: Hashable, Sendable, CustomStringConvertible {
        /// The tihai as it would be played (its `cycles` the sam it aims at).
        public var tihai: Tihai
        /// Pulses after sam at which the last bol falls; negative: before sam.
        public var offset: Int
        /// Why it is not an arrangement: the landing, or the gap's kind.
        public var note: String

        public var description: String { note }
    }

    /// The result of a search: the arrangements, or why there are none and what comes near.
    public struct Search: Sendable {
        /// Every arrangement that lands on sam, best first (shortest, fewest repeats, smallest gap).
        public var arrangements: [Tihai]
        /// When there are none: the closest misses, nearest first.
        public var nearMisses: [NearMiss]
        /// When there are none: why, in a sentence.
        public var reason: String?
    }

    /// Every arrangement of a phrase written as matras (any layakari, mixed allowed).
    public func arrangements(of phrase: [Matra]) -> [Tihai] { search(phrase).arrangements }

    /// Searches arrangements of a phrase written as matras.
    public func search(_ phrase: [Matra]) -> Search {
        guard TihaiGrid.resolution(phrase) != nil else {
            return Search(arrangements: [], nearMisses: [], reason: "the phrase mixes layakaris with no common grid of at most "
                            + "\(TihaiGrid.finest) pulses a matra; write it at one layakari")
        }
        let (pulses, r) = TihaiGrid.onGrid(phrase)
        return search(pulses, pulsesPerMatra: r)
    }

    /// Every arrangement of a phrase given as pulses at `pulsesPerMatra`.
    public func arrangements(of phrase: [Pulse], pulsesPerMatra: Int) -> [Tihai] {
        search(phrase, pulsesPerMatra: pulsesPerMatra).arrangements
    }

    /// Searches arrangements of a phrase given as pulses at `pulsesPerMatra`.
    ///
    /// At thah (1 pulse a matra) the search runs on half-matras, so a bedam tihai may
    /// leave a half-matra gap.
    public func search(_ phrase: [Pulse], pulsesPerMatra: Int) -> Search {
        precondition(pulsesPerMatra > 0)
        var r = pulsesPerMatra
        var given = phrase
        if r == 1 {
            r = 2
            given = phrase.flatMap { [$0, .rest] }
        }
        // Leading rests are not part of a phrase's shape; trailing ones keep the time
        // before an added landing bol, but a phrase played whole ends on its last bol.
        while given.first == .rest { given.removeFirst() }
        guard let opening = given.first, given.contains(where: { $0.bol != nil }) else {
            return Search(arrangements: [], nearMisses: [], reason: "the phrase has no bols")
        }
        guard (1...taal.matras).contains(from) else {
            return Search(arrangements: [], nearMisses: [], reason: "matra \(from) is not in \(taal.name)'s 1-\(taal.matras)")
        }
        let first = opening.bol?.isBayanResonant == true ? opening : given.first { $0.bol?.isBayanResonant == true } ?? opening
        var units: [([Pulse], Tihai.Unit)] = []
        for m in 1...max(1, maxRepeats) {
            let repeated = Array([[Pulse]](repeating: given, count: m).joined())
            var whole = repeated
            while whole.last == .rest { whole.removeLast() }
            units.append((whole, .whole(repeats: m)))
            units.append((repeated + [first], .endedOnFirstBol(repeats: m)))
        }
        var found: [Tihai] = []
        var misses: [NearMiss] = []
        // One bol three times is no tihai (FormCheck.Rules.minimumPhraseBols).
        for (unit, kindOfUnit) in units where unit.lazy.filter({ $0.bol != nil }).count >= 2 {
            let length = unit.count
            // A gap no longer than the phrase, its landing bol holding a whole matra:
            // beyond that the gap is no longer heard as a breath between phrases.
            let longestGap = length - 1 + r
            for k in 1...max(1, maxCycles) {
                let tihai = Tihai(phrase: unit, unit: kindOfUnit, gap: 0, resolution: r, taal: taal, from: from, cycles: k)
                let rest = tihai.distance + 1 - 3 * length
                if rest >= 0, rest % 2 == 0, rest / 2 <= longestGap {
                    var t = tihai
                    t.gap = rest / 2
                    if kind.admits(gap: t.gap, resolution: r) {
                        found.append(t)
                    } else {
                        misses.append(NearMiss(tihai: t, offset: 0,
                                               note: "\(t.arithmetic): lands on sam, but \(t.kind.rawValue) (\(Self.describe(t.gap, r)) of rest after each phrase's last bol)"))
                    }
                    continue
                }
                // The gaps that come nearest: the largest that does not overshoot, and one more.
                for g in Array(Set([max(0, rest / 2), max(0, (rest + 1) / 2)])).sorted() where g <= longestGap && kind.admits(gap: g, resolution: r) {
                    var t = tihai
                    t.gap = g
                    let offset = 3 * length + 2 * g - (tihai.distance + 1)
                    let when = offset < 0 ? "\(Self.describe(-offset, r)) before sam" : "\(Self.describe(offset, r)) after sam"
                    misses.append(NearMiss(tihai: t, offset: offset,
                                           note: "phrase \(Self.describe(length, r)), \(g == 0 ? "no gap" : "gap " + Self.describe(g, r)): the last bol falls \(when) (aiming at the sam after cycle \(k))"))
                }
            }
        }
        // Shortest first; then landing on a bayan-resonant bol (Dha, not Ti), as a tihai's
        // landing on sam is meant to be heard; then fewer repeats, the phrase as given
        // before the one with a bol added, and a smaller gap.
        found.sort { a, b in
            (a.total, Self.weakLanding(a), Self.repeats(a.unit), Self.isEnded(a.unit), a.gap)
                < (b.total, Self.weakLanding(b), Self.repeats(b.unit), Self.isEnded(b.unit), b.gap)
        }
        // The same music reached two ways (Dha - Dha is Dha ended on Dha, and Dha- twice):
        // keep the first.
        var seen = Set<[Pulse]>()
        found = found.filter { seen.insert($0.pulses).inserted }
        guard found.isEmpty else { return Search(arrangements: found, nearMisses: [], reason: nil) }
        misses.sort { (abs($0.offset), $0.tihai.total) < (abs($1.offset), $1.tihai.total) }
        let length = units.map(\.0.count).min() ?? given.count
        let reach = (maxCycles * taal.matras - (from - 1)) * r + 1
        var reason: String
        if 3 * length > reach {
            reason = "three phrases of \(Self.describe(length, r)) are longer than the \(Self.describe(reach - 1, r)) to sam within \(maxCycles) cycle\(maxCycles == 1 ? "" : "s")"
        } else if misses.contains(where: { $0.offset == 0 }) {
            reason = "the phrase lands on sam only with gaps that are not \(kind.rawValue)"
        } else {
            reason = "no whole number of \(Self.pulseUnit(r)) makes 3 x phrase + 2 x gap reach sam from matra \(from) "
                + "(with gaps no longer than the phrase)"
        }
        if kind != .any, misses.contains(where: { $0.offset == 0 }) {
            reason += "; try --kind any"
        }
        return Search(arrangements: [], nearMisses: Array(misses.prefix(5)), reason: reason)
    }

    static func isEnded(_ unit: Tihai.Unit) -> Int {
        if case .endedOnFirstBol = unit { 1 } else { 0 }
    }

    static func weakLanding(_ t: Tihai) -> Int { t.phrase.last?.bol?.isBayanResonant == true ? 0 : 1 }

    static func repeats(_ unit: Tihai.Unit) -> Int {
        switch unit { case .whole(let m), .endedOnFirstBol(let m): m }
    }

    static func pulseUnit(_ r: Int) -> String { r == 1 ? "matras" : Tihai.pulseName(r) }

    /// `3 matras`, `1.5 matras`, `1/3 matra`...
    static func describe(_ pulses: Int, _ r: Int) -> String {
        if pulses % r == 0 { return "\(pulses / r) matra\(pulses / r == 1 ? "" : "s")" }
        let whole = pulses / r, part = pulses % r
        let g = TihaiGrid.gcd(part, r)
        let (p, q) = (part / g, r / g)
        // Halves and quarters as decimals, as players say "one and a half matras".
        if q == 2 { return "\(whole).5 matras" }
        if q == 4 { return "\(whole).\(p == 1 ? "25" : "75") matras" }
        return whole == 0 ? "\(p)/\(q) matra" : "\(whole) \(p)/\(q) matras"
    }
}

/// Puts matras of mixed layakari on one grid of equal pulses.
enum TihaiGrid {
    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The finest grid searched: 48 pulses a matra holds every mix of 1, 2, 3, 4, 6, 8,
    /// 12 and 16 bols a matra. Mixes such as 5 with 7 and 9 would need thousands.
    static let finest = 48

    /// The least common grid of `matras`, or nil when it is finer than ``finest``.
    static func resolution(_ matras: [Matra]) -> Int? {
        var r = 1
        for m in matras {
            let c = max(1, m.pulses.count)
            r = r / gcd(r, c) * c
            if r > finest { return nil }
        }
        return r
    }

    /// The pulses of `matras` on the least common grid, and its pulses per matra.
    static func onGrid(_ matras: [Matra]) -> (pulses: [Pulse], resolution: Int) {
        let r = matras.reduce(1) { acc, m in
            let c = max(1, m.pulses.count)
            return acc / gcd(acc, c) * c
        }
        var out: [Pulse] = []
        out.reserveCapacity(r * matras.count)
        for m in matras {
            let c = max(1, m.pulses.count)
            let step = r / c
            for j in 0..<r {
                out.append(j % step == 0 && j / step < m.pulses.count ? m.pulses[j / step] : .rest)
            }
        }
        return (out, r)
    }

    /// A matra at the coarsest even subdivision that keeps every bol in place:
    /// `Dha - - -` is `Dha`, `Dha - Ge -` is `DhaGe`, all rests is `-`.
    static func simplified(_ pulses: [Pulse]) -> [Pulse] {
        let r = pulses.count
        for d in 1...max(1, r) where r % d == 0 {
            let step = r / d
            if pulses.enumerated().allSatisfy({ $0.offset % step == 0 || $0.element == .rest }) {
                return stride(from: 0, to: r, by: step).map { pulses[$0] }
            }
        }
        return pulses
    }
}

extension Tihai {
    /// Tihais as one `.bol` text: a header, then a `[tihai N]` section for each with its
    /// arithmetic as a comment. `tabla check` reads it back clean.
    public static func bolText(_ tihais: [Tihai], title: String? = nil, script: Script = .roman) -> String {
        guard let first = tihais.first else { return "" }
        let printer = Printer(script: script)
        let composition = Composition(title: title, taal: first.taal, form: .tihai, start: first.from, ends: .sam)
        var out = printer.text(composition)
        for (i, t) in tihais.enumerated() {
            let name = tihais.count == 1 ? "tihai" : "tihai \(i + 1)"
            out += "\n# \(t.arithmetic) (\(t.kind.rawValue))\n"
            out += printer.sectionText(t.section(name: name), in: composition)
        }
        return out
    }
}
