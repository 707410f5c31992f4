/// A small, fast, seeded random generator (SplitMix64), passed explicitly wherever
/// TablaML draws random numbers so that a seed reproduces a run bit for bit.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = Float.random(in: -1..<1, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's whole state; two generators with equal state yield equal streams.
    public private(set) var state: UInt64

    /// Creates a generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniform in [0, 1) built from 24 random bits, so every value is exact.
    @inline(__always)
    mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }
}
