import TablaNotation

/// A composition as the model reads it: tokens, each with the slot it fills.
///
/// Every section starts with a boundary token, so sections and compositions put one
/// after another don't bleed into each other.
public struct TokenStream: Sendable {
    /// Tokens in order.
    public var tokens: [Int32] = []
    /// The slot of each token; nil for boundaries.
    public var slots: [Slot?] = []

    /// Creates an empty stream.
    public init() {}

    /// The stream of a whole composition.
    public init(_ composition: Composition, vocabulary: TokenVocabulary = .standard) {
        for section in composition.sections where !section.matras.isEmpty {
            append(section, vocabulary: vocabulary)
        }
    }

    /// Appends a boundary then the section's pulses.
    public mutating func append(_ section: Section, vocabulary: TokenVocabulary = .standard) {
        tokens.append(TokenVocabulary.boundary)
        slots.append(nil)
        let n = section.taal.matras
        for (i, matra) in section.matras.enumerated() {
            let m = (section.start - 1 + i) % n + 1
            let landing = section.ends == .sam && i == section.matras.count - 1
            for (j, pulse) in matra.pulses.enumerated() {
                tokens.append(vocabulary.token(pulse))
                slots.append(Slot(taal: section.taal, matra: m, pulse: j, pulsesInMatra: matra.pulses.count, isLanding: landing))
            }
        }
    }

    /// Appends another stream.
    public mutating func append(_ other: TokenStream) {
        tokens += other.tokens
        slots += other.slots
    }

    /// Number of tokens.
    public var count: Int { tokens.count }
}
