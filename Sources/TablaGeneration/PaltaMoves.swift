import TablaNotation

/// A palta's bhari half made by rule from the theme's own units, with what was done.
public struct PaltaCandidate: Sendable, Hashable {
    /// The palta's bhari half, matra by matra; it ends on the theme's cadence.
    public var bhari: [Matra]
    /// The move that made it, as a player says it: `DhaTi DhaGe doubled`.
    public var move: String
    /// The kind of move, for diversity when choosing.
    public var kind: PaltaMoves.Kind
}

/// The palta moves of TABLA.md ("Palta moves") over a theme's bhari half: split the
/// part before the cadence into units at matra boundaries, then double a unit, repeat
/// the opening unit, reorder units, replace a unit by another of the same length, or
/// expand the half to twice its length. Every candidate keeps the cadence and uses only
/// the theme's own matras, so it can hold no bol outside the theme.
public enum PaltaMoves {
    /// The kinds of move, in the order paltas usually grow through a performance.
    public enum Kind: Int, Sendable, Hashable, Comparable, CaseIterable {
        case double, repeatOpening, reorder, replace, expand

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// Matras at the end of a bhari half that hold its cadence: the closed cadence the
    /// khali transform finds, at least one matra and at least four bols, whole matras.
    public static func cadenceMatras(of bhari: [Matra]) -> Int {
        let pulses = max(4, KhaliTransform.cadenceLength(of: bhari))
        var matras = 0, covered = 0
        for m in bhari.reversed() where covered < pulses {
            covered += m.pulses.count
            matras += 1
        }
        return min(max(1, matras), max(1, bhari.count - 1))
    }

    /// Every distinct candidate for the theme's bhari half `bhari`, none equal to it.
    public static func candidates(bhari: [Matra]) -> [PaltaCandidate] {
        let c = cadenceMatras(of: bhari)
        let body = Array(bhari.dropLast(c))
        let cadence = Array(bhari.suffix(c))
        var seen: Set<[[Pulse]]> = [bhari.map(\.pulses)]
        var out: [PaltaCandidate] = []
        func add(_ matras: [Matra], _ move: String, _ kind: Kind) {
            let key = matras.map(\.pulses)
            guard seen.insert(key).inserted else { return }
            out.append(PaltaCandidate(bhari: matras.map { Matra($0.pulses) }, move: move, kind: kind))
        }
        var sameLength: [[Matra]] = [body]
        for size in unitSizes(bodyMatras: body.count, cadenceMatras: c) {
            let units = stride(from: 0, to: body.count, by: size).map { Array(body[$0..<($0 + size)]) }
            let k = units.count
            guard k >= 2 else { continue }
            func emit(_ us: [[Matra]], _ move: String, _ kind: Kind) {
                let b = Array(us.joined())
                sameLength.append(b)
                add(b + cadence, move, kind)
            }
            for j in 0..<(k - 1) where units[j + 1] != units[j] {
                var us = units
                us[j + 1] = units[j]
                emit(us, "\(name(units[j])) doubled", .double)
            }
            for r in 2...k {
                let us = Array(repeating: units[0], count: r) + units[1..<(k - r + 1)]
                emit(Array(us), "\(name(units[0])) played \(r) times to open", .repeatOpening)
            }
            for i in 0..<k {
                for j in (i + 1)..<k where units[i] != units[j] {
                    var us = units
                    us.swapAt(i, j)
                    emit(us, "\(name(units[i])) and \(name(units[j])) exchanged", .reorder)
                }
            }
            for r in 1..<k {
                emit(Array(units[r...] + units[..<r]), "the units turned to start on \(name(units[r]))", .reorder)
            }
            for i in 0..<k {
                for j in 0..<k where j != i && j != i - 1 && units[i] != units[j] {
                    var us = units
                    us[i] = units[j]
                    emit(us, "\(name(units[j])) in place of \(name(units[i]))", .replace)
                }
            }
        }
        // Expansion: a variation of the body leading into the theme's opening, then the
        // body and the cadence: the half at twice its length.
        let lead = Array(body.prefix(c))
        if lead.count == c {
            for variant in sameLength {
                let expanded = variant + lead + body + cadence
                let what = variant.map(\.pulses) == body.map(\.pulses) ? "the theme's body" : name(variant)
                add(expanded, "expanded to twice the length, opening with \(what)", .expand)
            }
        }
        return out
    }

    /// Unit sizes in matras that divide the body: the cadence's size, half of it, and
    /// twice it.
    static func unitSizes(bodyMatras: Int, cadenceMatras c: Int) -> [Int] {
        var sizes: [Int] = []
        for s in [c / 2, c, 2 * c] where s >= 1 && bodyMatras % s == 0 && bodyMatras / s >= 2 && !sizes.contains(s) {
            sizes.append(s)
        }
        if sizes.isEmpty && bodyMatras >= 2 { sizes.append(1) }
        return sizes
    }

    static func name(_ matras: [Matra]) -> String {
        matras.map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " ")
    }
}
