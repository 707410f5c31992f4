/// A small, fast, seeded random generator (Steele, Lea and Flood's SplitMix64).
///
/// Everything random in tabla's notation, sound and tests (noise in synthesised strikes,
/// humanised timing, the choice of takes, random test inputs) draws from one of these,
/// passed in explicitly, so every command with `--seed` is reproducible. The LSTM engine,
/// which depends on no other tabla module, has its own (`TablaML.SplitMix64`, same
/// algorithm).
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = Double.random(in: 0..<1, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [-1, 1), from the top 24 bits so Float and Double agree.
    public mutating func nextSigned() -> Double {
        Double(next() >> 40) / Double(1 << 23) - 1
    }
}
