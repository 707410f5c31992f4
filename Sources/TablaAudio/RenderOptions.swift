import Foundation

/// How a composition is turned into audio.
public struct RenderOptions: Sendable {
    /// Matras per minute for every section, overriding the file; nil keeps the file's.
    public var laya: Double?
    /// Render only the section with this name (case-insensitive).
    public var section: String?
    /// How many times the composition (or section) is played.
    public var repeatCount: Int = 1
    /// Maximum timing jitter in milliseconds; levels then vary by up to ±1.5 dB too.
    public var humanize: Double = 0
    /// Seeds the humanising jitter and random take choice.
    public var seed: UInt64 = 0
    /// Which take of a bol with several is played each time.
    public var takeOrder: TakeOrder = .inTurn
    /// Adds a soft clap on sam and taali, a tick on khali.
    public var click: Bool = false
    /// Extra level on the first bol of sam, in dB.
    public var samAccent: Double = 2
    /// Scales the result so its peak is -1 dBFS.
    public var normalize: Bool = true
    /// Cycles of theka played before the piece (see ``leadIn(before:in:)``).
    public var countIn: Int = 0
    /// Lehra, tanpura and the levels of each part.
    public var accompaniment = Accompaniment()
    /// Plays every take of a bol at the bol's mean loudness (RMS of the 50 ms from
    /// the hit), for banks whose takes were recorded at uneven levels. Off by default:
    /// real takes differ in loudness on purpose, a softer stroke being darker.
    public var normalizeTakes: Bool = false
    /// The longest piece rendered, in seconds (24 hours by default): a composition
    /// that would play longer is refused before anything is allocated.
    public var longestRender: Double = 24 * 3600
    /// How long sounds may ring on after the last matra ends, in seconds: a very long
    /// recording in a bank does not stretch the render to its own length.
    public var ringOut: Double = 5

    /// Tempo used when neither the options nor the file give one.
    public static let defaultLaya = 60.0
    /// Shortest and longest fade that cuts a sound when its drum is struck again: a
    /// hand damps a ringing skin over 15-30 ms, not instantly.
    public static let chokeFade: ClosedRange<Double> = 0.015...0.030

    /// The choke fade for a sound struck `gap` seconds before the stroke that stops
    /// it: a quarter of the gap, within ``chokeFade`` (fast strokes are damped
    /// sooner, as a hand already on the skin would).
    public static func chokeSeconds(gap: Double) -> Double {
        min(chokeFade.upperBound, max(chokeFade.lowerBound, gap / 4))
    }
    /// Delay of each later stroke of a flam (Kran, Tra) after the first.
    public static let flamSeconds = 0.025
    /// Click-track level relative to the strokes, in dB.
    public static let clickLevel = -12.0
    /// Target peak, -1 dBFS.
    public static let peak = Float(pow(10, -1.0 / 20))

    /// Options with the defaults.
    public init() {}
}

/// How the takes of a bol recorded several times are chosen.
public enum TakeOrder: String, Sendable, CaseIterable {
    /// First, second, third... and round again.
    case inTurn = "in-turn"
    /// At random (seeded), never the same take twice in a row when there are several.
    case random
}
