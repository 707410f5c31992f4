import TablaNotation

/// Reads Tabalchi `.tabla` JSON: `type`, `name`, `taal`, `speed`, `jati`, and
/// `components` (for a kayda `mainTheme` {`bhari`, `khali`}, `paltas` [{`bhari`,
/// `khali`}], `tihai`; for other types bol strings by name). In a bol string `|`
/// separates beats (matras), spaces the syllable slots of a beat, `s` is a rest,
/// `tere-kite` splits a phrase over two slots and `[dha ge]` puts two phrases in one.
/// One file is one composition.
struct TabalchiReader {
    let importer: Importer
    var table: SyllableTable { SyllableTable(table: SyllableTable.tabalchi, user: importer.syllables, splitsWords: true) }

    static let known: Set<String> = ["type", "composition", "name", "components", "taal", "speed", "jati", "playingstyle", "display"]

    func read(_ text: String, reporter: inout Reporter) -> [Draft?] {
        let root: LocatedJSON
        do { root = try LocatedJSON.parse(text) } catch {
            reporter.error(error.location, "not valid JSON: \(error.message); a .tabla file is one JSON object")
            return [nil]
        }
        let start = SourceLocation(line: 1, column: 1)
        guard case .object(let members, _) = root else {
            reporter.error(root.location, "expected one JSON object with 'type', 'taal' and 'components', found \(root.kind)")
            return [nil]
        }
        for member in members where !Self.known.contains(member.key.lowercased()) {
            reporter.warning(member.value.location, "key '\(member.key)' is not carried over")
        }
        let name = root["name"]?.string?.stripped
        let title = (name?.isEmpty == false ? name : nil) ?? fileStem(reporter.file)
        let typeValue = root["type"] ?? root["composition"]
        let type = typeValue?.string
        let form = type.map { importer.form($0, at: typeValue?.location, reporter: &reporter) }

        // Taal: a name, or a number of beats that only one known taal has.
        guard let taalValue = root["taal"] else {
            reporter.error(start, "no 'taal'; Tabalchi files name their taal, e.g. \"taal\": \"Teentaal\"")
            return [nil]
        }
        let taal: Taal
        switch taalValue {
        case .string(let s, _, let at):
            guard let t = importer.taal(named: s, at: at, reporter: &reporter) else { return [nil] }
            taal = t
        case .number(let n, let at):
            let fitting = importer.catalogue.taals.filter { Double($0.matras) == n }
            if let d = importer.defaultTaal, Double(d.matras) == n {
                taal = d
            } else if fitting.count == 1 {
                taal = fitting[0]
                reporter.warning(at, "taal given as \(Int(n)) beats; written as \(taal.name), the one known taal of that length")
            } else {
                let names = fitting.map(\.name).joined(separator: ", ")
                reporter.error(at, "taal given as \(n) beats, which " + (fitting.isEmpty ? "no known taal has" : "fits \(names)")
                    + "; give the taal with --taal")
                return [nil]
            }
        default:
            reporter.error(taalValue.location, "'taal' should be a name or a number of beats, found \(taalValue.kind)")
            return [nil]
        }

        var laya: Double?
        if let speed = root["speed"] {
            switch speed {
            case .number(let n, _) where n > 0: laya = n
            case .string(let s, _, let at):
                let digits = s.prefix { $0.isNumber || $0 == "." }
                laya = Double(digits) ?? LayaName.parse(s)
                if laya == nil { reporter.warning(at, "speed '\(s)' is neither beats per minute nor a laya; not carried over") }
            default: reporter.warning(speed.location, "speed should be beats per minute; not carried over")
            }
        }
        // The jati needs no header: each beat's syllables are written as they are, so the
        // matras carry the layakari themselves.
        var source = "\(ImportFormat.tabalchi.displayName) \(fileName(reporter.file))"
        if let style = root["playingStyle"]?.string?.stripped, !style.isEmpty { source += "; \(style) style" }
        if form == .other, let type { source += "; type \(type)" }

        guard let components = root["components"], case .object(let parts, _) = components else {
            reporter.error(root["components"]?.location ?? start, "no 'components' object with the bols")
            return [nil]
        }
        let errorsBefore = reporter.errorCount
        // (name, matras, location, lands on sam)
        var sections: [(String?, [Matra], SourceLocation, Bool)] = []

        let componentsLocation = components.location
        func matrasOf(_ value: LocatedJSON?, _ what: String) -> [Matra]? {
            guard let value else { reporter.error(componentsLocation, "no \(what)"); return nil }
            guard case .string(let s, let locations, let at) = value else {
                reporter.error(value.location, "\(what) should be a bol string, found \(value.kind)")
                return nil
            }
            return parseBols(s, locations: locations, at: at, reporter: &reporter)
        }

        func half(_ pair: LocatedJSON, _ what: String) -> [Matra]? {
            guard let bhari = matrasOf(pair["bhari"], "bhari half of the \(what)") else { return nil }
            guard let khali = pair["khali"] else {
                reporter.warning(pair.location, "the \(what) has no khali half; written as its bhari half alone")
                return bhari
            }
            if khali.string?.lowercased() != "infer" {
                guard let k = matrasOf(khali, "khali half of the \(what)") else { return nil }
                return bhari + k
            }
            // "Infer": the bhari half with every bol replaced by its closed counterpart.
            let inferred = bhari.map { (m: Matra) -> Matra in Matra(m.pulses.map(khaliPulse), at: m.location) }
            return bhari + inferred
        }

        if let theme = components["mainTheme"] {
            if let m = half(theme, "main theme") { sections.append(("theme", m, theme.location, false)) }
            var paltas: [LocatedJSON] = []
            switch components["paltas"] {
            case .array(let items, _)?: paltas = items
            case .object(let named, _)?: paltas = named.map(\.value)
            case nil: break
            case let other?: reporter.error(other.location, "'paltas' should be a list of {bhari, khali}, found \(other.kind)")
            }
            for (i, palta) in paltas.enumerated() {
                if let m = half(palta, "palta \(i + 1)") { sections.append(("palta \(i + 1)", m, palta.location, false)) }
            }
            if let tihai = components["tihai"], tihai.string?.stripped.isEmpty == false, let m = matrasOf(tihai, "tihai") {
                sections.append(("tihai", m, tihai.location, true))
            }
            for part in parts where !["maintheme", "paltas", "tihai"].contains(part.key.lowercased()) {
                reporter.warning(part.value.location, "component '\(part.key)' of a kayda is not carried over")
            }
        } else {
            let strings = parts.filter { $0.value.string != nil }
            for part in parts where part.value.string == nil {
                reporter.warning(part.value.location, "component '\(part.key)' is not a bol string; not carried over")
            }
            for part in strings where part.value.string?.stripped.isEmpty == false {
                guard let m = matrasOf(part.value, "'\(part.key)'") else { continue }
                let key = part.key.lowercased()
                let name: String? = strings.count == 1 ? nil : part.key
                let lands = key.hasPrefix("tihai") || (form?.isCadential == true && part.key == strings.last?.key)
                sections.append((name, m, part.value.location, lands))
            }
        }
        if reporter.errorCount > errorsBefore {
            reporter.error(start, "'\(title)' not imported: fix or map the syllables above")
            return [nil]
        }
        guard sections.contains(where: { !$0.1.isEmpty }) else {
            reporter.error(components.location, "no bols in the components")
            return [nil]
        }
        var built: [Section] = []
        for (name, matras, at, lands) in sections where !matras.isEmpty {
            let place = Placement.place(matras: matras.count, cycle: taal.matras, landsOnSam: lands)
            if place.inferred {
                reporter.summary.inferredStarts += 1
                let label = name.map { "Section '\($0)'" } ?? "The composition"
                reporter.warning(at, Placement.message(section: label, matras: matras.count, taal: taal, start: place.start, ends: place.ends))
            }
            built.append(Section(name: name, taal: taal, start: place.start, ends: place.ends, laya: laya, matras: matras, location: at))
        }
        let composition = Composition(title: title, taal: taal, laya: laya, form: form, source: source, sections: built)
        return [Draft(title: title, composition: composition, location: start, fallbackName: fileStem(reporter.file))]
    }

