import TablaNotation

/// Chooses a tihai the way the kaida and cadence generators need one: every arrangement
/// of the candidate phrases that the calculator lands on sam, ranked by the model's ear.
struct TihaiChooser {
    let ear: ModelEar

    /// The best-sounding tihai of `phrases` (matras, any layakari) from matra
    /// `from`, landing on sam within `maxCycles` sams. Tihais whose landing bol rings the
    /// bayan (the usual `... Dha` on sam) are preferred to those that don't.
    func best(phrases: [[Matra]], taal: Taal, from: Int, kind: TihaiKind,
              maxCycles: Int, role: SectionRole, context: TokenStream = TokenStream()) throws -> Tihai {
        let calculator = TihaiCalculator(taal: taal, from: from, kind: kind, maxCycles: maxCycles, maxRepeats: 2)
        var found: [Tihai] = []
        var reasons: [String] = []
        for phrase in phrases {
            let search = calculator.search(phrase)
            found += search.arrangements
            if let reason = search.reason { reasons.append(reason) }
        }
        guard !found.isEmpty else { throw KaidaError.noTihai(reasons.first ?? "no phrase was given") }
        let landing = found.filter { $0.phrase.last?.bol?.isBayanResonant == true }
        let pool = Array((landing.isEmpty ? found : landing).prefix(48))
        var best = pool[0]
        var bestScore = -Double.infinity
        for tihai in pool {
            let section = tihai.section(name: "tihai")
            let slots = Slot.layout(taal: taal, start: from, matraSizes: section.matras.map(\.pulses.count), ends: .sam, role: role)
            let tokens = section.matras.flatMap(\.pulses).map(ear.model.vocabulary.token)
            let s = try ear.score(context: context, slots: slots, candidates: [tokens])[0]
            if s > bestScore { bestScore = s; best = tihai }
        }
        return best
    }
}
