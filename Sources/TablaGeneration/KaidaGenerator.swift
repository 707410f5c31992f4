import Foundation
import TablaNotation

/// What kaida to develop.
public struct KaidaRequest: Sendable {
    /// The taal.
    public var taal: Taal
    /// The theme's bhari half, from sam; nil to let the model write one.
    public var theme: [Matra]?
    /// Bols per matra of a theme the model writes.
    public var layakari: Int
    /// Matras in the bhari half of a theme the model writes (nil: half a cycle in a taal
    /// with an even number of matras, else a whole cycle).
    public var themeMatras: Int?
    /// How many paltas.
    public var paltas: Int
    /// Seed of every random choice.
    public var seed: UInt64
    /// Sampling temperature of a theme the model writes.
    public var temperature: Float
    /// Which tihais may close the kaida.
    public var tihaiKind: TihaiKind

    /// Creates a request.
    public init(taal: Taal, theme: [Matra]? = nil, layakari: Int = 2, themeMatras: Int? = nil, paltas: Int = 6,
                seed: UInt64 = 1, temperature: Float = SamplingOptions.defaultTemperature, tihaiKind: TihaiKind = .any) {
        self.taal = taal
        self.theme = theme
        self.layakari = layakari
        self.themeMatras = themeMatras
        self.paltas = paltas
        self.seed = seed
        self.temperature = temperature
        self.tihaiKind = tihaiKind
    }
}

/// A kaida developed from its theme.
public struct Kaida: Sendable {
    /// One palta: its bhari half, its khali mirror, how it was made and the model's score.
    public struct Palta: Sendable {
        /// The bhari half.
        public var bhari: [Matra]
        /// The khali half, mirrored from the bhari half.
        public var khali: [Matra]
        /// The move that made it.
        public var move: String
        /// Mean log-probability per bol of the bhari half under the model, in its place.
        public var score: Double
    }
    /// The theme's bhari half.
    public var bhari: [Matra]
    /// The theme's khali half.
    public var khali: [Matra]
    /// The paltas in the order they are played.
    public var paltas: [Palta]
    /// The closing tihai.
    public var tihai: Tihai

    /// The kaida as sections: `[theme]`, `[palta 1]`..., `[tihai]`.
    public func sections(taal: Taal) -> [Section] {
        var out = [Section(name: "theme", taal: taal, matras: bhari + khali)]
        for (i, p) in paltas.enumerated() {
            out.append(Section(name: "palta \(i + 1)", taal: taal, matras: p.bhari + p.khali))
        }
        out.append(tihai.section(name: "tihai"))
        return out
    }
}

/// Why a piece of a form could not be written.
public enum FormGenerationError: ReportableError, Sendable, Equatable {
    /// The theme's bhari half is too short to split into units and a cadence.
    case themeTooShort(matras: Int)
    /// Theme and khali half together don't fill whole cycles.
    case themeLength(matras: Int, taal: String, cycle: Int)
    /// The theme has a matra with no bol.
    case emptyMatra(index: Int)
    /// No tihai from the candidate phrases lands on sam.
    case noTihai(String)
    /// A start matra that the taal does not have.
    case notInTaal(matra: Int, taal: String, matras: Int)

    /// Not about a file.
    public var file: String? { nil }

    /// What is wrong, and what would fit.
    public var message: String {
        switch self {
        case .themeTooShort(let m):
            "the theme's bhari half has \(m) matra\(m == 1 ? "" : "s"); a kaida theme needs at least 3 (units and a cadence)"
        case .themeLength(let m, let taal, let n):
            "the theme's bhari half has \(m) matras, so theme and khali half make \(2 * m); a kaida's theme fills whole cycles of \(taal) (\(n) matras): give a bhari half of \(n % 2 == 0 ? "\(n / 2) or " : "")\(n) matras"
        case .emptyMatra(let i): "matra \(i + 1) of the theme has no bol"
        case .noTihai(let why): "no tihai lands on sam: \(why)"
        case .notInTaal(let m, let taal, let n): "--from \(m): \(taal) has matras 1 to \(n)"
        }
    }
}

/// Develops a kaida the way players do: a theme (bhari half and its khali mirror),
/// paltas made by rule from the theme's own units and chosen by the model's ear, and a
/// tihai from the theme's phrases that lands on sam.
public struct KaidaGenerator {
    /// The model that writes themes and ranks paltas.
    public let ear: ModelEar

    /// Creates a generator; with `shortTerm` its ear mixes the LSTM with a short-term model
    /// of the piece so far (``ModelEar/shortTerm``).
    public init(model: BolModel, shortTerm: Bool = false) { ear = ModelEar(model: model, shortTerm: shortTerm) }

