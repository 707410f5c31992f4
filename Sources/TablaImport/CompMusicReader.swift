import TablaNotation

/// Reads CompMusic Tabla Solo score text: a header between two `##` lines (`KEY:VALUE`),
/// then sections: an optional `''Name''` line, `!S:n` (slots per matra), the body, `!E`.
/// In the body `;` ends a matra, spaces separate slots, `,` splits a slot among
/// syllables that share it, `-` is a rest. One file is one composition.
struct CompMusicReader {
    let importer: Importer

    /// A slot or a matra as written, with where it was.
    struct Token {
        var text: String
        var location: SourceLocation
    }

    struct RawSection {
        var name: String?
        var location: SourceLocation
        var slotsPerMatra: Int
        var matras: [[Token]] = []
    }

    func read(_ text: String, reporter: inout Reporter) -> [Draft?] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var header: [String: (value: String, location: SourceLocation)] = [:]
        var sections: [RawSection] = []
        var current: RawSection?
        var pendingName: (String, SourceLocation)?
        var matra: [Token] = []
        var inHeader = false, headerDone = false
        var ignored = 0

        func closeMatra(_ current: inout RawSection?) {
            if !matra.isEmpty { current?.matras.append(matra) }
            matra = []
        }

        for (i, line) in lines.enumerated() {
            let number = i + 1
            let t = line.stripped
            let column = (line.unicodeScalars.firstIndex { !$0.properties.isWhitespace }).map { line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: $0) + 1 } ?? 1
            let here = SourceLocation(line: number, column: column)
            if current == nil {
                if t == "##", !headerDone {
                    if inHeader { headerDone = true }
                    inHeader.toggle()
                    continue
                }
                if inHeader {
                    guard let colon = t.firstIndex(of: ":") else {
                        if !t.isEmpty { reporter.warning(here, "header line '\(t)' is not KEY:VALUE; ignored") }
                        continue
                    }
                    let key = t[..<colon].stripped.uppercased()
                    header[key] = (t[t.index(after: colon)...].stripped, here)
                    continue
                }
                if t.isEmpty { continue }
                if t.hasPrefix("''") {
                    pendingName = (t.trimmingQuotes, here)
                    continue
                }
                if t.uppercased().hasPrefix("!S") {
                    let value = t.dropFirst(2).drop { $0 == ":" || $0 == " " }
                    guard let n = Int(value.stripped), n > 0, n <= maxPulsesPerMatra else {
                        reporter.error(here, "'\(t)' should give the slots per matra, e.g. '!S:4'")
                        return [nil]
                    }
                    current = RawSection(name: pendingName?.0, location: pendingName?.1 ?? here, slotsPerMatra: n)
                    pendingName = nil
                    continue
                }
                ignored += 1
                if ignored == 1 { reporter.warning(here, "'\(t.prefix(40))' is outside any '!S:n' ... '!E' section; ignored") }
                continue
            }
            if t.uppercased() == "!E" {
                closeMatra(&current)
                sections.append(current!)
                current = nil
                continue
            }
            // Body: slots split by whitespace, matras ended by ';'.
            var slot = ""
            var slotStart = 1
            var col = 0
            func endSlot() {
                if !slot.isEmpty { matra.append(Token(text: slot, location: SourceLocation(line: number, column: slotStart))) }
                slot = ""
            }
            for scalar in line.unicodeScalars {
                col += 1
                if scalar == ";" {
                    endSlot()
                    closeMatra(&current)
                } else if scalar.properties.isWhitespace {
                    endSlot()
                } else {
                    if slot.isEmpty { slotStart = col }
                    slot.unicodeScalars.append(scalar)
                }
            }
            endSlot()
        }
        if current != nil {
            closeMatra(&current)
            reporter.warning(current!.location, "section has no closing '!E'; read to the end of the file")
            sections.append(current!)
        }

        let start = SourceLocation(line: 1, column: 1)
        guard !sections.isEmpty else {
            reporter.error(start, "no '!S:n' ... '!E' section with bols; is this a CompMusic score?")
            return [nil]
        }

        // Header.
        for key in header.keys.sorted() where !["GHARANA", "COMPOSITION", "JATI", "TYPE", "TALA", "COMPOSER"].contains(key) {
            reporter.warning(header[key]!.location, "header key \(key) is not carried over")
        }
        let taal: Taal
        if let tala = header["TALA"] {
            guard let t = importer.taal(named: tala.value, at: tala.location, reporter: &reporter) else { return [nil] }
            taal = t
        } else {
            taal = importer.defaultTaal ?? TaalCatalogue.standard.taal(named: "teentaal")!
            reporter.warning(start, "no TALA in the header; written as \(taal.name)")
        }
        let type = header["TYPE"]
        let form = type.map { importer.form($0.value, at: $0.location, reporter: &reporter) }
        let gharana = header["GHARANA"].map { titleCased($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
        let composer = header["COMPOSER"].map { titleCased($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
        let number = header["COMPOSITION"].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        var source = "\(ImportFormat.compmusic.displayName) \(fileName(reporter.file))"
        if let gharana { source += "; \(gharana) gharana" }
        if let composer { source += "; composer \(composer)" }
        if form == .other, let type { source += "; type \(type.value)" }
        let titleParts = [gharana, type.map { titleCased($0.value) }, number].compactMap { $0 }
        let title = titleParts.isEmpty ? fileStem(reporter.file) : titleParts.joined(separator: " ")

        // Sections.
        let table = SyllableTable(table: SyllableTable.compMusic, user: importer.syllables, splitsWords: false)
        let errorsBefore = reporter.errorCount
        var built: [Section] = []
        for (s, raw) in sections.enumerated() {
            guard !raw.matras.isEmpty else {
                reporter.warning(raw.location, "section \(raw.name.map { "'\($0)' " } ?? "")has no bols; left out")
                continue
            }
            let name = raw.name ?? (sections.count > 1 ? "part \(s + 1)" : nil)
            let label = name.map { "section '\($0)'" } ?? "the section"
            var matras: [Matra] = []
            var uneven: [SourceLocation] = []
            for (m, tokens) in raw.matras.enumerated() {
                let isLast = m == raw.matras.count - 1
                if tokens.count != raw.slotsPerMatra, !(isLast && tokens.count == 1) { uneven.append(tokens[0].location) }
                var slots: [TimeTree] = []
                for token in tokens {
                    let parts = token.text.split(separator: ",", omittingEmptySubsequences: false)
                    var units: [TimeTree] = []
                    var offset = 0
                    for part in parts {
                        let at = SourceLocation(line: token.location.line, column: token.location.column + offset)
                        offset += part.unicodeScalars.count + 1
                        let syllable = String(part)
                        if syllable == "-" || syllable.isEmpty {
                            units.append(.pulse(.rest))
                        } else if let bols = table.bols(syllable) {
                            units.append(.unit(bols.map(Pulse.bol)))
                        } else {
                            let slot = token.text == syllable ? "" : " in '\(token.text)'"
                            reporter.unknownSyllable(syllable, at: at, "unknown syllable '\(syllable)'\(slot); no bol is written that way: "
                                + "give it a bol with --map \(syllable)=BOL")
                            units.append(.pulse(.rest))
                        }
                    }
                    slots.append(units.count == 1 ? units[0] : .group(units))
                }
                let tree = TimeTree.group(slots)
                guard tree.resolution <= maxPulsesPerMatra else {
                    reporter.error(tokens[0].location, "this matra needs more than \(maxPulsesPerMatra) pulses to write its shared slots exactly; "
                        + "the composition is not imported")
                    continue
                }
                matras.append(Matra(tree.pulses, at: tokens[0].location))
            }
            if let first = uneven.first {
                let more = uneven.count > 1 ? " (and \(uneven.count - 1) more matra\(uneven.count == 2 ? "" : "s") in \(label))" : ""
                reporter.warning(first, "matra does not have the \(raw.slotsPerMatra) slots '!S:\(raw.slotsPerMatra)' gives; "
                    + "its slots are spread evenly over the matra\(more)")
            }
            let lastLone = raw.slotsPerMatra > 1 && raw.matras.last!.count == 1
            let landsOnSam = lastLone || form?.isCadential == true || (name?.lowercased().hasPrefix("tihai") ?? false)
            let place = Placement.place(matras: matras.count, cycle: taal.matras, landsOnSam: landsOnSam)
            if place.inferred {
                reporter.summary.inferredStarts += 1
                reporter.warning(raw.location, Placement.message(section: label.prefix(1).uppercased() + label.dropFirst(),
                                                                 matras: matras.count, taal: taal, start: place.start, ends: place.ends))
            }
            built.append(Section(name: name, taal: taal, start: place.start, ends: place.ends, matras: matras, location: raw.location))
        }
        if reporter.errorCount > errorsBefore {
            reporter.error(start, "'\(title)' not imported: fix or map the syllables above")
            return [nil]
        }
        guard !built.isEmpty else {
            reporter.error(start, "no bols found in any section")
            return [nil]
        }
        let composition = Composition(title: title, taal: taal, form: form, source: source, sections: built)
        return [Draft(title: title, composition: composition, location: start, fallbackName: fileStem(reporter.file))]
    }
}

extension String {
    /// `''Quayda''` -> `Quayda`.
    var trimmingQuotes: String {
        var s = Substring(self)
        while let f = s.first, f == "'" || f == "\"" || f.isWhitespace { s.removeFirst() }
        while let l = s.last, l == "'" || l == "\"" || l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
