/// Where every matra and pulse of a section falls in its taal: the one place that
/// answers "which cycle, which matra, which vibhag, on sam or not?".
///
/// A section's matras run on from `start`, wrapping at the end of each cycle. The grid
/// does that arithmetic once, so the validator, printer, renderer and model all count
/// the same way.
///
/// ```swift
/// let grid = section.grid                 // Teentaal, start: 9, 9 matras, ends: sam
/// grid.matra(0).matra                     // 9: the first bol falls on khali
/// grid.matra(0).mark                      // .khali
/// grid.matra(8).cycle                     // 1: the second cycle
/// grid.matra(8).isLanding                 // true: the last bol lands on sam
/// grid.cycles.map(\.slots)                // [[nil x 8, 0, 1, ... 7], [8, nil x 15]]
/// ```
public struct CycleGrid: Hashable, Sendable {
    /// The taal counted in.
    public let taal: Taal
    /// The matra of the cycle (1-based) on which the first matra falls.
    public let start: Int
    /// Whether the last matra is a landing sam (`ends: sam`) or closes a cycle.
    public let ends: Ending
    /// Pulses (bols and rests) in each matra, in order; its count is the number of matras.
    public let pulseCounts: [Int]

    /// A grid of `pulseCounts.count` matras starting on matra `start` of `taal`.
    public init(taal: Taal, start: Int = 1, ends: Ending = .cycle, pulseCounts: [Int]) {
        self.taal = taal
        self.start = start
        self.ends = ends
        self.pulseCounts = pulseCounts
    }

    /// The grid of a section's matras.
    public init(_ section: Section) {
        // A closure, not `\.pulses.count`: a key path here is projected at run time, matra by
        // matra, and was half the cost of parsing.
        self.init(taal: section.taal, start: section.start, ends: section.ends, pulseCounts: section.matras.map { $0.pulses.count })
    }

    /// Number of matras.
    public var count: Int { pulseCounts.count }

    /// Which half of a span a matra belongs to.
    public enum Half: String, Hashable, Sendable, Codable {
        /// The first half; of a kaida's theme or palta, the bhari (open-bayan) half.
        case first
        /// The second half; of a kaida's theme or palta, the khali half.
        case second
    }

    /// Where one matra falls.
    public struct MatraPosition: Hashable, Sendable {
        /// Index of the matra in the section, 0-based.
        public var index: Int
        /// The cycle it falls in, 0-based from the cycle holding the section's first matra.
        public var cycle: Int
        /// The matra within the cycle, 1-based (1 is sam).
        public var matra: Int
        /// The vibhag holding it, 0-based.
        public var vibhag: Int
        /// The mark of its vibhag (sam, taali, khali); Rupak's sam is `.khali`.
        public var mark: VibhagMark
        /// Whether it is the first matra of its vibhag, where the mark is shown and clapped.
        public var isVibhagStart: Bool
        /// Whether it is the last bol of an `ends: sam` section, falling on sam.
        public var isLanding: Bool
        /// The half of the cycle it starts in: the first when it starts before the cycle's
        /// midpoint (matras 1-8 of Teentaal, 1-4 of Rupak's 7).
        public var cycleHalf: Half
        /// The half of the section it belongs to, the landing sam not counted: a kaida's
        /// theme or palta is played bhari then khali.
        public var sectionHalf: Half

        /// Whether it is sam, the first matra of a cycle (whatever its mark).
        public var isSam: Bool { matra == 1 }
    }

    /// Where one pulse falls.
    public struct PulsePosition: Hashable, Sendable {
        /// The matra it is in.
        public var matra: MatraPosition
        /// Index of the pulse within its matra, 0-based.
        public var pulse: Int
        /// Pulses in its matra (the layakari there).
        public var pulsesInMatra: Int
        /// Where in its matra the pulse falls: `pulse / pulsesInMatra`, in [0, 1).
        public var fraction: Double { Double(pulse) / Double(pulsesInMatra) }
        /// Matras from the start of the section to this pulse: the index plus the fraction.
        public var offset: Double { Double(matra.index) + fraction }
        /// Where in its cycle the pulse falls, in matras from sam: 0 on sam, up to the taal's count.
        public var cycleOffset: Double { Double(matra.matra - 1) + fraction }
    }