    /// Develops the kaida.
    public func generate(_ request: KaidaRequest) throws -> Kaida {
        let taal = request.taal
        let n = taal.matras
        var rng = SplitMix64(seed: request.seed)
        let bhari: [Matra]
        if let theme = request.theme {
            if let i = theme.firstIndex(where: { $0.pulses.isEmpty }) { throw FormGenerationError.emptyMatra(index: i) }
            bhari = theme.map { Matra($0.pulses) }
        } else {
            bhari = try writeTheme(request, rng: &rng)
        }
        guard bhari.count >= 3 else { throw FormGenerationError.themeTooShort(matras: bhari.count) }
        guard (2 * bhari.count) % n == 0 else { throw FormGenerationError.themeLength(matras: bhari.count, taal: taal.name, cycle: n) }
        let khali = KhaliTransform.mirror(ofBhari: bhari)
        let paltas = try choosePaltas(bhari: bhari, khali: khali, taal: taal, count: request.paltas)
        let tihai = try closingTihai(bhari: bhari, khali: khali, taal: taal, kind: request.tihaiKind)
        return Kaida(bhari: bhari, khali: khali, paltas: paltas, tihai: tihai)
    }

    /// The default bhari length: half a cycle where the taal divides evenly, else a cycle.
    public static func defaultThemeMatras(_ taal: Taal) -> Int {
        taal.matras % 2 == 0 && taal.matras >= 6 ? taal.matras / 2 : taal.matras
    }

    /// Nats per bol taken off a candidate's score for each chosen palta of the same kind
    /// of move: enough to prefer a slightly less likely palta of another kind.
    static let repeatedKindPenalty = 0.25
    /// Nats per bol taken off for each chosen palta that changes the same places.
    static let samePlacesPenalty = 0.4

    /// Closed cadences a bhari half may end on (their openings end the khali half).
    static let cadences: [[String]] = [["Tin", "Na", "Ke", "Na"], ["Ti", "Na", "Ke", "Na"], ["Tun", "Na", "Ke", "Na"]]

    /// The model writes a bhari half: it starts on sam with an open bayan stroke and ends
    /// on a closed cadence; several drafts are sampled, each with each cadence, and one is
    /// drawn in proportion to the model's probability of the whole half.
    func writeTheme(_ request: KaidaRequest, rng: inout SplitMix64) throws -> [Matra] {
        let taal = request.taal
        let b = request.themeMatras ?? Self.defaultThemeMatras(taal)
        let l = request.layakari
        let all = Slot.layout(taal: taal, start: 1, matraSizes: [Int](repeating: l, count: 2 * b), role: .theme)
        let slots = Array(all.prefix(b * l))
        let vocabulary = ear.model.vocabulary
        let cadenceTokens = Self.cadences.map { $0.map { vocabulary.token(.bol(Bol.named($0)!)) } }
        let cadenceLength = min(4, slots.count - 1)
        let bodyCount = slots.count - cadenceLength
        // Themes are dense: rests are rare in a kaida's mukh.
        let fewRests = ear.rests(0.1)
        let rules: [[Float]?] = [ear.openBayan] + [[Float]?](repeating: fewRests, count: max(0, bodyCount - 1))
        var drafts: [[Int32]] = []
        for _ in 0..<12 {
            let body = try ear.fill(context: TokenStream(), slots: Array(slots.prefix(bodyCount)), rules: rules,
                                    temperature: request.temperature, rng: &rng)
            for cadence in cadenceTokens {
                drafts.append(body + cadence.suffix(cadenceLength))
            }
        }
        var seen: Set<[Int32]> = []
        drafts = drafts.filter { seen.insert($0).inserted }
        let scores = try ear.score(context: TokenStream(), slots: slots, candidates: drafts)
        // One draft, drawn in proportion to the model's probability of the whole half:
        // the likeliest usually wins, but a seed is not held to the model's one favourite.
        let best = scores.max()!
        let weights = scores.map { Float(Foundation.exp(Double(slots.count) * ($0 - best))) }
        let total = weights.reduce(0, +)
        let chosen = SamplingOptions.draw(weights.map { $0 / total }, uniform: rng.nextUnitDouble())
        return ear.matras(drafts[chosen], sizes: [Int](repeating: l, count: b))
    }

