/// Reads `.bol` text into a ``Composition`` and reports every problem it finds.
///
/// The parser never stops at the first error and never traps: any bytes, including
/// binary junk, invalid UTF-8, a BOM or CRLF line ends, come back as a composition
/// (possibly partial) and diagnostics. See docs/NOTATION.md for the format.
///
/// ```swift
/// let parser = NotationParser()
/// let (composition, diagnostics) = parser.parse("taal: teentaal\nDha Dhin Dhin Dha ...")
/// ```
public struct NotationParser: Sendable {
    /// Taals that `taal:` may name.
    public var catalogue: TaalCatalogue
    /// Taal for files without a `taal:` header; nil means Teentaal with a warning.
    public var defaultTaal: Taal?
    /// Stop after this many errors in one file (0: no limit).
    public var maxErrors: Int
    /// The bol spellings words are split with: the standard vocabulary, plus any the user
    /// defined (`--bols FILE`); a file's own `bol:` lines add to it for that file only.
    public var splitter: BolSplitter
    /// The longest word accepted as one matra, in bytes.
    public static let maxWordBytes = 256

    /// Creates a parser.
    public init(catalogue: TaalCatalogue = .standard, defaultTaal: Taal? = nil, maxErrors: Int = 100,
                splitter: BolSplitter = .standard) {
        self.splitter = splitter
        self.catalogue = catalogue
        self.defaultTaal = defaultTaal
        self.maxErrors = maxErrors
    }

    /// Parses text.
    public func parse(_ text: String) -> (Composition, [Diagnostic]) {
        parse(bytes: Array(text.utf8))
    }

    /// Parses raw file contents.
    public func parse(bytes: [UInt8]) -> (Composition, [Diagnostic]) {
        let (composition, diagnostics, _) = parseNotingTaal(bytes: bytes)
        return (composition, diagnostics)
    }

    /// Parses, and tells whether a `taal` given in the text could not be resolved (so
    /// the composition's cycles can't be counted).
    func parseNotingTaal(bytes: [UInt8]) -> (Composition, [Diagnostic], taalFailed: Bool) {
        var state = ParseState(parser: self, bytes: bytes)
        state.run()
        var diagnostics = state.diagnostics
        // Bol words report their own invalid UTF-8; headers and titles did not.
        if !diagnostics.contains(where: { $0.message.contains("UTF-8") }), let bad = Self.firstInvalidUTF8(bytes) {
            // Decoding would silently show U+FFFD where the byte was; say what it is.
            let lineStart = bytes[..<bad].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let line = bytes[..<bad].count { $0 == UInt8(ascii: "\n") } + 1
            let column = String(decoding: bytes[lineStart..<bad], as: UTF8.self).count + 1
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            diagnostics.insert(Diagnostic(.error, SourceLocation(line: line, column: column),
                                          "the file is not UTF-8 (byte 0x\(hex) here, perhaps Latin-1); save it as UTF-8"), at: 0)
        }
        if state.droppedWarnings > 0, let first = state.firstDroppedWarning {
            diagnostics.append(Diagnostic(.note, first, "\(state.droppedWarnings) more warnings not shown", code: .tooManyWarnings))
        }
        return (state.composition, diagnostics, state.taalFailed)
    }

    /// The offset of the first byte that does not begin or continue valid UTF-8, or nil.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0
            guard n > 0, i + n < b.count,
                  String(validating: b[i...(i + n)], as: UTF8.self) != nil else { return i }
            i += n + 1
        }
        return nil
    }

    /// Resolves a `taal:` value: a catalogue name or alias, or an inline definition
    /// such as `3+2+2 marks=0,2,3 name=MyRupak`.
    public func resolveTaal(_ value: String) -> Result<Taal, TaalDefinitionError> {
        let v = value.trimmed
        if let first = v.unicodeScalars.first, first.properties.numericType != nil || v.contains("+") {
            do { return .success(try Taal(definition: v)) } catch { return .failure(error) }
        }
        if let taal = catalogue.taal(named: v) ?? catalogue.taal(devanagari: v) { return .success(taal) }
        var message = "unknown taal '\(v)'"
        if let guess = Suggest.closest(to: v, in: catalogue.allNames) {
            message += "; did you mean '\(guess)'?"
        } else {
            message += "; `tabla taals` lists the known ones, or define it, e.g. 'taal: 3+2+2 marks=0,2,3 name=MyRupak'"
        }
        return .failure(TaalDefinitionError(message: message, offset: 0))
    }
}

