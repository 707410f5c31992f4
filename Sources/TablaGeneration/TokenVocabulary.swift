import TablaNotation

/// The model's tokens: a section boundary, the rest, and every bol of the vocabulary.
///
/// Token ids are stable for a given bol vocabulary and are stored in the checkpoint, so a
/// model trained with one vocabulary is refused by a build with another.
public struct TokenVocabulary: Sendable, Equatable {
    /// Token 0: the start of a section (a boundary between streams).
    public static let boundary: Int32 = 0
    /// Token 1: a rest.
    public static let rest: Int32 = 1

    /// Token names in id order: `<s>`, `-`, then canonical bol names.
    public let names: [String]

    /// The vocabulary of this build.
    public static let standard = TokenVocabulary(names: ["<s>", "-"] + Bol.all.map(\.name))

    /// Creates a vocabulary from names (as stored in a checkpoint).
    public init(names: [String]) { self.names = names }

    /// Number of tokens.
    public var count: Int { names.count }

    /// The token for a pulse. A user-defined bol is read as the shipped bol it stands
    /// for (same strokes, or its `like=`): the model only has tokens for shipped bols.
    public func token(_ pulse: Pulse) -> Int32 {
        switch pulse {
        case .rest: Self.rest
        case .bol(let b): Int32(b.shippedEquivalent.index + 2)
        }
    }

    /// The pulse for a token, or nil for the boundary.
    public func pulse(_ token: Int32) -> Pulse? {
        switch token {
        case Self.boundary: nil
        case Self.rest: .rest
        default: .bol(Bol.all[Int(token) - 2])
        }
    }
}
