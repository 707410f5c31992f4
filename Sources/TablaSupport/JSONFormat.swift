import Foundation

/// The one JSON configuration tabla writes with: keys sorted, slashes unescaped, so equal
/// values give equal bytes and paths read as written.
///
/// ```swift
/// let data = try JSONFormat.encoder(pretty: true).encode(document)
/// ```
public enum JSONFormat {
    /// An encoder with tabla's settings; `pretty` indents for people to read.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
