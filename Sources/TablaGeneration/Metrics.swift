import TablaNotation

/// Measures of generated cycles against the corpus.
public enum Metrics {
    /// Share of bayan-resonant bols (Dha, Dhin, Ge...) among the bols of the khali
    /// vibhags and of the other vibhags, over whole cycles of `taal` in `sections`.
    public static func resonance(_ sections: [Section], taal: Taal) -> (khali: Double, bhari: Double, cycles: Int) {
        var khaliResonant = 0, khaliBols = 0, bhariResonant = 0, bhariBols = 0, cycles = 0
        for section in sections where section.taal == taal {
            let grid = section.grid
            for cycle in grid.cycles where cycle.isComplete {
                cycles += 1
                for case let i? in cycle.slots {
                    let position = grid.matra(i)
                    let isKhali = position.mark == .khali && !position.isSam
                    for bol in section.matras[i].pulses.compactMap(\.bol) {
                        if isKhali {
                            khaliBols += 1
                            if bol.isBayanResonant { khaliResonant += 1 }
                        } else {
                            bhariBols += 1
                            if bol.isBayanResonant { bhariResonant += 1 }
                        }
                    }
                }
            }
        }
        return (Double(khaliResonant) / Double(max(1, khaliBols)), Double(bhariResonant) / Double(max(1, bhariBols)), cycles)
    }

    /// Whole cycles of `taal` in `sections`, as their pulses matra by matra.
    public static func cycles(_ sections: [Section], taal: Taal) -> [[[Pulse]]] {
        sections.filter { $0.taal == taal }.flatMap { section in
            section.grid.cycles.filter(\.isComplete).map { $0.slots.map { section.matras[$0!].pulses } }
        }
    }

    /// Share of `generated` cycles that copy one of `training` outright.
    public static func copiedShare(generated: [[[Pulse]]], training: [[[Pulse]]]) -> Double {
        let known = Set(training.map { $0.map { $0.map { $0.text(.roman) }.joined(separator: ".") }.joined(separator: " ") })
        let copied = generated.filter { known.contains($0.map { $0.map { $0.text(.roman) }.joined(separator: ".") }.joined(separator: " ")) }
        return Double(copied.count) / Double(max(1, generated.count))
    }
}