    /// A pulse in a khali half: the bol's closed counterpart (Dha -> Ta, Ge -> Ke).
    func khaliPulse(_ pulse: Pulse) -> Pulse {
        if case .bol(let b) = pulse { return .bol(b.khali) }
        return .rest
    }

    /// The matras of a bol string, one per beat.
    func parseBols(_ text: String, locations: [SourceLocation], at: SourceLocation,
                   reporter: inout Reporter) -> [Matra] {
        let scalars = Array(text.unicodeScalars)
        func location(_ i: Int) -> SourceLocation { i < locations.count ? locations[i] : at }
        var matras: [Matra] = []
        var slots: [TimeTree] = []
        var group: [TimeTree]?
        var beatStart: Int?
        var i = 0

        func word(_ start: Int, _ end: Int) -> [TimeTree] {
            var k = start
            while k < end, scalars[k] == "~" { k += 1 }   // Tabalchi's marker for its own checks
            var out: [TimeTree] = []
            var pieceStart = k
            for m in k...end where m == end || scalars[m] == "-" {
                defer { pieceStart = m + 1 }
                guard m > pieceStart else { continue }
                let p = String(String.UnicodeScalarView(scalars[pieceStart..<m]))
                if p.lowercased() == "s" {
                    out.append(.pulse(.rest))
                } else if let bols = table.bols(p) {
                    out.append(.unit(bols.map(Pulse.bol)))
                } else {
                    reporter.unknownSyllable(p, at: location(pieceStart), "unknown syllable '\(p)'; no bol is written that way: give it a bol with --map \(p)=BOL")
                    out.append(.pulse(.rest))
                }
            }
            return out
        }

        func endBeat(_ end: Int) {
            defer { slots = []; beatStart = nil }
            guard let s = beatStart, !slots.isEmpty else { return }
            let tree = TimeTree.group(slots)
            guard tree.resolution <= maxPulsesPerMatra else {
                reporter.error(location(s), "this beat needs more than \(maxPulsesPerMatra) pulses to write exactly; the composition is not imported")
                return
            }
            matras.append(Matra(tree.pulses, at: location(s)))
        }

        while i < scalars.count {
            let c = scalars[i]
            if c == "|" {
                if group != nil { reporter.error(location(i), "'[' not closed before '|'"); group = nil }
                endBeat(i)
                i += 1
            } else if c.properties.isWhitespace {
                i += 1
            } else if c == "[" {
                if beatStart == nil { beatStart = i }
                group = []
                i += 1
            } else if c == "]" {
                if let g = group { slots.append(g.count == 1 ? g[0] : .group(g)) } else { reporter.error(location(i), "']' without '['") }
                group = nil
                i += 1
            } else {
                if beatStart == nil { beatStart = i }
                var j = i
                while j < scalars.count, !scalars[j].properties.isWhitespace, !"|[]".unicodeScalars.contains(scalars[j]) { j += 1 }
                let trees = word(i, j)
                if group != nil { group!.append(contentsOf: trees) } else { slots.append(contentsOf: trees) }
                i = j
            }
        }
        if group != nil { reporter.error(at, "'[' not closed") }
        endBeat(scalars.count)
        return matras
    }
}
