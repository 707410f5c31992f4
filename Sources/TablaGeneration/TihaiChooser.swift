import TablaNotation

/// Chooses a tihai the way the kaida and cadence generators need one: every arrangement
/// of the candidate phrases that the calculator lands on sam, ranked by the model's ear.
struct TihaiChooser {
    let ear: ModelEar

    /// A candidate phrase: whole matras, or pulses at a number of pulses per matra.
    enum Phrase {
        case matras([Matra])
        case pulses([Pulse], perMatra: Int)
    }

    /// The best-sounding tihai of `phrases` (matras, any layakari) from matra
    /// `from`, landing on sam within `maxCycles` sams. Tihais that land with both drums
    /// (the usual `... Dha` on sam) are preferred, then those landing on the bayan alone.
    func best(phrases: [Phrase], taal: Taal, from: Int, kind: TihaiKind,
              maxCycles: Int, role: SectionRole, context: TokenStream = TokenStream()) throws -> Tihai {
        let calculator = TihaiCalculator(taal: taal, from: from, kind: kind, maxCycles: maxCycles, maxRepeats: 2)
        var found: [Tihai] = []
        var reasons: [String] = []
        for phrase in phrases {
            let search: TihaiCalculator.Search
            switch phrase {
            case .matras(let m): search = calculator.search(m)
            case .pulses(let p, let r): search = calculator.search(p, pulsesPerMatra: r)
            }
            found += search.arrangements
            if let reason = search.reason { reasons.append(reason) }
        }
        guard !found.isEmpty else { throw FormGenerationError.noTihai(reasons.first ?? "no phrase was given") }
        // Sam is best struck with both drums (Dha, Dhin), then with the bayan ringing (Ge).
        func landingRank(_ t: Tihai) -> Int {
            guard let bol = t.phrase.last?.bol, bol.isBayanResonant else { return 2 }
            return bol.drums.count == 2 ? 0 : 1
        }
        let bestRank = found.map(landingRank).min()!
        let pool = Array(found.filter { landingRank($0) == bestRank }.prefix(48))
        // Arrangements laid out alike (same matras, same bols per matra) are scored as
        // one batch.
        var groups: [[Int]: [Int]] = [:]
        let sections = pool.map { $0.section(name: "tihai") }
        for (i, section) in sections.enumerated() { groups[section.matras.map { $0.pulses.count }, default: []].append(i) }
        var scores = [Double](repeating: 0, count: pool.count)
        for (sizes, members) in groups {
            let slots = Slot.layout(taal: taal, start: from, matraSizes: sizes, ends: .sam, role: role)
            let tokens = members.map { sections[$0].matras.flatMap(\.pulses).map(ear.model.vocabulary.token) }
            for (k, s) in try ear.score(context: context, slots: slots, candidates: tokens).enumerated() { scores[members[k]] = s }
        }
        let best = pool[scores.indices.max { (scores[$0], -$0) < (scores[$1], -$1) }!]
        return best
    }
}
