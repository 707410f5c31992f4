/// Bols that share one pulse of a matra, written in parentheses: `Dha(TiRa)KiTa` is
/// four equal pulses, the second split between Ti and Ra.
///
/// A matra stays a list of evenly spaced slots: a grouped matra is expanded to the least
/// common subdivision of its pulses, each bol followed by rests to fill its share (a
/// rest means "the previous stroke rings on", so the sound is the same). `Dha(TiRa)KiTa`
/// becomes the eight slots `Dha - Ti Ra Ki - Ta -`, exact in time for rendering and the
/// model's tokens with no change to them. ``Matra/units`` keeps how many bols each pulse
/// held, so the printer writes the group back as it was written.
enum Grouping {
    /// Whether a word uses the grouping syntax.
    static func isGrouped(_ w: ArraySlice<UInt8>) -> Bool {
        w.contains(UInt8(ascii: "(")) || w.contains(UInt8(ascii: ")"))
    }

    /// Splits a word with groups into its expanded slots and its units (bols per pulse).
    static func split(_ w: [UInt8], splitter: BolSplitter) -> Result<(pulses: [Pulse], units: [Int]), BolSplitter.Failure> {
        var units: [[Pulse]] = []
        var k = 0
        var segmentStart = 0
        var open: Int? = nil
        func scalars(_ to: Int) -> Int { w[0..<to].filter { $0 & 0xC0 != 0x80 }.count }
        func piece(_ from: Int, _ to: Int) -> Result<[Pulse], BolSplitter.Failure> {
            switch splitter.split(Array(w[from..<to])) {
            case .success(let p): return .success(p)
            case .failure(var f):
                f.scalarOffset += scalars(from)
                return .failure(f)
            }
        }
        let text = BolSplitter.printable(String(decoding: w, as: UTF8.self))
        while k <= w.count {
            let b: UInt8? = k < w.count ? w[k] : nil
            if b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == nil {
                if b == UInt8(ascii: "("), open != nil {
                    return .failure(.init(message: "groups cannot nest in '\(text)'; write the bols of one pulse inside one pair of parentheses",
                                          scalarOffset: scalars(k)))
                }
                if b == UInt8(ascii: ")"), open == nil {
                    return .failure(.init(message: "')' without '(' in '\(text)'", scalarOffset: scalars(k)))
                }
                if b == nil, let o = open {
                    return .failure(.init(message: "'(' is not closed in '\(text)'; write ')' after the bols that share the pulse",
                                          scalarOffset: scalars(o)))
                }
                if open != nil {
                    // The group: one pulse.
                    guard k > segmentStart else {
                        return .failure(.init(message: "empty group '()' in '\(text)'", scalarOffset: scalars(k - 1)))
                    }
                    switch piece(segmentStart, k) {
                    case .success(let p): units.append(p)
                    case .failure(let f): return .failure(f)
                    }
                    open = nil
                } else if k > segmentStart, w[segmentStart..<k].contains(where: { $0 != UInt8(ascii: ".") }) {
                    // Outside a group every bol is a pulse of its own.
                    switch piece(segmentStart, k) {
                    case .success(let p): units += p.map { [$0] }
                    case .failure(let f): return .failure(f)
                    }
                }
                if b == UInt8(ascii: "(") { open = k }
                segmentStart = k + 1
            }
            k += 1
        }
        let sizes = units.map(\.count)
        // Capped before multiplying: coprime group sizes grow the subdivision fast.
        let slots = sizes.reduce(1) { min(lcm($0, $1), maxSlots + 1) }
        guard sizes.count * slots <= maxSlots else {
            return .failure(.init(message: "'\(text)' needs more than \(maxSlots) even slots to keep its groups exact; split it over more matras",
                                  scalarOffset: 0))
        }
        var pulses: [Pulse] = []
        for unit in units {
            for p in unit {
                pulses.append(p)
                pulses += repeatElement(.rest, count: slots / unit.count - 1)
            }
        }
        return .success((pulses, sizes))
    }

    /// The units back from expanded slots, or nil if the slots are not such an expansion.
    static func units(_ pulses: [Pulse], sizes: [Int]) -> [[Pulse]]? {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { return nil }
        let slots = sizes.reduce(1) { lcm($0, $1) }
        guard sizes.count * slots == pulses.count else { return nil }
        var out: [[Pulse]] = []
        for (i, size) in sizes.enumerated() {
            let share = pulses[(i * slots)..<((i + 1) * slots)]
            let step = slots / size
            var unit: [Pulse] = []
            for (j, p) in share.enumerated() {
                if j % step == 0 { unit.append(p) } else if p != .rest { return nil }
            }
            out.append(unit)
        }
        return out
    }

    /// The most slots a grouped matra may expand to.
    static let maxSlots = 64

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    static func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
}
