/// Tokenizer for `[name key=value ...]` section lines and inline taal definitions.
enum SectionAttributes {
    struct Token: Equatable {
        /// The key of a `key=value` token, lowercased; nil for a bare word.
        var key: String?
        var value: String
        /// Offset of the token in Unicode scalars from the start of the text.
        var offset: Int
    }

    /// Splits on whitespace; `key=value` and `key="quoted value"` become keyed tokens.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
            guard i < scalars.count else { break }
            let start = i
            var key: String?
            var value = String.UnicodeScalarView()
            var inQuotes = false
            while i < scalars.count, inQuotes || !scalars[i].properties.isWhitespace {
                let s = scalars[i]
                if s == "\"" {
                    inQuotes.toggle()
                } else if s == "=", key == nil, !inQuotes, !value.isEmpty {
                    key = String(value).lowercased()
                    value = String.UnicodeScalarView()
                } else {
                    value.append(s)
                }
                i += 1
            }
            tokens.append(Token(key: key, value: String(value), offset: start))
        }
        return tokens
    }
}
