/// A Bhatkhande vibhag mark: what the hands do on the first matra of a vibhag.
public enum VibhagMark: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Sam, the first matra of the cycle, clapped: written `X`.
    case sam
    /// A later clap (taali), numbered in order: written `2`, `3`, `4`...
    case taali(Int)
    /// A wave (khali): written `0`. May fall on sam (Rupak).
    case khali

    /// The mark as written above the matra: `X`, `2`, `0`.
    public var symbol: String {
        switch self {
        case .sam: "X"
        case .taali(let n): String(n)
        case .khali: "0"
        }
    }

    public var description: String { symbol }

    /// Reads `X`, `x` or `+` (sam), `0` (khali) or a taali number.
    public init?(symbol: String) {
        switch symbol {
        case "X", "x", "+": self = .sam
        case "0": self = .khali
        default:
            guard let n = Int(symbol), n >= 1, n <= 99 else { return nil }
            self = n == 1 ? .sam : .taali(n)
        }
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let mark = VibhagMark(symbol: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad mark \(s)"))
        }
        self = mark
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(symbol)
    }
}

/// A taal: a rhythmic cycle of matras grouped into vibhags, each with a mark.
///
/// ```swift
/// let teentaal = TaalCatalogue.standard.taal(named: "tintal")!
/// teentaal.matras          // 16
/// teentaal.vibhagEnds      // [4, 8, 12, 16]
/// teentaal.mark(atMatra: 9) // .khali
/// ```
public struct Taal: Hashable, Sendable {
    /// Display name, e.g. `Teentaal`.
    public var name: String
    /// Other names users type for it (`Tintal`, `Trital`).
    public var aliases: [String]
    /// Number of matras in each vibhag, in order.
    public var vibhags: [Int]
    /// The mark over the first matra of each vibhag.
    public var marks: [VibhagMark]
    /// The theka as written notation (bars included), or empty if none is known.
    public var theka: String

    /// Creates a taal; `vibhags` and `marks` must have the same, nonzero count.
    public init(name: String, aliases: [String] = [], vibhags: [Int], marks: [VibhagMark], theka: String = "") {
        precondition(!vibhags.isEmpty && vibhags.count == marks.count && vibhags.allSatisfy { $0 > 0 })
        self.name = name
        self.aliases = aliases
        self.vibhags = vibhags
        self.marks = marks
        self.theka = theka
    }

    /// Matras in one cycle (avartan).
    public var matras: Int { vibhags.reduce(0, +) }

    /// The matra (1-based) after which each vibhag ends: `[4, 8, 12, 16]` for Teentaal.
    public var vibhagEnds: [Int] {
        var sum = 0
        return vibhags.map { sum += $0; return sum }
    }

    /// The matra (1-based) on which each vibhag starts.
    public var vibhagStarts: [Int] { [1] + vibhagEnds.dropLast().map { $0 + 1 } }

    /// Index of the vibhag holding matra `m` (1-based, within one cycle).
    public func vibhagIndex(ofMatra m: Int) -> Int {
        var end = 0
        for (i, length) in vibhags.enumerated() {
            end += length
            if m <= end { return i }
        }
        return vibhags.count - 1
    }

    /// The mark of the vibhag holding matra `m` (1-based, within one cycle).
    public func mark(atMatra m: Int) -> VibhagMark { marks[vibhagIndex(ofMatra: m)] }

    /// Whether the taal has a khali vibhag at all (Tivra has none).
    public var hasKhali: Bool { marks.contains(.khali) }

    /// `4+4+4+4`.
    public var vibhagSummary: String { vibhags.map(String.init).joined(separator: "+") }
    /// `X 2 0 3`.
    public var markSummary: String { marks.map(\.symbol).joined(separator: " ") }
}
