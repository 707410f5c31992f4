/// The 64-bit FNV-1a hash: what tabla records to recognise a file (a corpus entry, a
/// model) wherever it is. Not for security.
///
/// ```swift
/// FNV1a64.hex(Array("a".utf8))  // "af63dc4c8601ec8c"
/// ```
public enum FNV1a64 {
    /// The hash before any byte.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// The multiplier applied after each byte.
    public static let prime: UInt64 = 0x100_0000_01B3

    /// Folds `bytes` into `hash` (start from ``offsetBasis``).
    @inlinable
    public static func update<S: Sequence>(_ hash: UInt64, with bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = hash
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// The hash of `bytes`.
    @inlinable
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        update(offsetBasis, with: bytes)
    }

    /// The hash of `bytes` as 16 lowercase hex digits.
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let hex = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
