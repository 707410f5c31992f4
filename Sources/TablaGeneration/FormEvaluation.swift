import Foundation
import TablaNotation

/// How well the form-aware generator keeps the forms, and how well the model's ear ranks
/// paltas, measured as a player would check them.
public struct FormEvaluation: Sendable {
    /// Kaidas generated for the figures.
    public var kaidas: Int
    /// Of those, how many read back through `tabla check` with no error and no warning.
    public var cleanKaidas: Int
    /// Paltas generated, and how many use only the theme's bols and mirror bhari to khali.
    public var paltas: Int
    public var faithfulPaltas: Int
    /// Tihais generated (closing the kaidas, and tihai/tukda/mukhda pieces), and how many
    /// land on sam by arithmetic as three equal phrases.
    public var tihais: Int
    public var landingTihais: Int
    /// Bayan-resonant share of the bols of bhari and khali halves of kaida themes and
    /// paltas: in the corpus and generated.
    public var corpusHalves: (bhari: Double, khali: Double, sections: Int)
    public var generatedHalves: (bhari: Double, khali: Double, sections: Int)
    /// Palta ranking on held-out kaidas: the share of (real palta, rule-made alternative
    /// of the same theme) pairs where the model scores the real palta higher (an AUC).
    public var paltaAUC: Double?
    /// Real paltas and alternatives compared, and the kaidas they came from.
    public var rankedPaltas: Int
    public var rankedAlternatives: Int
    public var rankedKaidas: Int

    /// Generates kaidas over `taals` and `seeds` (and cadential pieces) with `model`, and
    /// ranks the real paltas of `heldOut` kaidas against rule-made alternatives.
    public static func make(model: BolModel, corpus training: [Corpus.Entry], heldOut: [Corpus.Entry],
                            taals: [Taal], seeds: ClosedRange<UInt64>) throws -> FormEvaluation {
        let composer = FormComposer(model: model)
        let validator = NotationParser()
        var e = FormEvaluation(kaidas: 0, cleanKaidas: 0, paltas: 0, faithfulPaltas: 0, tihais: 0, landingTihais: 0,
                               corpusHalves: (0, 0, 0), generatedHalves: (0, 0, 0), paltaAUC: nil,
                               rankedPaltas: 0, rankedAlternatives: 0, rankedKaidas: 0)
        var generatedSections: [(Section, SectionRole)] = []
        for taal in taals {
            for seed in seeds {
                let kaida = try composer.compose(FormRequest(form: .kaida, taal: taal, seed: seed))
                e.kaidas += 1
                let (_, diagnostics) = validator.check(Printer().text(kaida))
                if diagnostics.isEmpty { e.cleanKaidas += 1 }
                let theme = kaida.sections[0]
                let themeBols = Set(theme.matras.flatMap(\.pulses))
                for palta in kaida.sections.dropFirst().dropLast() {
                    e.paltas += 1
                    let half = palta.matras.count / 2
                    let mirrored = KhaliTransform.mismatch(khali: Array(palta.matras.suffix(half)), bhari: Array(palta.matras.prefix(half))) == nil
                    if mirrored && Set(palta.matras.flatMap(\.pulses)).isSubset(of: themeBols) { e.faithfulPaltas += 1 }
                }
                generatedSections += kaida.sections.dropLast().map { ($0, SectionRole(section: $0, form: .kaida)) }
                e.tihais += 1
                if landsAsTihai(kaida.sections.last!) { e.landingTihais += 1 }
                for form in [GenerationForm.tihai, .tukda, .mukhda] {
                    let piece = try composer.compose(FormRequest(form: form, taal: taal, seed: seed))
                    e.tihais += 1
                    if landsAsTihai(piece.sections[0]) { e.landingTihais += 1 }
                }
            }
        }
        e.generatedHalves = halves(generatedSections)
        e.corpusHalves = halves(training.flatMap { entry in
            entry.composition.form == .kaida ? entry.composition.sections.map { ($0, SectionRole(section: $0, form: .kaida)) } : []
        })
        try e.rankPaltas(model: model, heldOut: heldOut)
        return e
    }

    /// Whether a section ends on sam, its landing bol alone in the sam matra, with three
    /// equal phrases and equal gaps: the form checks' own tihai finder
    /// (`FormCheck.tihai(endingSection:)`), on the least common pulse grid of its matras.
    static func landsAsTihai(_ section: Section) -> Bool {
        guard section.ends == .sam, !section.matras.isEmpty, section.grid.matra(section.matras.count - 1).isSam,
              section.matras.last?.pulses.count == 1 else { return false }
        return FormCheck().tihai(endingSection: section) != nil
    }

