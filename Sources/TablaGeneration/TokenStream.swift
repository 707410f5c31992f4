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
        for (position, pulse) in zip(section.grid.pulses, section.pulses) {
            tokens.append(vocabulary.token(pulse))
            slots.append(Slot(taal: section.taal, position))
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

extension Slot {
    /// The slot of a pulse at `position` of a grid in `taal`.
    public init(taal: Taal, _ position: CycleGrid.PulsePosition) {
        self.init(taal: taal, matra: position.matra.matra, pulse: position.pulse, pulsesInMatra: position.pulsesInMatra,
                  isLanding: position.matra.isLanding)
    }
}
