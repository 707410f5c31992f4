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
            append(section, role: SectionRole(section: section, form: composition.form), vocabulary: vocabulary)
        }
    }

    /// Appends a boundary then the section's pulses, told what the section does.
    public mutating func append(_ section: Section, role: SectionRole = .other, vocabulary: TokenVocabulary = .standard) {
        tokens.append(TokenVocabulary.boundary)
        slots.append(nil)
        let layout = Slot.layout(taal: section.taal, start: section.start, matraSizes: section.matras.map { $0.pulses.count },
                                 ends: section.ends, role: role)
        for (slot, pulse) in zip(layout, section.pulses) {
            tokens.append(vocabulary.token(pulse))
            slots.append(slot)
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
