/// Prints a composition as cycle-annotated notation: one block per cycle (avartan),
/// vibhags separated by `|`, the Bhatkhande mark above the first matra of each vibhag,
/// matra numbers below, columns aligned.
///
/// The output is itself valid `.bol` text: headings are comments and the mark and
/// number lines are annotation lines the parser skips, so `print` then `check`
/// gives back the same composition.
///
/// ```text
/// # cycle 1 of 1
/// X                   2                   0                 3
/// Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta  | Ta Dhin Dhin Dha ||
/// 1   2    3    4     5   6    7    8     9   10  11  12    13 14   15   16
/// ```
public struct Printer: Sendable {
    /// Script for the bols.
    public var script: Script
    /// Spellings the printed text is read back with (the standard ones, and the
    /// definitions of any user-defined bols it holds).
    var splitter: BolSplitter = .standard

    /// How the vibhag marks and numbers are written: nil for the script's own habit
    /// (Bhatkhande's `×` and `०` with Devanagari numerals in Devanagari, `X 2 0 3` in roman).
    public var marks: MarkStyle?

    /// Creates a printer.
    public init(script: Script = .roman, marks: MarkStyle? = nil) {
        self.script = script
        self.marks = marks
    }

    /// How vibhag marks are written above the bols.
    public enum MarkStyle: String, Sendable, CaseIterable {
        /// As Bhatkhande's books print them: `×` for sam, `०` for khali, taali numbers.
        case bhatkhande
        /// In Latin letters and digits: `X 2 0 3`.
        case latin
        /// As Vishnu Digambar Paluskar's notation writes them: each clap by the number
        /// of the matra it falls on (sam `1`), khali `+`: Teentaal `1 5 + 13`. A khali
        /// sam (Rupak) is a wave, so it is `+` too: Rupak `+ 4 6`.
        case paluskar
    }

    /// The definitions of the user-defined bols a composition uses (khali counterparts
    /// first), and the standard splitter with them added, which reads the printed text.
    static func userBols(in composition: Composition) -> (definitions: [String], splitter: BolSplitter) {
        var splitter = BolSplitter.standard
        var definitions: [String] = []
        var defined = Set<Bol>()
        for section in composition.sections {
            for matra in section.matras {
                for case .bol(let bol) in matra.pulses where bol.isUserDefined && !defined.contains(bol) {
                    for b in [bol.khali, bol] where b.isUserDefined && defined.insert(b).inserted {
                        definitions.append(b.definition)
                        splitter.define(b.definition)
                    }
                }
            }
        }
        return (definitions, splitter)
    }

    /// A mark as this printer writes it, over the vibhag starting on matra `matra`
    /// (Paluskar's marks name the matra).
    func markText(_ mark: VibhagMark, matra: Int) -> String {
        let style = marks ?? (script == .devanagari ? .bhatkhande : .latin)
        if style == .paluskar { return mark == .khali ? "+" : numberText(matra) }
        guard style == .bhatkhande else { return mark.symbol }
        switch mark {
        case .sam: return "×"
        case .khali: return script == .devanagari ? "०" : "0"
        case .taali(let n): return numberText(n)
        }
    }