    /// Where the matra at `index` falls. Any index works, past the end or before the start,
    /// so a grid can answer for matras about to be written.
    public func matra(_ index: Int) -> MatraPosition {
        let (cycle, m) = taal.place(start - 1 + index)
        let vibhag = taal.vibhagIndex(ofMatra: m)
        let last = count - 1
        let isLanding = ends == .sam && index == last && m == 1
        // The landing sam closes the piece; it is not half of its body.
        let body = ends == .sam ? max(1, last) : max(1, count)
        return MatraPosition(
            index: index, cycle: cycle, matra: m, vibhag: vibhag, mark: taal.marks[vibhag],
            // Without building `vibhagStarts` for every matra: this runs once a matra.
            isVibhagStart: m == 1 || taal.vibhagIndex(ofMatra: m - 1) != vibhag, isLanding: isLanding,
            cycleHalf: 2 * (m - 1) < taal.matras ? .first : .second,
            sectionHalf: 2 * index < body ? .first : .second)
    }

    /// Every matra in order.
    public var matras: [MatraPosition] { (0..<count).map(matra) }

    /// Every pulse in order.
    public var pulses: [PulsePosition] {
        var out: [PulsePosition] = []
        out.reserveCapacity(pulseCounts.reduce(0, +))
        for (i, k) in pulseCounts.enumerated() {
            let m = matra(i)
            for j in 0..<k { out.append(PulsePosition(matra: m, pulse: j, pulsesInMatra: k)) }
        }
        return out
    }

    /// One cycle of the section laid out on the taal.
    public struct Cycle: Hashable, Sendable {
        /// The cycle, 0-based from the cycle holding the section's first matra.
        public var index: Int
        /// For each matra of the taal (slot 0 is sam), the index of the section's matra
        /// there, or nil where the section has none (before `start`, after the landing sam).
        public var slots: [Int?]
        /// Whether every matra of the taal is filled.
        public var isComplete: Bool { slots.allSatisfy { $0 != nil } }
        /// Whether the cycle holds only a landing sam.
        public var isLandingSam: Bool
    }

    /// The cycles the section touches, in order; empty for a section with no matras.
    public var cycles: [Cycle] {
        var out: [Cycle] = []
        for i in 0..<count {
            let p = matra(i)
            while out.count <= p.cycle {
                out.append(Cycle(index: out.count, slots: Array(repeating: nil, count: taal.matras), isLandingSam: false))
            }
            out[p.cycle].slots[p.matra - 1] = i
            if p.isLanding, p.cycle > 0 { out[p.cycle].isLandingSam = true }
        }
        return out
    }

    /// Where the section stands in its cycle after `matras` matras: 0 on a cycle
    /// boundary, else the matras of the cycle already played (1 to the taal's count - 1).
    /// Negative counts and counts past the end work, for re-counting after a misplaced bar.
    public func cyclePosition(afterMatras matras: Int) -> Int {
        taal.place(start - 1 + matras).matra - 1
    }
}

extension Taal {
    /// The cycle (0-based, floored, so negative before the first sam) and matra
    /// (1-based) of the matra `matrasAfterSam` matras after a sam.
    ///
    /// This is the taal's one piece of modular arithmetic; everything else asks a ``CycleGrid``.
    public func place(_ matrasAfterSam: Int) -> (cycle: Int, matra: Int) {
        let n = matras
        let r = ((matrasAfterSam % n) + n) % n
        return ((matrasAfterSam - r) / n, r + 1)
    }
}

extension Section {
    /// Where every matra and pulse of the section falls in its taal.
    public var grid: CycleGrid { CycleGrid(self) }
}