/// The mutable state of one parse.
private struct ParseState {
    let parser: NotationParser
    let bytes: [UInt8]
    var diagnostics: [Diagnostic] = []
    var errorCount = 0
    var stopped = false
    var warningCount = 0
    /// Warnings past ``Diagnostic/maxWarnings``: counted, not kept (a million repeated
    /// header lines once gave 79 MB of warnings).
    var droppedWarnings = 0
    var firstDroppedWarning: SourceLocation?

    // Header of the file.
    var title: String?
    var taal: Taal?
    var taalLocation: SourceLocation?
    var laya: Double?
    var form: Form?
    var source: String?
    var start: Int?
    var startLocation: SourceLocation?
    var ends: Ending?
    var extra: [HeaderField] = []
    var seenKeys: Set<String> = []
    /// A `taal` in the header or on a section could not be resolved.
    var taalFailed = false
    /// `.sam` when the body before any section line ends `... || Dha`: the header's own
    /// section, so the composition ends on sam as if the header said so.
    var landingOfHeaderSection: Ending?

    enum Phase { case header, sectionHeader, body }
    var phase = Phase.header
    var sections: [Section] = []
    var current: SectionBuilder?

    // Position.
    var line = 0
    var lineStart = 0
    var columnCache = (offset: 0, column: 1)

    /// Split words by their bytes: most words of a composition repeat.
    var cache: [WordKey: Result<[Pulse], BolSplitter.Failure>] = [:]

