/// Checks a parsed composition against its taal and for musically suspicious writing.
///
/// Errors: a section that is not a whole number of cycles from its `start` (or
/// k x N + 1 matras with `ends: sam`), and bars that are not on the taal's boundaries.
/// Warnings: see docs/NOTATION.md, "Checks".
public struct Validator: Sendable {
    /// Creates a validator.
    public init() {}

    /// Every diagnostic for `composition`, in source order.
    public func validate(_ composition: Composition) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for section in composition.sections where !section.matras.isEmpty {
            checkCycles(section, into: &out)
            checkDensity(section, into: &out)
            let form = section.extra.first { $0.key == "form" }.flatMap { Form(spelling: $0.value) } ?? composition.form
            if form == .theka { checkThekaKhali(section, into: &out) }
            let named = section.name?.lowercased() ?? ""
            // Only when it does end with a whole cycle: otherwise the cycle count's error says what fits.
            let wholeCycles = section.grid.cyclePosition(afterMatras: section.matras.count) == 0
            if section.ends == .cycle, wholeCycles, (form?.isCadential == true && composition.sections.count == 1) || named.hasPrefix("tihai") {
                let what = named.hasPrefix("tihai") ? "a tihai" : "a \(form!.rawValue)"
                out.append(Diagnostic(.warning, section.location,
                                      "\(what) normally lands on sam, but this section ends with a whole cycle; add 'ends: sam' if it lands on sam", code: .cadenceEnding))
            }
        }
        // The rules of the forms (tihais, khali mirrors, palta bols): FormCheck.swift.
        out += FormCheck().check(composition)
        return out.sorted { $0.location < $1.location }
    }

    // MARK: - Cycles and bars

    func checkCycles(_ section: Section, into out: inout [Diagnostic]) {
        let taal = section.taal
        let n = taal.matras
        let vibhagEnds = Set(taal.vibhagEnds)
        // `shift` realigns counting after a misplaced bar, so one missing matra gives one error.
        var shift = 0
        let grid = section.grid
        var cycleStartCount = 0
        var cycleStartPosition = grid.cyclePosition(afterMatras: 0)
        var cycleNumber = 1
        /// Where the count stands in the cycle after `count` matras: 0 on a cycle boundary.
        func position(after count: Int) -> Int { grid.cyclePosition(afterMatras: count + shift) }

        func onBoundary(_ bar: Bar, shift extra: Int) -> Bool {
            let p = position(after: bar.afterMatras + extra)
            return bar.kind == .cycle ? p == 0 : (p == 0 || vibhagEnds.contains(p))
        }
        for (b, bar) in section.bars.enumerated() {
            let p = position(after: bar.afterMatras)
            switch bar.kind {
            case .vibhag:
                guard p != 0, !vibhagEnds.contains(p) else { continue }
                // The nearest boundary, the end of the previous cycle (0) included. Between two
                // as near, the one the next bar agrees with, else the end of the vibhag the
                // matra is in.
                let byDistance = ([0] + taal.vibhagEnds).sorted { (abs($0 - p), -$0) < (abs($1 - p), -$1) }
                let tied = byDistance.filter { abs($0 - p) == abs(byDistance[0] - p) }
                let next = b + 1 < section.bars.count ? section.bars[b + 1] : nil
                let nearest = tied.first { c in next.map { onBoundary($0, shift: c - p) } ?? false } ?? tied[0]
                let message = nearest == 0
                    ? "'|' after matra \(n + p) but the cycle ends after \(n)"
                    : nearest == n ? "'|' after matra \(p) but the cycle ends after \(n)"
                    : "'|' after matra \(p) but the vibhag ends after \(nearest)"
                out.append(Diagnostic(.error, bar.location, message, code: .barPlacement))
                // Was the bar misplaced, or a matra missing or extra? The next bar tells:
                // realign the count only if the next bar then falls on a boundary.
                if let next, !onBoundary(next, shift: 0), onBoundary(next, shift: nearest - p) {
                    shift += nearest - p
                }
            case .cycle:
                let written = bar.afterMatras - cycleStartCount
                if written == 0 && bar.afterMatras == 0 { continue }
                // `... || Dha ||`: a bar closing the landing sam of a piece that ends on sam.
                if section.ends == .sam, written == 1, cycleStartPosition == 0, bar.afterMatras == section.matras.count,
                   bar.afterMatras > 1 { continue }
                let covered = cycleStartPosition + written
                let cycles = max(1, Int((Double(covered) / Double(n)).rounded()))
                let needed = cycles * n - cycleStartPosition
                if written != needed {
                    let from = cycleStartPosition > 0 ? " from matra \(cycleStartPosition + 1)" : ""
                    let which = cycles == 1 ? "cycle \(cycleNumber) has" : "cycles \(cycleNumber)-\(cycleNumber + cycles - 1) have"
                    var message = "\(which) \(matras(written))\(from), \(taal.name) needs \(needed)"
                    // The first '||' of a piece written from sam: perhaps it begins mid-cycle.
                    if cycleNumber == 1, cycleStartCount == 0, let fit = fittingStart(section) { message += "; \(fit)" }
                    out.append(Diagnostic(.error, bar.location, message, code: .cycleLength))
                }
                shift += p == 0 ? 0 : n - p
                cycleStartCount = bar.afterMatras
                cycleStartPosition = 0
                cycleNumber += cycles
            }
        }

        let count = section.matras.count
        let written = count - cycleStartCount
        let covered = cycleStartPosition + written
        let last = section.matras[count - 1].location
        // Where the last matra falls, counted from the sam the last cycle bar (or `start`) set.
        let (lastCycle, lastMatra) = taal.place(covered - 1)
        switch section.ends {
        case .cycle:
            guard lastMatra != n else { return }
            let cycles = lastCycle + 1
            let inLast = lastMatra
            let firstCycle = cycles == 1 && cycleStartPosition > 0
            let has = firstCycle ? inLast - cycleStartPosition : inLast
            let from = firstCycle ? " from matra \(cycleStartPosition + 1)" : ""
            let needs = firstCycle ? n - cycleStartPosition : n
            var message = "cycle \(cycleNumber + cycles - 1) has \(matras(has))\(from), \(taal.name) needs \(needs)"
            if lastMatra == 1 {
                message += "; the last bol lands on sam: write 'ends: sam' in the header (or 'ends=sam' on the section line) if that is meant"
            } else if let fit = fittingStart(section) {
                message += "; \(fit)"
            }
            out.append(Diagnostic(.error, last, message, code: .cycleLength))
        case .sam:
            guard lastMatra != 1 || covered == 0 else { return }
            let p = lastMatra == n ? 0 : lastMatra
            let message: String
            if p == 0 {
                message = "with 'ends: sam' the last bol must land on sam, but the section ends with a whole cycle; "
                    + "add the sam bol, or use 'ends: cycle'"
            } else {
                let more = n + 1 - p
                message = "with 'ends: sam' the last bol must land on sam, but it falls on matra \(p) of \(taal.name)'s \(n): "
                    + "\(more) more matra\(more == 1 ? "" : "s") to sam, or \(p - 1) too many"
            }
            out.append(Diagnostic(.error, last, message, code: .landing))
        }
    }

    /// For a section counted from sam that is not a whole number of cycles: the start
    /// (on a vibhag's first matra, where pieces begin) that would make it one, with or
    /// without landing on sam. Bars written in the section must agree.
    func fittingStart(_ section: Section) -> String? {
        guard section.start == 1 else { return nil }
        let taal = section.taal
        let count = section.matras.count
        func agrees(_ start: Int) -> Bool {
            section.bars.allSatisfy { bar in
                let p = taal.place(start - 1 + bar.afterMatras).matra - 1
                return bar.kind == .cycle ? p == 0 : (p == 0 || taal.vibhagEnds.contains(p))
            }
        }
        let candidates: [(start: Int, ends: Ending)] = [
            // The start that makes the piece end with a whole cycle, or land on sam.
            (taal.place(-count).matra, .cycle),
            (taal.place(1 - count).matra, .sam),
        ]
        for (start, ends) in candidates where start != 1 && taal.vibhagStarts.contains(start) && agrees(start) {
            let landing = ends == .sam ? " and 'ends: sam'" : ""
            return "if the piece begins on matra \(start), write 'start: \(start)'\(landing) in the header (or on the section line)"
        }
        return nil
    }

    private func matras(_ count: Int) -> String { count == 1 ? "1 matra" : "\(count) matras" }

    func checkDensity(_ section: Section, into out: inout [Diagnostic]) {
        // Bols, not slots: a grouped matra's rests fill out its subdivision and are not struck.
        for matra in section.matras {
            let bols = matra.pulses.count { $0 != .rest }
            guard bols > 16 else { continue }
            out.append(Diagnostic(.warning, matra.location,
                                  "one matra holds \(bols) bols; more than 16 per matra is unplayable at most layas", code: .density))
        }
    }

    // MARK: - Musical checks

    /// A theka's khali vibhag avoids the open bayan: warn when it rings more than the
    /// taal's own theka does there and on more than half its bols.
    func checkThekaKhali(_ section: Section, into out: inout [Diagnostic]) {
        let taal = section.taal
        guard taal.hasKhali else { return }
        let reference = referenceResonance(taal)
        let vibhagOfMatra = section.grid.matras.map { (cycle: $0.cycle, vibhag: $0.vibhag) }
        var i = 0
        while i < section.matras.count {
            let key = vibhagOfMatra[i]
            var j = i
            var bols: [Bol] = []
            while j < section.matras.count, vibhagOfMatra[j] == key {
                bols += section.matras[j].pulses.compactMap(\.bol)
                j += 1
            }
            let complete = j - i == taal.vibhags[key.vibhag]
            if complete, taal.marks[key.vibhag] == .khali, !bols.isEmpty {
                let resonant = bols.filter(\.isBayanResonant).count
                let allowed = reference?[key.vibhag] ?? 0
                if resonant > allowed, resonant * 2 > bols.count {
                    let first = taal.vibhagStarts[key.vibhag]
                    var message = "the khali vibhag (matras \(first)-\(first + taal.vibhags[key.vibhag] - 1)) of cycle \(key.cycle + 1) "
                        + "rings the bayan on \(resonant) of \(bols.count) bols; khali is played without the open bayan"
                    if let ref = thekaVibhagText(taal, key.vibhag) { message += " (\(taal.name)'s theka has '\(ref)' there)" }
                    out.append(Diagnostic(.warning, section.matras[i].location, message, code: .thekaKhali))
                }
            }
            i = j
        }
    }

    private func thekaSection(_ taal: Taal) -> Section? {
        guard !taal.theka.isEmpty else { return nil }
        let (c, diags) = NotationParser(defaultTaal: taal).parse("taal: \(taal.vibhagSummary)\n" + taal.theka)
        guard !diags.contains(where: { $0.severity == .error }), let s = c.sections.first, s.matras.count == taal.matras else { return nil }
        return s
    }

    private func referenceResonance(_ taal: Taal) -> [Int]? {
        guard let s = thekaSection(taal) else { return nil }
        var counts = [Int](repeating: 0, count: taal.vibhags.count)
        for (i, m) in s.matras.enumerated() {
            counts[taal.vibhagIndex(ofMatra: i + 1)] += m.pulses.compactMap(\.bol).filter(\.isBayanResonant).count
        }
        return counts
    }

    private func thekaVibhagText(_ taal: Taal, _ vibhag: Int) -> String? {
        guard let s = thekaSection(taal) else { return nil }
        let first = taal.vibhagStarts[vibhag] - 1
        return s.matras[first..<(first + taal.vibhags[vibhag])].map { Printer.matraText($0.pulses, script: .roman) }
            .joined(separator: " ")
    }

    /// A kaida's paltas are built only from the theme's bols (and their khali forms).
    func checkPaltaBols(_ composition: Composition, into out: inout [Diagnostic]) {
        guard let theme = composition.sections.first(where: { !$0.matras.isEmpty }) else { return }
        // Flags indexed by bol: this runs over every palta of every kaida.
        // User-defined bols take the indices after the shipped ones.
        var allowed = [Bool](repeating: false, count: Bol.all.count + BolRegistry.shared.count)
        for matra in theme.matras {
            for bol in matra.pulses.compactMap(\.bol) {
                allowed[bol.index] = true
                allowed[bol.khali.index] = true
            }
        }
        for section in composition.sections {
            guard let name = section.name, name.lowercased().hasPrefix("palta") || name.lowercased().hasPrefix("variation") else { continue }
            var reported = [Bool](repeating: false, count: allowed.count)
            for matra in section.matras {
                for case .bol(let bol) in matra.pulses where !allowed[bol.index] && !reported[bol.index] {
                    reported[bol.index] = true
                    out.append(Diagnostic(.warning, matra.location,
                                          "'\(name)' uses '\(bol.name)', which the kaida's theme does not; paltas are built from the theme's bols", code: .paltaBols))
                }
            }
        }
    }
}