    /// Bayan-resonant share of the bols in the bhari and khali halves of themes and paltas.
    static func halves(_ sections: [(Section, SectionRole)]) -> (bhari: Double, khali: Double, sections: Int) {
        var counts = [KaidaHalf: (resonant: Int, bols: Int)]()
        var n = 0
        for (section, role) in sections where role.hasHalves {
            let slots = Slot.layout(taal: section.taal, start: section.start, matraSizes: section.matras.map { $0.pulses.count }, role: role)
            guard slots.first?.half != nil else { continue }
            n += 1
            for (slot, pulse) in zip(slots, section.pulses) {
                guard let half = slot.half, let bol = pulse.bol else { continue }
                counts[half, default: (0, 0)].bols += 1
                if bol.isBayanResonant { counts[half, default: (0, 0)].resonant += 1 }
            }
        }
        func share(_ h: KaidaHalf) -> Double { Double(counts[h]?.resonant ?? 0) / Double(max(1, counts[h]?.bols ?? 0)) }
        return (share(.bhari), share(.khali), n)
    }

    /// The AUC of the model's palta scores: every real palta of a held-out kaida against
    /// every rule-made alternative of its theme of the same length.
    mutating func rankPaltas(model: BolModel, heldOut: [Corpus.Entry]) throws {
        let generator = KaidaGenerator(model: model)
        var wins = 0.0, pairs = 0
        for entry in heldOut where entry.composition.form == .kaida {
            let c = entry.composition
            guard let theme = c.sections.first(where: { SectionRole(section: $0, form: c.form) == .theme }),
                  theme.matras.count % 2 == 0 else { continue }
            let bhari = Array(theme.matras.prefix(theme.matras.count / 2))
            let real = c.sections.filter { SectionRole(section: $0, form: c.form) == .palta && $0.matras.count % 2 == 0 }
                .map { Array($0.matras.prefix($0.matras.count / 2)) }
            guard !real.isEmpty else { continue }
            let realKeys = Set(real.map { $0.map(\.pulses) })
            let alternatives = PaltaMoves.candidates(bhari: bhari).map(\.bhari).filter { !realKeys.contains($0.map(\.pulses)) }
            var context = TokenStream()
            context.append(theme, role: .theme)
            var kaidaUsed = false
            var alternativeScores: [Int: [Double]] = [:]
            for palta in real {
                let pulses = palta.map { $0.pulses.count }
                let sameShape = alternatives.filter { $0.map { $0.pulses.count } == pulses }
                guard !sameShape.isEmpty else { continue }
                let realScore = try generator.score(palta, taal: theme.taal, context: context)
                if alternativeScores[palta.count] == nil {
                    alternativeScores[palta.count] = try sameShape.map { try generator.score($0, taal: theme.taal, context: context) }
                    rankedAlternatives += sameShape.count
                }
                for s in alternativeScores[palta.count]! {
                    wins += realScore > s ? 1 : realScore == s ? 0.5 : 0
                    pairs += 1
                }
                rankedPaltas += 1
                kaidaUsed = true
            }
            if kaidaUsed { rankedKaidas += 1 }
        }
        paltaAUC = pairs > 0 ? wins / Double(pairs) : nil
    }

    /// The figures as Markdown, as README quotes them.
    public var markdown: String {
        func pct(_ a: Int, _ b: Int) -> String { String(format: "%.1f%%", 100 * Double(a) / Double(max(1, b))) }
        func pct(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }
        var out = "Form validity (\(kaidas) generated kaidas, and a tihai, a tukda and a mukhda for each):\n\n"
        out += "| rule | held |\n|---|---|\n"
        out += "| kaida reads back through `tabla check` with no error or warning | \(pct(cleanKaidas, kaidas)) of \(kaidas) |\n"
        out += "| palta uses only the theme's bols and mirrors bhari to khali | \(pct(faithfulPaltas, paltas)) of \(paltas) |\n"
        out += "| tihai lands on sam as three equal phrases | \(pct(landingTihais, tihais)) of \(tihais) |\n\n"
        out += "| kaida halves | bayan-resonant share, bhari halves | khali halves |\n|---|---|---|\n"
        out += "| corpus (training kaidas, \(corpusHalves.sections) sections) | \(pct(corpusHalves.bhari)) | \(pct(corpusHalves.khali)) |\n"
        out += "| generated (\(generatedHalves.sections) sections) | \(pct(generatedHalves.bhari)) | \(pct(generatedHalves.khali)) |\n\n"
        if let paltaAUC {
            out += "Palta ranking: the model scores the real palta above a rule-made alternative of the same theme in "
                + String(format: "%.3f", paltaAUC) + " of pairs (AUC; \(rankedPaltas) real paltas of \(rankedKaidas) held-out kaidas "
                + "against \(rankedAlternatives) alternatives).\n"
        } else {
            out += "Palta ranking: no held-out kaida with paltas to rank.\n"
        }
        return out
    }
}
