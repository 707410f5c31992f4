import TablaNotation

/// Bols per matra for generation: one number (`2`: dugun throughout) or a per-matra
/// pattern repeated over the cycle (`1,2,2,4` or `"1 2 2 4"`).
public struct Layakari: Sendable, Equatable, CustomStringConvertible {
    /// Bols in each matra, cycled.
    public var pattern: [Int]

    /// Creates a layakari from a pattern of 1 to 16 bols per matra.
    public init(_ pattern: [Int]) {
        precondition(!pattern.isEmpty && pattern.allSatisfy { (1...16).contains($0) })
        self.pattern = pattern
    }

    /// Reads `2`, `1,2,2,4` or `1 2 2 4`; nil if it is not such a list.
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" })
        let numbers = parts.compactMap { Int($0) }
        guard !parts.isEmpty, numbers.count == parts.count, numbers.allSatisfy({ (1...16).contains($0) }) else { return nil }
        self.init(numbers)
    }

    /// Bols in the matra at `index` (0-based from the first generated matra).
    public func pulses(at index: Int) -> Int { pattern[index % pattern.count] }

    public var description: String { pattern.map(String.init).joined(separator: ",") }
}

/// The fixed grid of slots the decoder fills: chosen before decoding from the taal and
/// the layakari, so every generated cycle has exactly the taal's matras.
public struct GenerationGrid: Sendable {
    /// The taal.
    public let taal: Taal
    /// Matra (1-based within the cycle) of the first generated matra.
    public let startMatra: Int
    /// Bols per generated matra.
    public let matraSizes: [Int]

    /// A grid from `startMatra` to the end of the last of `cycles` cycles.
    ///
    /// `primerMatras` matras are already written before `startMatra`; generation fills
    /// the rest of the primer's cycle and further cycles up to `cycles` in all.
    public init(taal: Taal, cycles: Int, layakari: Layakari, primerMatras: Int = 0) {
        self.taal = taal
        // The primer ends somewhere in a cycle; generation finishes that cycle at least.
        let next = CycleGrid(taal: taal, pulseCounts: []).matra(primerMatras)
        let primerCycles = next.matra == 1 ? next.cycle : next.cycle + 1
        let total = max(cycles, primerCycles) * taal.matras
        startMatra = next.matra
        matraSizes = (0..<(total - primerMatras)).map { layakari.pulses(at: primerMatras + $0) }
    }

    /// The grid of the generated matras.
    public var grid: CycleGrid { CycleGrid(taal: taal, start: startMatra, pulseCounts: matraSizes) }

    /// Every slot in time order.
    public var slots: [Slot] { grid.pulses.map { Slot(taal: taal, $0) } }

    /// Groups decoded pulses back into matras.
    public func matras(_ pulses: [Pulse]) -> [Matra] {
        var out: [Matra] = []
        var k = 0
        for size in matraSizes {
            out.append(Matra(Array(pulses[k..<(k + size)])))
            k += size
        }
        return out
    }
}
