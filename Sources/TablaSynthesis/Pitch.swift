import Foundation

/// A tonic pitch (Sa) given as a note name or a frequency.
///
/// ```swift
/// Pitch(parsing: "C#4")?.hertz   // 277.18...
/// Pitch(parsing: "277.2")?.hertz // 277.2
/// ```
public struct Pitch: Hashable, Sendable, CustomStringConvertible {
    /// The frequency in hertz.
    public var hertz: Double

    /// The frequencies a tabla tonic can sensibly have; outside them the bank would
    /// be retuned by more than the drums can be.
    public static let range: ClosedRange<Double> = 20...4000

    /// Creates a pitch from a frequency.
    public init(hertz: Double) { self.hertz = hertz }

    /// The dayan's default tonic, C#4 (277.18 Hz), the pitch of the bundled bank.
    public static let defaultSa = Pitch(parsing: "C#4")!

    /// Reads scientific pitch notation (`C#4`, `Db4`, `d4`, A4 = 440 Hz) or hertz
    /// (`277.2`, `277.2Hz`); nil for anything else or a frequency outside ``range``.
    public init?(parsing text: String) {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasSuffix("hz") { t = String(t.dropLast(2)).trimmingCharacters(in: .whitespaces) }
        if let hz = Double(t) {
            guard hz.isFinite, Pitch.range.contains(hz) else { return nil }
            self.hertz = hz
            return
        }
        let scalars = Array(t.unicodeScalars)
        guard let first = scalars.first else { return nil }
        let steps: [Character: Int] = ["c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11]
        guard let step = steps[Character(String(first).lowercased())] else { return nil }
        var semitone = step
        var rest = scalars.dropFirst()
        while let c = rest.first, c == "#" || c == "b" || c == "♯" || c == "♭" {
            semitone += (c == "#" || c == "♯") ? 1 : -1
            rest = rest.dropFirst()
        }
        guard let octave = Int(String(String.UnicodeScalarView(rest))), (-1...9).contains(octave) else { return nil }
        let midi = Double((octave + 1) * 12 + semitone)
        let hz = 440 * pow(2, (midi - 69) / 12)
        guard Pitch.range.contains(hz) else { return nil }
        self.hertz = hz
    }

    /// The frequency with two decimals, e.g. `277.18 Hz`.
    public var description: String { String(format: "%.2f Hz", hertz) }
}