    /// A word's bytes with a hash computed once in one pass (FNV-1a), cheaper than
    /// feeding the bytes one by one to `Hasher`.
    struct WordKey: Hashable {
        let bytes: ArraySlice<UInt8>
        let fnv: UInt64
        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.fnv = FNV1a64.hash(bytes)
        }
        func hash(into hasher: inout Hasher) { hasher.combine(fnv) }
        static func == (a: WordKey, b: WordKey) -> Bool { a.fnv == b.fnv && a.bytes.elementsEqual(b.bytes) }
    }

    struct SectionBuilder {
        var name: String?
        var location: SourceLocation
        var taal: Taal?
        var start: Int?
        var startLocation: SourceLocation?
        var ends: Ending?
        var laya: Double?
        var extra: [HeaderField] = []
        var matras: [Matra] = []
        var bars: [Bar] = []
        var keys: Set<String> = []
    }

    /// The parser's splitter with this file's `bol:` definitions.
    var splitter: BolSplitter

    init(parser: NotationParser, bytes: [UInt8]) {
        self.parser = parser
        self.bytes = bytes
        self.splitter = parser.splitter
    }

    var composition: Composition {
        Composition(title: title, taal: fileTaal, laya: laya, form: form, source: source, start: start ?? 1,
                    ends: ends ?? landingOfHeaderSection ?? .cycle, extra: extra, sections: sections)
    }

    var fileTaal: Taal { taal ?? parser.defaultTaal ?? TaalCatalogue.standard.taals[0] }

    // MARK: - Diagnostics

    mutating func column(_ offset: Int) -> Int {
        var (from, col) = columnCache
        if offset < from || from < lineStart { (from, col) = (lineStart, 1) }
        var k = from
        while k < offset && k < bytes.count {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        columnCache = (offset, col)
        return col
    }

    mutating func location(_ offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: column(offset))
    }

    mutating func report(_ severity: Diagnostic.Severity, _ location: SourceLocation, _ message: String,
                         code: Diagnostic.Code = .notation) {
        guard !stopped else { return }
        if severity == .warning {
            warningCount += 1
            if warningCount > Diagnostic.maxWarnings {
                droppedWarnings += 1
                if firstDroppedWarning == nil { firstDroppedWarning = location }
                return
            }
        }
        diagnostics.append(Diagnostic(severity, location, message, code: code))
        if severity == .error {
            errorCount += 1
            if parser.maxErrors > 0, errorCount >= parser.maxErrors {
                diagnostics.append(Diagnostic(.note, location, "stopping after \(errorCount) errors; fix these first (or raise --max-errors)",
                                              code: .tooManyErrors))
                stopped = true
            }
        }
    }

    mutating func error(at offset: Int, _ message: String) { report(.error, location(offset), message) }
    mutating func warning(at offset: Int, _ message: String) { report(.warning, location(offset), message) }

    // MARK: - Lines

    mutating func run() {
        var offset = 0
        // A UTF-8 byte order mark carries no meaning.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
        while offset < bytes.count, !stopped {
            line += 1
            lineStart = offset
            columnCache = (offset, 1)
            var end = offset
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            handleLine(offset, end)
            offset = end + 1
        }
        if line == 0 { line = 1 }
        closeSection()
        finish()
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }

    /// Length of whitespace at `i`: ASCII blanks, CR, and the no-break space U+00A0.
    func spaceLength(_ i: Int, _ end: Int) -> Int {
        if Self.isSpace(bytes[i]) { return 1 }
        if bytes[i] == 0xC2, i + 1 < end, bytes[i + 1] == 0xA0 { return 2 }
        return 0
    }

    mutating func handleLine(_ from: Int, _ to: Int) {
        // Strip the comment and surrounding blanks.
        var end = from
        while end < to, bytes[end] != UInt8(ascii: "#") { end += 1 }
        var start = from
        while start < end, spaceLength(start, end) > 0 { start += spaceLength(start, end) }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return }

        if bytes[start] == UInt8(ascii: "[") {
            sectionLine(start, end)
            return
        }
        if let colon = headerColon(start, end) {
            let key = text(start, colon).trimmed
            if key.contains(" ") {
                error(at: start, "header key '\(key)' has a space; write it as one word ('\(key.split(separator: " ").joined(separator: "-"))')")
                return
            }
            headerLine(start, colon, end)
            return
        }
        if isAnnotationLine(start, end) { return }
        if phase != .body { phase = .body }
        bodyLine(start, end)
    }

    /// The colon of a `key: value` line, if the line is one.
    func headerColon(_ start: Int, _ end: Int) -> Int? {
        var k = start
        guard Self.isLetter(bytes[k]) else { return nil }
        while k < end {
            let b = bytes[k]
            if b == UInt8(ascii: ":") { return k }
            guard Self.isLetter(b) || (b >= 48 && b <= 57) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == 0x20 else {
                return nil
            }
            k += 1
        }
        return nil
    }

    static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    /// A line of only Bhatkhande marks or matra numbers, as `tabla print` writes above and
    /// below the bols and as people write them: `X 2 0 3`, `x 2 o 3`, `+ 0`, `× २ ० ३`,
    /// `1 2 3 4`, `१ २ ३ ४`. It carries no bols.
    func isAnnotationLine(_ start: Int, _ end: Int) -> Bool {
        // Fast path for the usual body line: its first word starts with a bol's letter
        // (roman, or a Devanagari letter that is not a digit), which no mark line does.
        var i = start
        while i < end, Self.isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "|") { i += 1 }
        if i < end {
            let b = bytes[i]
            if Self.isLetter(b), !"XxoO".utf8.contains(b) { return false }
            if b == UInt8(ascii: "-") { return false }
            if b == 0xE0, i + 2 < end, bytes[i + 1] == 0xA4 || (bytes[i + 1] == 0xA5 && !(0xA4...0xAF).contains(bytes[i + 2])) {
                return false
            }
        }
        var sawMark = false
        for token in text(start, end).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "|" || $0 == "\r" || $0 == "\u{A0}" || $0 == "।" || $0 == "॥" }) {
            // A mark token must be a whole token: a single mark, or a number.
            if ["X", "x", "+", "o", "O", "×", "०"].contains(token) {
                sawMark = true
                continue
            }
            guard token.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("\u{0966}"..."\u{096F}").contains($0) }) else {
                return false
            }
            sawMark = true
        }
        return sawMark
    }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    // MARK: - Header

    static let headerKeys = ["title", "taal", "laya", "form", "source", "start", "ends", "bol"]

    mutating func headerLine(_ start: Int, _ colon: Int, _ end: Int) {
        let key = text(start, colon).trimmed.lowercased()
        var valueStart = colon + 1
        while valueStart < end, Self.isSpace(bytes[valueStart]) { valueStart += 1 }
        let value = text(valueStart, end)
        if phase == .body {
            error(at: start, "header line '\(BolSplitter.printable(text(start, end)))' after the body has started; "
                  + "put header lines at the top of the file, or right after a section line '[name]'")
            return
        }
        if phase == .sectionHeader {
            sectionField(key, value, keyOffset: start, valueOffset: valueStart)
            return
        }
        if seenKeys.contains(key), key != "bol" {
            warning(at: start, "'\(key):' given twice; the later value is used")
        }
        seenKeys.insert(key)
        switch key {
        case "title": title = value
        case "source": source = value
        case "bol":
            let name = value.split(separator: "=", maxSplits: 1).first.map { String($0).trimmed } ?? ""
            let before = value.contains("strokes=") ? nil : splitter.meaning(of: name)
            switch splitter.define(value) {
            case .failure(let e): error(at: valueStart, e.message)
            case .success(let now):
                if let before, before != now {
                    warning(at: valueStart, "'\(name)' meant \(before.map(\.name).joined(separator: " ")); in this file it means "
                            + now.map(\.name).joined(separator: " "))
                }
            }
            cache = [:]
        case "taal":
            if let t = resolveTaal(value, at: valueStart) {
                taal = t
                taalLocation = location(start)
            }
        // Tempo is laya by its usual English names; a matra is the beat.
        case "laya", "tempo", "bpm": laya = parseLaya(value, at: valueStart) ?? laya
        case "form":
            if let f = Form(spelling: value) {
                form = f
            } else {
                // A form tabla does not know is still a composition: kept, and a warning.
                var message = "unknown form '\(value)' (kept); known forms are \(Form.allCases.map(\.rawValue).joined(separator: ", "))"
                if let guess = Suggest.closest(to: value, in: Form.allCases.map(\.rawValue)) {
                    message = "unknown form '\(value)' (kept); did you mean '\(guess)'?"
                }
                warning(at: valueStart, message)
                extra.append(HeaderField(key: key, value: value, location: location(start)))
            }
        case "start":
            if let n = parseStart(value, at: valueStart) {
                self.start = n
                startLocation = location(valueStart)
            }
        case "ends":
            if let e = parseEnds(value, at: valueStart) { ends = e }
        default:
            var message = "unknown header key '\(key)' (kept)"
            if let guess = Suggest.closest(to: key, in: Self.headerKeys) { message += "; did you mean '\(guess)'?" }
            warning(at: start, message)
            extra.append(HeaderField(key: key, value: value, location: location(start)))
        }
    }

    mutating func resolveTaal(_ value: String, at offset: Int) -> Taal? {
        switch parser.resolveTaal(value) {
        case .success(let t): return t
        case .failure(let e):
            error(at: offset, e.message)
            taalFailed = true
            return nil
        }
    }

    mutating func parseLaya(_ value: String, at offset: Int) -> Double? {
        guard let v = LayaName.parse(value) else {
            error(at: offset, "laya '\(value)' is not a number of matras per minute or one of "
                  + LayaName.values.map(\.name).joined(separator: ", "))
            return nil
        }
        if let problem = LayaName.problem(v) {
            error(at: offset, "laya \(value) \(problem)")
            return nil
        }
        if let unusual = LayaName.unusual(v) { warning(at: offset, "laya \(value) \(unusual)") }
        return v
    }

    mutating func parseStart(_ value: String, at offset: Int) -> Int? {
        guard let n = Int(value.trimmed), n >= 1, n <= 1000 else {
            error(at: offset, "start '\(value)' is not a matra number (1 for sam)")
            return nil
        }
        return n
    }

    mutating func parseEnds(_ value: String, at offset: Int) -> Ending? {
        if let e = Ending(rawValue: value.lowercased().trimmed) { return e }
        error(at: offset, "ends '\(value)' must be 'cycle' (a whole number of cycles) or 'sam' (the last bol lands on sam)")
        return nil
    }

    // MARK: - Sections

    mutating func sectionLine(_ start: Int, _ end: Int) {
        closeSection()
        guard bytes[end - 1] == UInt8(ascii: "]") else {
            error(at: start, "section line '\(BolSplitter.printable(text(start, end)))' has no closing ']'")
            current = SectionBuilder(name: text(start + 1, end).trimmed, location: location(start))
            phase = .sectionHeader
            return
        }
        let inner = text(start + 1, end - 1)
        current = SectionBuilder(name: nil, location: location(start))
        phase = .sectionHeader
        var nameParts: [String] = []
        let innerStart = start + 1
        let scalarsBefore = column(innerStart)
        for token in SectionAttributes.tokenize(inner) {
            // Offsets inside the section line are in scalars; map back to a column.
            let loc = SourceLocation(line: line, column: scalarsBefore + token.offset)
            if let key = token.key {
                sectionField(key, token.value, location: loc)
            } else if current!.keys.isEmpty {
                nameParts.append(token.value)
            } else {
                report(.error, loc, "'\(token.value)' after the attributes of section line; write the name first, then key=value")
            }
        }
        if !nameParts.isEmpty { current!.name = nameParts.joined(separator: " ") }
        if current!.name == nil { current!.name = "section \(sections.count + 1)" }
    }

    mutating func sectionField(_ key: String, _ value: String, keyOffset: Int, valueOffset: Int) {
        sectionField(key, value, location: location(keyOffset), valueLocation: location(valueOffset))
    }

    mutating func sectionField(_ key: String, _ value: String, location loc: SourceLocation, valueLocation: SourceLocation? = nil) {
        let vloc = valueLocation ?? loc
        guard current != nil else { return }
        if current!.keys.contains(key) {
            report(.warning, loc, "'\(key)' given twice for this section; the later value is used")
        }
        current!.keys.insert(key)
        switch key {
        case "taal":
            switch parser.resolveTaal(value) {
            case .success(let t): current!.taal = t
            case .failure(let e):
                report(.error, vloc, e.message)
                taalFailed = true
            }
        case "start":
            if let n = Int(value.trimmed), n >= 1, n <= 1000 {
                current!.start = n
                current!.startLocation = vloc
            } else {
                report(.error, vloc, "start '\(value)' is not a matra number (1 for sam)")
            }
        case "ends":
            if let e = Ending(rawValue: value.lowercased().trimmed) {
                current!.ends = e
            } else {
                report(.error, vloc, "ends '\(value)' must be 'cycle' or 'sam'")
            }
        case "laya", "tempo", "bpm":
            if let v = LayaName.parse(value) {
                if let problem = LayaName.problem(v) {
                    report(.error, vloc, "laya \(value) \(problem)")
                } else {
                    current!.laya = v
                    if let unusual = LayaName.unusual(v) { report(.warning, vloc, "laya \(value) \(unusual)") }
                }
            } else {
                report(.error, vloc, "laya '\(value)' is not a number of matras per minute (1-2000) or a laya name")
            }
        case "title", "source", "form":
            current!.extra.append(HeaderField(key: key, value: value, location: loc))
        default:
            // A kept attribute is printed back as a `key: value` line under the section
            // line, so its name must read back as a header key: a word.
            guard let first = key.utf8.first, Self.isLetter(first),
                  key.utf8.allSatisfy({ Self.isLetter($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
                report(.error, loc, "section attribute name '\(BolSplitter.printable(key))' is not a word; write key=value with a key of letters, digits, '-' or '_'")
                return
            }
            var message = "unknown section attribute '\(key)' (kept)"
            if let guess = Suggest.closest(to: key, in: ["taal", "start", "ends", "laya"]) { message += "; did you mean '\(guess)'?" }
            report(.warning, loc, message)
            current!.extra.append(HeaderField(key: key, value: value, location: loc))
        }
    }

    mutating func closeSection() {
        guard let b = current else { return }
        current = nil
        let sectionTaal = b.taal ?? fileTaal
        var sectionStart = b.start ?? start ?? 1
        if sectionStart > sectionTaal.matras {
            report(.error, b.startLocation ?? startLocation ?? b.location,
                   "start \(sectionStart) is past the end of \(sectionTaal.name)'s \(sectionTaal.matras) matras")
            sectionStart = 1
        }
        if b.matras.isEmpty, b.name != nil {
            report(.warning, b.location, "section '\(b.name!)' has no bols")
        }
        // `... || Dha`: the sam bol written again after the last bar, where the piece lands.
        var landing: Ending? = nil
        if b.ends == nil, ends == nil, b.matras.count >= 2, let last = b.bars.last, last.kind == .cycle,
           last.afterMatras == b.matras.count - 1, (sectionStart - 1 + b.matras.count) % sectionTaal.matras == 1 {
            landing = .sam
            if b.name == nil, sections.isEmpty { landingOfHeaderSection = .sam }
        }
        sections.append(Section(name: b.name, taal: sectionTaal, start: sectionStart, ends: b.ends ?? ends ?? landing ?? .cycle,
                                laya: b.laya ?? laya, matras: b.matras, bars: b.bars, extra: b.extra, location: b.location))
    }

    // MARK: - Body

    mutating func bodyLine(_ start: Int, _ end: Int) {
        if current == nil {
            current = SectionBuilder(name: nil, location: location(start))
        }
        phase = .body
        var k = start
        while k < end, !stopped {
            let space = spaceLength(k, end)
            if space > 0 { k += space; continue }
            if barLength(k, end).bytes > 0 {
                // `|`, and the dandas of Devanagari books: `।` a vibhag, `॥` (or `।।`) a cycle end.
                var j = k
                var count = 0
                var written = ""
                while j < end, case let (length, weight) = barLength(j, end), length > 0 {
                    written += text(j, j + length)
                    count += weight
                    j += length
                }
                let loc = location(k)
                if count > 2 {
                    report(.error, loc, "'\(written)' is not a bar; write '|' between vibhags or '||' at a cycle end")
                } else {
                    current!.bars.append(Bar(kind: count == 1 ? .vibhag : .cycle, afterMatras: current!.matras.count, location: loc))
                }
                k = j
                continue
            }
            var j = k
            while j < end, barLength(j, end).bytes == 0, spaceLength(j, end) == 0 { j += 1 }
            word(k, j)
            k = j
        }
    }

    /// The bar at `i`: its length in bytes and how many `|` it counts for (`॥` is two).
    func barLength(_ i: Int, _ end: Int) -> (bytes: Int, weight: Int) {
        if bytes[i] == UInt8(ascii: "|") { return (1, 1) }
        if bytes[i] == 0xE0, i + 2 < end, bytes[i + 1] == 0xA5, bytes[i + 2] == 0xA4 || bytes[i + 2] == 0xA5 {
            return (3, bytes[i + 2] == 0xA4 ? 1 : 2)
        }
        return (0, 0)
    }

    mutating func word(_ from: Int, _ to: Int) {
        let loc = location(from)
        guard to - from <= NotationParser.maxWordBytes else {
            report(.error, loc, "'\(BolSplitter.printable(text(from, to)))' is \(to - from) bytes long, too long for one matra; "
                   + "separate matras with spaces")
            current!.matras.append(Matra([], at: loc))
            return
        }
        if Grouping.isGrouped(bytes[from..<to]) {
            switch Grouping.split(Array(bytes[from..<to]), splitter: splitter) {
            case .success(let (pulses, units)):
                current!.matras.append(Matra(pulses, at: loc, units: units))
            case .failure(let failure):
                report(.error, SourceLocation(line: loc.line, column: loc.column + failure.scalarOffset), failure.message)
                current!.matras.append(Matra([], at: loc))
            }
            return
        }
        let key = WordKey(bytes[from..<to])
        let result: Result<[Pulse], BolSplitter.Failure>
        if let cached = cache[key] {
            result = cached
        } else {
            result = splitter.split(Array(bytes[from..<to]))
            cache[key] = result
        }
        switch result {
        case .success(let pulses):
            current!.matras.append(Matra(pulses, at: loc))
            if let joined = hyphenatedBols(from, to) {
                report(.warning, loc, "'-' between bols reads as rests: '\(text(from, to))' is \(BolSplitter.describe(pulses).replacingAll("-", with: "rest")) "
                       + "in one matra; write \(joined) if you meant \(pulses.count / 2 + 1) bols")
            }
        case .failure(let failure):
            report(.error, SourceLocation(line: loc.line, column: loc.column + failure.scalarOffset), failure.message, code: .unknownBol)
            // Keep the matra so that cycle counting is not thrown off by one bad word.
            current!.matras.append(Matra([], at: loc))
        }
    }

    /// For a word written like `Dha-Ti-Ta` (single bols joined by single hyphens, two
    /// hyphens or more), the word without them.
    func hyphenatedBols(_ from: Int, _ to: Int) -> String? {
        guard bytes[from..<to].contains(UInt8(ascii: "-")) else { return nil }
        let pieces = bytes[from..<to].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard pieces.count >= 3, pieces.allSatisfy({ !$0.isEmpty }) else { return nil }
        for piece in pieces {
            guard case .success(let p) = splitter.split(Array(piece)), p.count == 1, p[0] != .rest else { return nil }
        }
        return pieces.map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    // MARK: - End of file

    mutating func finish() {
        if taal == nil, !seenKeys.contains("taal"), parser.defaultTaal == nil, !sections.isEmpty {
            report(.warning, SourceLocation(line: 1, column: 1), "no 'taal:' header; assuming Teentaal")
        }
        if sections.allSatisfy({ $0.matras.isEmpty }) {
            report(.error, SourceLocation(line: 1, column: 1), "no bols found; a composition needs a body such as 'Dha Dhin Dhin Dha | ...'",
                   code: .noBols)
        }
    }
}

extension NotationParser {
    /// Parses and validates: every diagnostic for the text, in source order.
    public func check(bytes: [UInt8]) -> (Composition, [Diagnostic]) {
        let (composition, parsed, taalFailed) = parseNotingTaal(bytes: bytes)
        // Counting cycles against a taal that could not be read would only add noise.
        if taalFailed || parsed.contains(where: { $0.code == .tooManyErrors }) {
            return (composition, parsed)
        }
        let all = parsed + Diagnostic.cappingWarnings(Validator().validate(composition),
                                                      already: parsed.count { $0.severity == .warning })
        // Stable: parse diagnostics first where two share a location.
        let ordered = all.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }.map(\.element)
        return (composition, ordered)
    }

    /// Parses and validates text.
    public func check(_ text: String) -> (Composition, [Diagnostic]) { check(bytes: Array(text.utf8)) }
}
