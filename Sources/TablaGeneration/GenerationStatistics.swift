import Foundation
import TablaNotation

/// How generated cycles compare with the corpus: bol and bigram statistics (Jensen-Shannon
/// divergence) and looping (cycles that repeat an earlier one of the same piece).
public enum GenerationStatistics {
    /// Relative frequencies of the pulses (bols by canonical name, `-` for a rest) of `sections`.
    public static func bols(_ sections: [Section]) -> [String: Double] {
        var counts: [String: Double] = [:]
        for section in sections { for p in section.pulses { counts[name(p), default: 0] += 1 } }
        return normalised(counts)
    }

    /// Relative frequencies of consecutive pulse pairs within each section.
    public static func bigrams(_ sections: [Section]) -> [String: Double] {
        var counts: [String: Double] = [:]
        for section in sections {
            let pulses = section.pulses
            for (a, b) in zip(pulses, pulses.dropFirst()) { counts[name(a) + " " + name(b), default: 0] += 1 }
        }
        return normalised(counts)
    }

    /// Jensen-Shannon divergence in bits (0 for equal distributions, 1 for disjoint ones).
    public static func jensenShannon(_ p: [String: Double], _ q: [String: Double]) -> Double {
        var d = 0.0
        for key in Set(p.keys).union(q.keys) {
            let a = p[key] ?? 0, b = q[key] ?? 0, m = (a + b) / 2
            if a > 0 { d += 0.5 * a * Foundation.log2(a / m) }
            if b > 0 { d += 0.5 * b * Foundation.log2(b / m) }
        }
        return d
    }

    /// Share of the complete cycles of `sections` (after each section's first) that repeat
    /// an earlier cycle of the same section bol for bol: a decoder stuck in a loop scores 1.
    public static func repeatedCycleShare(_ sections: [Section]) -> Double {
        var repeated = 0, total = 0
        for section in sections {
            var seen = Set<String>()
            for (i, cycle) in Metrics.cycles([section], taal: section.taal).enumerated() {
                let text = cycle.map { $0.map(name).joined(separator: ".") }.joined(separator: " ")
                if i > 0 {
                    total += 1
                    if seen.contains(text) { repeated += 1 }
                }
                seen.insert(text)
            }
        }
        return Double(repeated) / Double(max(1, total))
    }

    /// Distinct runs of `n` bols over all runs of `n` bols, pooled over `sections` (each
    /// counted within its piece): a decoder stuck on a short phrase scores near 0.
    public static func distinctShare(_ sections: [Section], n: Int = 4) -> Double {
        var distinct = 0, total = 0
        for section in sections {
            let names = section.pulses.map(name)
            guard names.count >= n else { continue }
            var seen = Set<[String]>()
            for i in 0...(names.count - n) { seen.insert(Array(names[i..<(i + n)])) }
            distinct += seen.count
            total += names.count - n + 1
        }
        return Double(distinct) / Double(max(1, total))
    }

    private static func name(_ p: Pulse) -> String { p.bol?.name ?? "-" }

    private static func normalised(_ counts: [String: Double]) -> [String: Double] {
        let total = counts.values.reduce(0, +)
        return total > 0 ? counts.mapValues { $0 / total } : counts
    }
}
