import TablaNotation

/// Reads plain beat-marked Bol Processor data items, one composition per item: a time
/// signature with a speed (`4+4+4+4/4`: four vibhags of four beats, four units a beat),
/// then bols in lower case, ` . ` between beats, `-` a rest, `/N` a new speed. Without
/// periods the units are counted into beats by the speed. `-da.NAME` style file headers
/// are skipped and a `//` comment right before an item becomes its title. Polymetric
/// structures (`{...}`) and master or homomorphic copies (`(= ...)`, `*(= ...)`) are
/// reported with their place, and that item is not imported: they are not guessed.
struct BolProcessorReader {
    let importer: Importer

    func read(_ text: String, reporter: inout Reporter) -> [Draft?] {
        var drafts: [Draft?] = []
        var comment: String?
        var item = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.stripped
            if t.isEmpty { continue }
            if t.hasPrefix("//") {
                var c = t.dropFirst(2).stripped
                while c.hasSuffix(".") { c.removeLast() }
                comment = c.isEmpty ? nil : c
                continue
            }
            if isFileHeader(t) { continue }
            item += 1
            drafts.append(readItem(String(line), line: i + 1, item: item, title: comment, reporter: &reporter))
            comment = nil
        }
        if drafts.isEmpty {
            reporter.error(SourceLocation(line: 1, column: 1), "no data items such as '4+4+4+4/4 dha ti dha ge . ...' in the file")
            return [nil]
        }
        return drafts
    }

    /// `-da.qaida1`, `-ho.example`: Bol Processor's file-name lines.
    func isFileHeader(_ t: String) -> Bool {
        let s = Array(t.unicodeScalars)
        return s.count >= 4 && s[0] == "-" && s[1].properties.isLowercase && s[2].properties.isLowercase && s[3] == "."
    }

    func readItem(_ line: String, line number: Int, item: Int, title: String?, reporter: inout Reporter) -> Draft? {
        let scalars = Array(line.unicodeScalars)
        func at(_ i: Int) -> SourceLocation { SourceLocation(line: number, column: i + 1) }
        let itemName = "item \(item)"
        let label = title.map { "'\($0)'" } ?? itemName

        // Anything beyond plain beat-marked bols is reported, not guessed.
        for (i, c) in scalars.enumerated() {
            let plain = c.properties.isAlphabetic || ("0"..."9").contains(c) || c.properties.isWhitespace || ".-/+'".unicodeScalars.contains(c)
            guard !plain else { continue }
            let what: String
            switch c {
            case "{", "}": what = "a polymetric structure '{...}'"
            case "(" where i + 1 < scalars.count && (scalars[i + 1] == "=" || scalars[i + 1] == ":"): what = "a master or slave copy '(\(scalars[i + 1]) ...)'"
            case "*": what = "a homomorphic (khali) copy '*(...)'"
            default: what = "'\(c)', which is not plain beat-marked notation"
            }
            reporter.error(at(i), "\(label) uses \(what); only plain beat-marked items are imported, so this item is not")
            reporter.summary.polymetricItems += 1
            return nil
        }

        // Tokens: words, '-', '.', '/N', with where each starts.
        // Whitespace and '.' separate tokens; '-' is a rest even when written against a bol.
        var tokens: [(text: String, at: Int)] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "." { tokens.append((".", i)); i += 1; continue }
            if c == "-" && !tokens.isEmpty { tokens.append(("-", i)); i += 1; continue }
            var j = i + 1
            while j < scalars.count, !scalars[j].properties.isWhitespace, scalars[j] != ".", scalars[j] != "-" || tokens.isEmpty { j += 1 }
            tokens.append((String(String.UnicodeScalarView(scalars[i..<j])), i))
            i = j
        }
        guard let first = tokens.first, let signature = parseSignature(first.text) else {
            reporter.error(at(tokens.first?.at ?? 0), "\(label) does not start with a time signature such as '4+4+4+4/4'; not imported")
            return nil
        }
        let (vibhags, initialSpeed) = signature
        let taal = chooseTaal(vibhags, at: at(first.at), reporter: &reporter)
        guard let taal else { return nil }

        let table = SyllableTable(table: SyllableTable.bolProcessor, user: importer.syllables, splitsWords: true)
        var speed = initialSpeed
        let periods = tokens.contains { $0.text == "." }
        var beats: [(units: [TimeTree], at: Int, speed: Int)] = []
        var units: [TimeTree] = []
        var beatAt = 0
        var unknown = false
        func endBeat() {
            if !units.isEmpty { beats.append((units, beatAt, speed)) }
            units = []
        }
        for token in tokens.dropFirst() {
            if token.text == "." { endBeat(); continue }
            if token.text.hasPrefix("/") {
                guard let n = Int(token.text.dropFirst()), n > 0, n <= maxPulsesPerMatra else {
                    reporter.error(at(token.at), "speed marker '\(token.text)' should be '/N' with N from 1 to \(maxPulsesPerMatra)")
                    unknown = true
                    continue
                }
                if !periods { endBeat() }
                speed = n
                continue
            }
            if units.isEmpty { beatAt = token.at }
            if token.text == "-" {
                units.append(.pulse(.rest))
            } else if let bols = table.bols(token.text) {
                units.append(.unit(bols.map(Pulse.bol)))
            } else {
                reporter.unknownSyllable(token.text, at: at(token.at), "unknown syllable '\(token.text)'; no bol is written that way: give it a bol with --map \(token.text)=BOL")
                unknown = true
                units.append(.pulse(.rest))
            }
            if !periods, units.count == speed { endBeat() }
        }
        let leftover = !periods && !units.isEmpty
        endBeat()
        if unknown {
            reporter.error(at(0), "\(label) not imported: fix or map the syllables above")
            return nil
        }
        guard !beats.isEmpty else {
            reporter.error(at(0), "\(label) has no bols")
            return nil
        }
        if leftover {
            reporter.warning(at(beats.last!.at), "the last beat has \(beats.last!.units.count) units at speed /\(speed); it is spread over one whole matra")
        }
        if periods, let odd = beats.first(where: { $0.units.count != $0.speed }) {
            let count = beats.filter { $0.units.count != $0.speed }.count
            reporter.warning(at(odd.at), "beat of \(odd.units.count) units at speed /\(odd.speed)\(count > 1 ? " (and \(count - 1) more)" : ""); "
                + "each beat is spread evenly over its matra")
        }
        var matras: [Matra] = []
        for beat in beats {
            let tree = TimeTree.group(beat.units)
            guard tree.resolution <= maxPulsesPerMatra else {
                reporter.error(at(beat.at), "this beat needs more than \(maxPulsesPerMatra) pulses to write exactly; this item is not imported")
                return nil
            }
            matras.append(Matra(tree.pulses, at: at(beat.at)))
        }
        let place = Placement.place(matras: matras.count, cycle: taal.matras, landsOnSam: false)
        if place.inferred {
            reporter.summary.inferredStarts += 1
            reporter.warning(at(first.at), Placement.message(section: label.prefix(1).uppercased() + label.dropFirst(), matras: matras.count,
                                                             taal: taal, start: place.start, ends: place.ends))
        }
        let section = Section(name: nil, taal: taal, start: place.start, ends: place.ends, matras: matras, location: at(first.at))
        let source = "\(ImportFormat.bolprocessor.displayName) \(fileName(reporter.file)), \(itemName) (line \(number))"
        // Bol Processor names files `-da.NAME`: the whole name is the meaningful part.
        let name = title ?? "\(fileName(reporter.file)) \(itemName)"
        let composition = Composition(title: name, taal: taal, source: source, sections: [section])
        return Draft(title: name, composition: composition, location: at(0), fallbackName: "\(fileName(reporter.file))-\(item)")
    }

    /// `4+4+4+4/4` -> ([4, 4, 4, 4], 4); `16` -> ([16], 1).
    func parseSignature(_ text: String) -> ([Int], Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let vibhags = parts[0].split(separator: "+", omittingEmptySubsequences: false).map { Int($0) }
        guard !vibhags.isEmpty, vibhags.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 64 }) else { return nil }
        var speed = 1
        if parts.count == 2 {
            guard let n = Int(parts[1]), n > 0, n <= maxPulsesPerMatra else { return nil }
            speed = n
        }
        return (vibhags.map { $0! }, speed)
    }

    /// The taal for a signature: the importer's default taal if it has these vibhags,
    /// else the first catalogue taal that has them (Teentaal for 4+4+4+4), else a taal
    /// of that shape defined inline in the header.
    func chooseTaal(_ vibhags: [Int], at location: SourceLocation, reporter: inout Reporter) -> Taal? {
        if let d = importer.defaultTaal, d.vibhags == vibhags { return d }
        if let known = importer.catalogue.taals.first(where: { $0.vibhags == vibhags }) { return known }
        let definition = vibhags.map(String.init).joined(separator: "+")
        do {
            let taal = try Taal(definition: definition)
            reporter.warning(location, "no known taal is divided \(definition); written as a taal defined inline (sam, then claps, no khali)")
            return taal
        } catch {
            reporter.error(location, "time signature \(definition): \(error.message)")
            return nil
        }
    }
}