    /// Enumerates the palta moves, scores each candidate's bhari half with the model in
    /// its place (after the theme, as the bhari half of a palta), and keeps the `count`
    /// best, no two alike, with a penalty for repeating a kind of move so the set varies.
    func choosePaltas(bhari: [Matra], khali: [Matra], taal: Taal, count: Int) throws -> [Kaida.Palta] {
        guard count > 0 else { return [] }
        let vocabulary = ear.model.vocabulary
        var context = TokenStream()
        context.append(Section(name: "theme", taal: taal, matras: bhari + khali), role: .theme)
        let candidates = PaltaMoves.candidates(bhari: bhari)
        var scores = [Double](repeating: 0, count: candidates.count)
        // Candidates of one length share their slots: score them as one batch.
        var byLength: [Int: [Int]] = [:]
        for (i, c) in candidates.enumerated() { byLength[c.bhari.count, default: []].append(i) }
        for (_, indices) in byLength.sorted(by: { $0.key < $1.key }) {
            let first = candidates[indices[0]].bhari
            let sizes = first.map { $0.pulses.count }
            guard indices.allSatisfy({ candidates[$0].bhari.map { $0.pulses.count } == sizes }) else {
                for i in indices {
                    scores[i] = try score(candidates[i].bhari, taal: taal, context: context)
                }
                continue
            }
            let slots = Slot.layout(taal: taal, start: 1, matraSizes: sizes + sizes, role: .palta).prefix(sizes.reduce(0, +))
            let tokens = indices.map { candidates[$0].bhari.flatMap(\.pulses).map(vocabulary.token) }
            let s = try ear.score(context: context, slots: Array(slots), candidates: tokens)
            for (k, i) in indices.enumerated() { scores[i] = s[k] }
        }
        // Where each candidate departs from the theme: two paltas that change the same
        // places are heard as one idea, so the second is penalised like a repeated move.
        let themePulses = bhari.map(\.pulses)
        let changed = candidates.map { c in
            Set(c.bhari.indices.filter { $0 >= themePulses.count || c.bhari[$0].pulses != themePulses[$0] })
        }
        var chosen: [Int] = []
        var used: [PaltaMoves.Kind: Int] = [:]
        while chosen.count < min(count, candidates.count) {
            var best: Int?
            var bestValue = -Double.infinity
            for i in candidates.indices where !chosen.contains(i) {
                let samePlaces = chosen.filter { changed[$0] == changed[i] || !changed[$0].isDisjoint(with: changed[i]) && changed[$0].count == 1 }.count
                let value = scores[i] - Self.repeatedKindPenalty * Double(used[candidates[i].kind, default: 0])
                    - Self.samePlacesPenalty * Double(samePlaces)
                if value > bestValue { bestValue = value; best = i }
            }
            guard let b = best else { break }
            chosen.append(b)
            used[candidates[b].kind, default: 0] += 1
        }
        // Paltas grow through a performance: same-length moves first, expansions last.
        chosen.sort { (candidates[$0].bhari.count, candidates[$0].kind, -scores[$0]) < (candidates[$1].bhari.count, candidates[$1].kind, -scores[$1]) }
        return chosen.map { i in
            let c = candidates[i]
            return Kaida.Palta(bhari: c.bhari, khali: Self.mirror(c.bhari, theme: bhari, themeKhali: khali), move: c.move, score: scores[i])
        }
    }

    /// A palta's khali half: its mirror, ending on the theme's own opened cadence (the
    /// palta keeps the theme's cadence, so it opens it as the theme does, even where the
    /// move replaced the theme's open phrase the cadence was opened from).
    static func mirror(_ bhari: [Matra], theme: [Matra], themeKhali: [Matra]) -> [Matra] {
        var khali = KhaliTransform.mirror(ofBhari: bhari)
        // The theme's cadence, not the palta's: a palta's closed tail may reach further
        // back than the cadence it shares with the theme.
        var n = KhaliTransform.cadenceLength(of: theme)
        var m = khali.count - 1, t = themeKhali.count - 1
        while n > 0, m >= 0, t >= 0, khali[m].pulses.count == themeKhali[t].pulses.count {
            let take = min(n, khali[m].pulses.count)
            let count = khali[m].pulses.count
            khali[m].pulses.replaceSubrange((count - take)..., with: themeKhali[t].pulses.suffix(take))
            n -= take
            m -= 1
            t -= 1
        }
        return khali
    }

    /// Mean log-probability of one palta bhari half after `context`.
    func score(_ bhari: [Matra], taal: Taal, context: TokenStream) throws -> Double {
        let sizes = bhari.map { $0.pulses.count }
        let slots = Slot.layout(taal: taal, start: 1, matraSizes: sizes + sizes, role: .palta).prefix(sizes.reduce(0, +))
        let tokens = bhari.flatMap(\.pulses).map(ear.model.vocabulary.token)
        return try ear.score(context: context, slots: Array(slots), candidates: [tokens])[0]
    }

    /// The tihai that closes the kaida: from sam, built by the calculator from the theme's
    /// own phrases (the opened cadence, the khali half's open return, the whole opening),
    /// and the arrangement the model finds most idiomatic among those that land.
    func closingTihai(bhari: [Matra], khali: [Matra], taal: Taal, kind: TihaiKind) throws -> Tihai {
        var phrases: [TihaiChooser.Phrase] = []
        var seen: Set<[[Pulse]]> = []
        for matras in [khali.suffix(khali.count / 4), khali.suffix(khali.count / 2), khali[...], bhari.prefix(max(1, bhari.count / 2))]
        where !matras.isEmpty && seen.insert(matras.map(\.pulses)).inserted {
            phrases.append(.matras(Array(matras)))
        }
        return try TihaiChooser(ear: ear).best(phrases: phrases, taal: taal, from: 1, kind: kind, maxCycles: 3, role: .tihai)
    }
}
