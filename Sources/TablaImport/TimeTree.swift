import TablaNotation

/// Strokes sharing a span of time evenly: a matra of slots, a slot of several syllables
/// (CompMusic `TRA,KA`), a unit of several strokes (Bol Processor `tr`).
///
/// The notation core has no grouping syntax yet, so a tree is written exactly on one even
/// grid: the matra gets as many pulses as the least common multiple its parts need, each
/// part its share, and the pulses after a stroke inside its share are rests (in `.bol` a
/// rest means the previous stroke rings on). `DHA - TRA,KA DHI` becomes
/// `Dha - - - Tra Ka Dhi -`: eight pulses, each original slot two of them.
indirect enum TimeTree: Hashable {
    /// One stroke or rest.
    case pulse(Pulse)
    /// Parts sharing the span evenly.
    case group([TimeTree])

    /// Pulses the span needs so every part starts on a pulse, or more than
    /// ``maxPulsesPerMatra`` (capped, so hostile input cannot overflow) when that is too many.
    var resolution: Int {
        let cap = maxPulsesPerMatra + 1
        switch self {
        case .pulse: return 1
        case .group(let parts):
            guard !parts.isEmpty, parts.count < cap else { return parts.isEmpty ? 1 : cap }
            var common = 1
            for part in parts {
                common = lcm(common, part.resolution)
                if common >= cap { return cap }
            }
            return min(cap, parts.count * common)
        }
    }

    /// The span written on the finest even grid that keeps every onset in place.
    var pulses: [Pulse] {
        let n = resolution
        var out = [Pulse](repeating: .rest, count: n)
        fill(&out, from: 0, width: n)
        return out
    }

    private func fill(_ out: inout [Pulse], from start: Int, width: Int) {
        switch self {
        case .pulse(let p): out[start] = p
        case .group(let parts):
            guard !parts.isEmpty else { return }
            let share = width / parts.count
            for (i, part) in parts.enumerated() { part.fill(&out, from: start + i * share, width: share) }
        }
    }

    /// A unit holding several strokes: a single pulse stays a pulse.
    static func unit(_ pulses: [Pulse]) -> TimeTree {
        pulses.count == 1 ? .pulse(pulses[0]) : .group(pulses.map(TimeTree.pulse))
    }
}

func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }

/// The most pulses one imported matra may take; a finer grid is reported, not written.
let maxPulsesPerMatra = 64

/// Where a section that is not a whole number of cycles starts, and how it ends.
enum Placement {
    /// `start` and `ends` for a section of `matras` matras in a taal of `cycle` matras.
    ///
    /// A whole number of cycles starts on sam; one matra more lands on sam. Otherwise the
    /// source did not say where the section starts: a piece that lands on sam (a tihai, a
    /// lone final bol) is placed so its last bol falls on sam, anything else so it ends
    /// with the cycle. `inferred` tells the caller to report the guess.
    static func place(matras: Int, cycle: Int, landsOnSam: Bool) -> (start: Int, ends: Ending, inferred: Bool) {
        let r = matras % cycle
        if r == 0 { return (1, .cycle, false) }
        if r == 1 { return (1, .sam, false) }
        if landsOnSam {
            return ((((1 - matras) % cycle) + cycle) % cycle + 1, .sam, true)
        }
        return ((((-matras) % cycle) + cycle) % cycle + 1, .cycle, true)
    }

    /// The sentence reporting an inferred start.
    static func message(section: String, matras: Int, taal: Taal, start: Int, ends: Ending) -> String {
        let landing = ends == .sam ? "its last bol lands on sam" : "it ends with the cycle"
        return "\(section) has \(matras) matras, not a whole number of \(taal.name) cycles (\(taal.matras)): "
            + "written with 'start: \(start)' so \(landing); check where it starts"
    }
}
