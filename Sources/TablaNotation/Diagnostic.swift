/// A 1-based line and column in a source text. Columns count Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars from the start of the line.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A message about a composition, printed as `file:line:column: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The composition is invalid; `tabla check` exits 1.
        case error
        /// Legal but musically suspicious, or ignored input.
        case warning
        /// Extra context for the diagnostic before it.
        case note
    }

    /// What kind of problem a diagnostic reports, so code (and tools) can tell them apart
    /// without reading the message, which is worded for people and may change.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// Text the notation does not allow: a bad header, section line, mark or word.
        case notation
        /// A word that is not a bol (the message suggests the closest).
        case unknownBol
        /// The file has no bols at all.
        case noBols
        /// A note: the parser stopped after `maxErrors` errors.
        case tooManyErrors
        /// A note: warnings past ``Diagnostic/maxWarnings`` were counted, not shown.
        case tooManyWarnings
        /// A cycle with more or fewer matras than the taal has.
        case cycleLength
        /// A `|` that is not on a vibhag boundary.
        case barPlacement
        /// An `ends: sam` section whose last bol is not on sam.
        case landing
        /// A cadential form (tihai, tukda...) that ends with a whole cycle instead of on sam.
        case cadenceEnding
        /// More bols in one matra than can be played.
        case density
        /// A theka's khali vibhag ringing the open bayan.
        case thekaKhali
        /// A palta using bols its kaida's theme does not.
        case paltaBols
        /// A tihai (or a cadential piece's closing tihai) that is not three equal phrases landing on sam.
        case tihai
        /// A kaida khali half that is not the khali mirror of its bhari half.
        case khaliMirror
    }

    /// How serious it is.
    public var severity: Severity
    /// Where it points.
    public var location: SourceLocation
    /// What is wrong, quoting the offending text and suggesting a fix where one exists.
    public var message: String
    /// What kind of problem it is.
    public var code: Code

    /// Creates a diagnostic; the message is made ``readable(_:)``.
    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, code: Code = .notation) {
        self.severity = severity
        self.location = location
        self.message = Self.readable(message)
        self.code = code
    }

    /// The most warnings reported for one file; the rest are counted in one note.
    public static let maxWarnings = 100
    /// The longest message printed: past it the middle is clipped (a 1 MB line once
    /// came back whole in its diagnostic).
    public static let maxMessageLength = 400

    /// `message` with invisible characters shown escaped (`\u{202E}`, `\u{FEFF}`, `\r`,
    /// `\0`), so "unknown taal 'teentaal\u{202E}'" says what is there, and a message
    /// longer than ``maxMessageLength`` clipped in the middle, keeping its suggestion.
    public static func readable(_ message: String) -> String {
        var out = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        guard out.count > maxMessageLength else { return out }
        let head = out.prefix(maxMessageLength * 3 / 4), tail = out.suffix(maxMessageLength / 4)
        return head + " … (\(out.count - head.count - tail.count) characters clipped) … " + tail
    }

    /// `diagnostics` with warnings past ``maxWarnings`` (counting `already` reported)
    /// replaced by one note.
    static func cappingWarnings(_ diagnostics: [Diagnostic], already: Int) -> [Diagnostic] {
        var count = already, dropped = 0
        var kept: [Diagnostic] = []
        var firstDropped: SourceLocation?
        for d in diagnostics {
            if d.severity == .warning {
                count += 1
                if count > maxWarnings {
                    dropped += 1
                    if firstDropped == nil { firstDropped = d.location }
                    continue
                }
            }
            kept.append(d)
        }
        if let firstDropped { kept.append(Diagnostic(.note, firstDropped, "\(dropped) more warnings not shown", code: .tooManyWarnings)) }
        return kept
    }

    /// `line:column: severity: message` (without a file name).
    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// The diagnostic in the compiler style editors understand: `file:line:column: ...`.
    public func formatted(file: String) -> String { "\(file):\(description)" }
}

/// Edit distance used for "did you mean" suggestions (optimal string alignment).
enum Suggest {
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased().unicodeScalars), b = Array(b.lowercased().unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        guard !word.isEmpty, word.unicodeScalars.count <= 40 else { return nil }
        let limit = max(1, word.unicodeScalars.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c)
            if d <= limit, d < (best?.1 ?? .max) { best = (c, d) }
        }
        return best?.0
    }
}
