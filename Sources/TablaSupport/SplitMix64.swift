/// A small, fast, seeded random generator (Steele, Lea and Flood's SplitMix64).
///
/// Everything random in tabla (noise in synthesised strikes, humanised timing, the choice
/// of takes, weight initialisation, dropout, sampling, random test inputs) draws from one
/// of these, passed in explicitly, so every command with `--seed` is reproducible.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = Double.random(in: 0..<1, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's whole state; two generators with equal state yield equal streams.
    public var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [-1, 1), from the top 24 bits so Float and Double agree.
    @inlinable
    public mutating func nextSigned() -> Double {
        Double(next() >> 40) / Double(1 << 23) - 1
    }

    /// A double uniform in [0, 1) built from 53 random bits, so every value is exact.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A float uniform in [0, 1) built from 24 random bits, so every value is exact.
    @inlinable
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }
}