    /// A number in the printed script's digits (१६ in Devanagari).
    func numberText(_ n: Int) -> String {
        let digits = String(n)
        guard script == .devanagari else { return digits }
        return String(String.UnicodeScalarView(digits.unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0x0966)! }))
    }

    /// The text of one matra as written, groups included (`Dha(TiRa)KiTa`).
    public static func matraText(_ matra: Matra, script: Script, splitter: BolSplitter = .standard) -> String {
        guard let sizes = matra.units, let units = Grouping.units(matra.pulses, sizes: sizes) else {
            return matraText(matra.pulses, script: script, splitter: splitter)
        }
        // Consecutive pulses of one bol are written as an ordinary joined run (किट, not किता).
        var pieces: [String] = []
        var run: [Pulse] = []
        for unit in units + [[]] {
            if unit.count == 1 {
                run.append(unit[0])
                continue
            }
            if !run.isEmpty { pieces.append(matraText(run, script: script, splitter: splitter)) }
            run = []
            if !unit.isEmpty { pieces.append("(" + matraText(unit, script: script, splitter: splitter) + ")") }
        }
        for separator in ["", "."] {
            let text = pieces.joined(separator: separator)
            if case .success(let back) = Grouping.split(Array(text.utf8), splitter: splitter), back.pulses == matra.pulses {
                return text
            }
        }
        return matraText(matra.pulses, script: script, splitter: splitter)
    }

    /// One cycle of a section as the printer lays it out: the section's matras in the
    /// slots ``CycleGrid/cycles`` gives them.
    struct Cycle: Sendable {
        /// 1-based cycle number within the section.
        var number: Int
        /// One slot per matra of the taal; nil where the section has no matra there.
        var slots: [Matra?]
    }

    func cycles(of section: Section) -> [Cycle] {
        section.grid.cycles.map { cycle in
            Cycle(number: cycle.index + 1, slots: cycle.slots.map { $0.map { section.matras[$0] } })
        }
    }

    /// The text of one matra: its bols joined (`DhaGe`), spelled so that it reads back
    /// as the same bols.
    public static func matraText(_ pulses: [Pulse], script: Script, splitter: BolSplitter = .standard) -> String {
        guard !pulses.isEmpty else { return "?" }
        var pieces: [String] = []
        var i = 0
        while i < pulses.count {
            if let phrase = BolVocabulary.printedPhrase(pulses[i...], script: script) {
                pieces.append(phrase.text)
                i += phrase.length
            } else {
                pieces.append(pulses[i].text(script))
                i += 1
            }
        }
        let joined = pieces.joined()
        if case .success(let back) = splitter.split(joined), back == pulses { return joined }
        return pieces.joined(separator: ".")
    }

    /// Terminal columns taken by `text`: combining marks take none.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: width += 1
            }
        }
        return width
    }

    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    static func formatNumber(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
    }

    /// The taal as a header value: its name, or an inline definition when the standard
    /// catalogue does not know it, so printed text stands on its own.
    static func taalValue(_ taal: Taal) -> String {
        if let known = TaalCatalogue.standard.taal(named: taal.name), known == taal { return taal.name }
        return "\(taal.vibhagSummary) marks=\(taal.marks.map(\.symbol).joined(separator: ",")) name=\(taal.name.contains(" ") ? "\"\(taal.name)\"" : taal.name)"
    }

    // MARK: - Text

    /// The whole composition as annotated notation with its header.
    public func text(_ composition: Composition) -> String {
        var out = ""
        if let title = composition.title { out += "title: \(title)\n" }
        out += "taal: \(Self.taalValue(composition.taal))\n"
        if let laya = composition.laya { out += "laya: \(Self.formatNumber(laya))\n" }
        if let form = composition.form { out += "form: \(form.rawValue)\n" }
        if let source = composition.source { out += "source: \(source)\n" }
        if composition.start != 1 { out += "start: \(composition.start)\n" }
        if composition.ends != .cycle { out += "ends: \(composition.ends.rawValue)\n" }
        for field in composition.extra { out += "\(field.key): \(field.value)\n" }
        // User-defined bols are defined again in the header so the text stands on its own.
        let (definitions, splitter) = Self.userBols(in: composition)
        for definition in definitions { out += "bol: \(definition)\n" }
        var printer = self
        printer.splitter = splitter
        for section in composition.sections where !section.matras.isEmpty || section.name != nil {
            out += "\n"
            out += printer.sectionText(section, in: composition)
        }
        return out
    }

    /// One section: its `[name ...]` line when it has a name or differs from the header,
    /// then one annotated block per cycle.
    public func sectionText(_ section: Section, in composition: Composition) -> String {
        // What differs from the header goes on `key: value` lines under the section line,
        // which carry any value as written.
        var attributes: [String] = []
        if section.taal != composition.taal { attributes.append("taal: \(Self.taalValue(section.taal))") }
        if section.start != composition.start { attributes.append("start: \(section.start)") }
        if section.ends != composition.ends { attributes.append("ends: \(section.ends.rawValue)") }
        if section.laya != composition.laya, let laya = section.laya { attributes.append("laya: \(Self.formatNumber(laya))") }
        for field in section.extra { attributes.append("\(field.key): \(field.value)") }
        var out = ""
        if section.name != nil || !attributes.isEmpty {
            let name = section.name ?? "section"
            // A name with '=' in it would read back as an attribute: quote it.
            out += "[" + (name.contains("=") ? "\"\(name)\"" : name) + "]\n"
            for line in attributes { out += line + "\n" }
        }
        let cycles = cycles(of: section)
        let taal = section.taal
        let n = taal.matras
        // Column widths shared by all cycles of the section, so cycles line up.
        var widths = (1...n).map { numberText($0).count }
        var texts: [[String?]] = []
        for cycle in cycles {
            let row = cycle.slots.map { $0.map { Self.matraText($0, script: script, splitter: splitter) } }
            for (j, t) in row.enumerated() { if let t { widths[j] = max(widths[j], Self.displayWidth(t)) } }
            texts.append(row)
        }
        let starts = Set(taal.vibhagStarts.map { $0 - 1 })
        for (c, cycle) in cycles.enumerated() {
            let label = section.name.map { "\($0), cycle" } ?? "cycle"
            let landing = section.ends == .sam && c == cycles.count - 1 && c > 0
                && cycle.slots[0] != nil && cycle.slots.dropFirst().allSatisfy { $0 == nil }
            let partial = landing ? " (sam)" : ""
            out += "# \(label) \(cycle.number) of \(cycles.count)\(partial)\n"
            var marks = "", bols = "", numbers = ""
            let lastFilled = cycle.slots.lastIndex { $0 != nil } ?? 0
            var started = false
            for j in 0..<n {
                let filled = cycle.slots[j] != nil
                if j > 0, starts.contains(j) {
                    let bar = started && j <= lastFilled ? "| " : "  "
                    marks += "  "
                    bols += bar
                    numbers += "  "
                }
                if filled { started = true }
                let mark = starts.contains(j) && filled ? markText(taal.marks[taal.vibhagIndex(ofMatra: j + 1)], matra: j + 1) : ""
                marks += Self.pad(mark, to: widths[j]) + " "
                bols += Self.pad(texts[c][j] ?? "", to: widths[j]) + " "
                numbers += Self.pad(filled ? numberText(j + 1) : "", to: widths[j]) + " "
            }
            if lastFilled == n - 1 { bols += "||" }
            out += marks.trimmedRight + "\n" + bols.trimmedRight + "\n" + numbers.trimmedRight + "\n"
        }
        return out
    }
}

extension String {
    var trimmedRight: String {
        var s = Substring(self)
        while let l = s.last, l == " " { s.removeLast() }
        return String(s)
    }

}
