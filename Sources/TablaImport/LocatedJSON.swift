import TablaNotation

/// A JSON value that remembers where it was written, so a problem inside a bol string
/// can be reported at its line and column. Objects keep their keys in file order.
indirect enum LocatedJSON {
    /// One `"key": value` of an object.
    struct Member {
        var key: String
        var value: LocatedJSON
    }

    case object([Member], SourceLocation)
    case array([LocatedJSON], SourceLocation)
    /// The decoded text and, for each of its Unicode scalars, where it was written.
    case string(String, [SourceLocation], SourceLocation)
    case number(Double, SourceLocation)
    case bool(Bool, SourceLocation)
    case null(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .object(_, let l), .array(_, let l), .string(_, _, let l), .number(_, let l), .bool(_, let l), .null(let l): l
        }
    }

    /// The member `key` of an object (keys compared case-insensitively).
    subscript(key: String) -> LocatedJSON? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    var string: String? { if case .string(let s, _, _) = self { s } else { nil } }

    /// A short name of the value's kind for messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }

    struct SyntaxError: Error {
        var location: SourceLocation
        var message: String
    }

    /// Parses a whole document.
    static func parse(_ text: String) throws(SyntaxError) -> LocatedJSON {
        var p = Parser(scalars: Array(text.unicodeScalars))
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        if p.i < p.scalars.count { throw SyntaxError(location: p.here, message: "unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0
        var line = 1
        var column = 1

        var here: SourceLocation { SourceLocation(line: line, column: column) }
        var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

        mutating func advance() {
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
        }

        mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(SyntaxError) {
            guard peek == c else {
                throw SyntaxError(location: here, message: "expected \(what)\(peek.map { " but found '\($0)'" } ?? " but the file ends")")
            }
            advance()
        }

        mutating func value(depth: Int) throws(SyntaxError) -> LocatedJSON {
            guard depth < 64 else { throw SyntaxError(location: here, message: "nested too deeply") }
            let start = here
            guard let c = peek else { throw SyntaxError(location: here, message: "the file ends where a value should be") }
            switch c {
            case "{":
                advance()
                var members: [Member] = []
                skipSpace()
                if peek == "}" { advance(); return .object(members, start) }
                while true {
                    skipSpace()
                    guard peek == "\"" else { throw SyntaxError(location: here, message: "expected a quoted key") }
                    let (key, _) = try string()
                    skipSpace()
                    try expect(":", "':' after the key")
                    skipSpace()
                    members.append(Member(key: key, value: try value(depth: depth + 1)))
                    skipSpace()
                    if peek == "," { advance(); continue }
                    try expect("}", "',' or '}'")
                    return .object(members, start)
                }
            case "[":
                advance()
                var items: [LocatedJSON] = []
                skipSpace()
                if peek == "]" { advance(); return .array(items, start) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == "," { advance(); continue }
                    try expect("]", "',' or ']'")
                    return .array(items, start)
                }
            case "\"":
                let (s, locations) = try string()
                return .string(s, locations, start)
            case "t", "f", "n":
                for (word, result) in [("true", LocatedJSON.bool(true, start)), ("false", .bool(false, start)), ("null", .null(start))]
                where scalars[i...].starts(with: word.unicodeScalars) {
                    for _ in word.unicodeScalars { advance() }
                    return result
                }
                throw SyntaxError(location: start, message: "unexpected '\(c)'")
            default:
                var text = ""
                while let d = peek, "+-0123456789.eE".unicodeScalars.contains(d) { text.unicodeScalars.append(d); advance() }
                guard let number = Double(text) else { throw SyntaxError(location: start, message: "unexpected '\(c)'") }
                return .number(number, start)
            }
        }

        mutating func string() throws(SyntaxError) -> (String, [SourceLocation]) {
            let start = here
            advance()
            var out = String.UnicodeScalarView()
            var locations: [SourceLocation] = []
            while true {
                guard let c = peek, c != "\n" else { throw SyntaxError(location: start, message: "unterminated string") }
                let at = here
                advance()
                if c == "\"" { return (String(out), locations) }
                if c == "\\" {
                    guard let e = peek else { throw SyntaxError(location: at, message: "unterminated string") }
                    advance()
                    switch e {
                    case "n", "t", "r", "b", "f": out.append(" ")
                    case "u":
                        var hex = ""
                        for _ in 0..<4 { if let h = peek { hex.unicodeScalars.append(h); advance() } }
                        out.append(UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "?")
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
                locations.append(at)
            }
        }
    }
}
