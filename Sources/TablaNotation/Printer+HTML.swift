extension Printer {
    /// The composition as a self-contained HTML page for handing out: title, taal, laya,
    /// form and source; each section headed; each cycle a row of vibhags with the marks
    /// above and the matra numbers below, as ``text(_:)`` lays them out. It fetches
    /// nothing (no fonts, scripts or images) and its print CSS sets A4 pages that keep a
    /// cycle on one page, so a browser's "Print to PDF" gives a handout.
    public func html(_ composition: Composition) -> String {
        let (_, splitter) = Self.userBols(in: composition)
        var printer = self
        printer.splitter = splitter
        let title = composition.title ?? "\(composition.taal.name) composition"
        let lang = script == .devanagari ? "hi" : "en"
        var out = """
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="tabla print --format html">
            <title>\(Self.escape(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(Self.escape(title))</h1>
            <dl>

            """
        let taal = composition.taal
        var fields: [(String, String)] = [("Taal", "\(taal.name): \(taal.matras) matras, \(taal.vibhagSummary), \(zip(taal.marks, taal.vibhagStarts).map { markText($0, matra: $1) }.joined(separator: " "))")]
        if let laya = composition.laya { fields.append(("Laya", "\(Self.formatNumber(laya)) matras a minute")) }
        if let form = composition.form { fields.append(("Form", form.rawValue)) }
        if let source = composition.source { fields.append(("Source", source)) }
        if composition.start != 1 { fields.append(("Starts", "on matra \(composition.start)")) }
        if composition.ends == .sam { fields.append(("Ends", "on sam")) }
        for (key, value) in fields { out += "<dt>\(key)</dt><dd>\(Self.escape(value))</dd>\n" }
        out += "</dl>\n</header>\n<main>\n"
        for section in composition.sections where !section.matras.isEmpty {
            out += printer.sectionHTML(section, in: composition)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// One section: its heading (name, and what differs from the header), then each cycle
    /// as a row of vibhags, each vibhag a table of three rows (marks, bols, numbers).
    func sectionHTML(_ section: Section, in composition: Composition) -> String {
        var out = "<section>\n"
        var notes: [String] = []
        if section.taal != composition.taal { notes.append(section.taal.name) }
        if section.laya != composition.laya, let laya = section.laya { notes.append("laya \(Self.formatNumber(laya))") }
        if section.start != composition.start { notes.append("from matra \(section.start)") }
        if section.ends != composition.ends, section.ends == .sam { notes.append("ends on sam") }
        if let name = section.name {
            let extra = notes.isEmpty ? "" : " <small>(\(Self.escape(notes.joined(separator: ", "))))</small>"
            out += "<h2>\(Self.escape(name))\(extra)</h2>\n"
        }
        let taal = section.taal
        let cycles = cycles(of: section)
        for (c, cycle) in cycles.enumerated() {
            let landing = section.ends == .sam && c == cycles.count - 1 && c > 0
                && cycle.slots[0] != nil && cycle.slots.dropFirst().allSatisfy { $0 == nil }
            let caption = "cycle \(cycle.number) of \(cycles.count)" + (landing ? " (sam)" : "")
            // Each vibhag is a table of its own, so that a cycle too wide for the page
            // (sixteen matras of eight bols) wraps at a vibhag bar, as a hand-written one
            // does, instead of running off the paper.
            out += "<div class=\"cycle\">\n<p class=\"caption\">\(caption)</p>\n"
            let bounds = taal.vibhagStarts.map { $0 - 1 } + [taal.matras]
            for v in 0..<(bounds.count - 1) {
                var marks = "<tr class=\"marks\">", bols = "<tr class=\"bols\">", numbers = "<tr class=\"numbers\">"
                for j in bounds[v]..<bounds[v + 1] {
                    let filled = cycle.slots[j] != nil
                    let mark = j == bounds[v] && filled ? markText(taal.marks[v], matra: j + 1) : ""
                    let text = cycle.slots[j].map { Self.matraText($0, script: script, splitter: splitter) } ?? ""
                    marks += "<td>\(Self.escape(mark))</td>"
                    bols += "<td>\(Self.escape(text))</td>"
                    numbers += "<td>\(filled ? numberText(j + 1) : "")</td>"
                }
                // Widths in proportion to the matras, so matra columns come out alike.
                out += "<table class=\"vibhag\" style=\"flex-grow: \(bounds[v + 1] - bounds[v])\">\n" + marks + "</tr>\n" + bols + "</tr>\n" + numbers + "</tr>\n</table>\n"
            }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    /// Text safe inside HTML elements and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The page's only style: system fonts (nothing fetched), columns as wide as their
    /// matras (joined bols never wrap or clip), vibhags ruled off and wrapping as wholes
    /// when a cycle is wider than the page, A4 print margins.
    static let css = """
        body { font-family: "Noto Sans", "Noto Sans Devanagari", "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 60em; color: #111; }
        h1 { font-size: 1.6em; margin: 0 0 0.3em; }
        h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; border-bottom: 1px solid #999; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; margin: 0 0 1em; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        div.cycle { display: flex; flex-wrap: wrap; row-gap: 0.4em; margin: 0 0 0.8em; break-inside: avoid; page-break-inside: avoid; }
        p.caption { flex-basis: 100%; margin: 0; font-size: 0.75em; color: #666; }
        table.vibhag { flex: 1 1 0; min-width: min-content; border-collapse: collapse; }
        table.vibhag + table.vibhag { border-left: 2px solid #333; }
        td { text-align: left; padding: 0 0.3em 0 0.2em; white-space: nowrap; }
        tr.marks td { font-weight: bold; height: 1.3em; }
        tr.bols td { font-size: 1.05em; }
        tr.numbers td { font-size: 0.7em; color: #555; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9pt; }
          td { padding: 0 0.2em 0 0.1em; }
          h2 { break-after: avoid; page-break-after: avoid; }
        }
        """
}
