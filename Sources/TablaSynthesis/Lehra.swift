import Foundation
import TablaNotation

/// A lehra (nagma): the melodic cycle a soloist plays over, one note or more a matra,
/// looped under the tabla to keep the cycle audible.
///
/// Written in sargam, one token a matra (docs/SOUND.md, "Lehra and tanpura"):
///
/// ```text
/// name: teentaal-yaman
/// taal: teentaal
/// raga: Yaman
/// N, R G M | D N S' - | N D P M | G R S -
/// ```
///
/// `S r R g G m M P d D n N` are the notes (lower case komal, `M` tivra Ma); `'` after a
/// note raises it an octave, `,` before or after lowers it (`,N` or `N,`); `-` holds the
/// note before; several notes in
/// one token share its matra evenly (`GM` is two half-matras). `|` bars are for the eye.
public struct Lehra: Hashable, Sendable {
    /// What one slot of a matra does.
    public enum Slot: Hashable, Sendable {
        /// Sounds a note: frequency as a ratio to Sa (just intonation).
        case note(ratio: Double, name: String)
        /// Holds the note before.
        case hold
    }

    /// The name `--lehra` takes (`teentaal-yaman`).
    public var name: String
    /// The taal it fits, by name (`teentaal`).
    public var taal: String
    /// The raga, if named.
    public var raga: String?
    /// The matras in order, each split evenly among its slots; a whole number of cycles.
    public var matras: [[Slot]]

    /// Creates a lehra.
    public init(name: String, taal: String, raga: String? = nil, matras: [[Slot]]) {
        self.name = name
        self.taal = taal
        self.raga = raga
        self.matras = matras
    }

    /// Ratios of the twelve notes to Sa, in just intonation as a sarangi or a tuned
    /// harmonium plays them.
    public static let ratios: [Character: Double] = [
        "S": 1, "r": 16.0 / 15, "R": 9.0 / 8, "g": 6.0 / 5, "G": 5.0 / 4, "m": 4.0 / 3, "M": 45.0 / 32,
        "P": 3.0 / 2, "d": 8.0 / 5, "D": 5.0 / 3, "n": 9.0 / 5, "N": 15.0 / 8,
    ]

    /// Reads the text format. `file` names the text in errors. `taalMatras` gives the
    /// matras of a taal name (nil when unknown), to check the lehra fills whole cycles.
    public static func parse(_ text: String, file: String, taalMatras: (String) -> Int?) throws(LehraError) -> Lehra {
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var taal: String?
        var raga: String?
        var matras: [[Slot]] = []
        var firstNote: (line: Int, column: Int)?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            func fail(_ column: Int, _ message: String) -> LehraError {
                .syntax(path: file, line: n + 1, column: column, text: raw.trimmingCharacters(in: .whitespaces), message: message)
            }
            if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter }) {
                let key = trimmed[..<colon].lowercased()
                let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "name": name = value
                case "taal": taal = value
                case "raga": raga = value
                default: throw fail(1, "unknown header '\(key)'; a lehra has name:, taal: and raga:")
                }
                continue
            }
            if firstNote == nil { firstNote = (n + 1, 1) }
            var column = 1
            for token in line.split(separator: " ", omittingEmptySubsequences: false) {
                defer { column += token.count + 1 }
                if token.isEmpty || token == "|" || token == "||" { continue }
                var slots: [Slot] = []
                var lowerNext = false
                // A token that opens with a comma writes its commas first (`,D,N`, as many
                // books do); otherwise they follow their note (`D,N,`).
                let commasFirst = token.first == ","
                for ch in token {
                    if ch == "-" { slots.append(.hold); continue }
                    if ch == ",", commasFirst {
                        lowerNext = true
                        continue
                    }
                    if ch == "'" || ch == "," {
                        guard case .note(let ratio, let name) = slots.last else { throw fail(column, "'\(ch)' marks the octave of the note before it; write S' or N,") }
                        slots[slots.count - 1] = .note(ratio: ch == "'" ? ratio * 2 : ratio / 2, name: name + String(ch))
                        continue
                    }
                    guard let ratio = ratios[ch] else {
                        throw fail(column, "'\(ch)' in '\(token)' is not a note; the notes are S r R g G m M P d D n N, with ' (upper) or , (lower) after, and - to hold")
                    }
                    slots.append(lowerNext ? .note(ratio: ratio / 2, name: String(ch) + ",") : .note(ratio: ratio, name: String(ch)))
                    lowerNext = false
                }
                if lowerNext { throw fail(column, "',' lowers a note by an octave; write ,N or N,") }
                matras.append(slots)
            }
        }
        guard let taal else { throw .syntax(path: file, line: 1, column: 1, text: "", message: "no 'taal:' line; say which taal the lehra fits") }
        guard let cycle = taalMatras(taal) else {
            throw .syntax(path: file, line: 1, column: 1, text: "taal: \(taal)", message: "unknown taal '\(taal)'; `tabla taals` lists them")
        }
        guard !matras.isEmpty, matras.count % cycle == 0 else {
            let at = firstNote ?? (1, 1)
            throw .syntax(path: file, line: at.line, column: at.column, text: "",
                          message: "the lehra has \(matras.count) matras; \(taal) needs a whole number of cycles of \(cycle)")
        }
        return Lehra(name: name, taal: taal, raga: raga, matras: matras)
    }
}

/// A lehra file that cannot be read.
public enum LehraError: ReportableError, Equatable {
    /// A line is wrong.
    case syntax(path: String, line: Int, column: Int, text: String, message: String)
    /// The file is missing or not text.
    case cannotRead(path: String)

    /// `file:line:column` of the mistake, or the file.
    public var file: String? {
        switch self {
        case .syntax(let path, let line, let column, _, _): "\(path):\(line):\(column)"
        case .cannotRead(let path): path
        }
    }

    /// What is wrong, with the offending text.
    public var message: String {
        switch self {
        case .syntax(_, _, _, let text, let message): message + (text.isEmpty ? "" : ": '\(text)'")
        case .cannotRead: "cannot read the lehra file; give a text file in the lehra format (docs/SOUND.md)"
        }
    }
}

/// The melodic accompaniment's voices, synthesised additively in pure Swift.
public struct Accompanist: Sendable {
    /// Samples per second.
    public var rate: Double
    /// Tonic in hertz: the lehra's Sa and the tanpura's.
    public var sa: Double

    /// Creates an accompanist.
    public init(rate: Double, sa: Double) {
        self.rate = rate
        self.sa = sa
    }

    /// Relative levels of the harmonium-like voice's partials: a reed's bright, slowly
    /// falling spectrum.
    static let reed: [Double] = [1, 0.75, 0.55, 0.45, 0.32, 0.26, 0.2, 0.14, 0.1, 0.08]

    /// One lehra note: `seconds` long plus an 80 ms release, 15 ms attack.
    public func note(ratio: Double, seconds: Double) -> [Float] {
        let f = sa * ratio
        let held = Int((seconds * rate).rounded())
        let release = Int(0.08 * rate), attack = max(1, Int(0.015 * rate))
        let count = held + release
        // One period of the reed's waveform, read with a phase accumulator.
        let size = 2048
        var table = [Double](repeating: 0, count: size + 1)
        var norm = 0.0
        for (k, a) in Self.reed.enumerated() where Double(k + 1) * f < rate * 0.45 {
            norm += a
            for i in 0...size { table[i] += a * sin(2 * .pi * Double(k + 1) * Double(i) / Double(size)) }
        }
        let scale = norm > 0 ? 0.5 / norm : 0
        var out = [Float](repeating: 0, count: count)
        var phase = 0.0
        let step = f / rate * Double(size)
        for i in 0..<count {
            let p = Int(phase), frac = phase - Double(p)
            let v = table[p] + (table[p + 1] - table[p]) * frac
            var env = min(1, Double(i) / Double(attack))
            if i >= held { env *= 1 - Double(i - held) / Double(release) }
            out[i] = Float(v * scale * env)
            phase += step
            if phase >= Double(size) { phase -= Double(size) }
        }
        return out
    }

    /// The first string of a tanpura: Pa, Ma or Ni below Sa.
    public enum TanpuraTuning: String, Sendable, CaseIterable {
        /// Pa-Sa-Sa-Sa, the usual tuning.
        case pa
        /// Ma-Sa-Sa-Sa, for ragas without Pa.
        case ma
        /// Ni-Sa-Sa-Sa (Ni below Sa), for ragas such as Marwa.
        case ni
    }

    /// The four strings, first to last: the first string (Pa, Ma or Ni below Sa), two Sa,
    /// and the Sa an octave below.
    public func tanpuraStrings(_ tuning: TanpuraTuning) -> [Double] {
        let first: Double = switch tuning {
        case .pa: 0.75
        case .ma: 2.0 / 3
        case .ni: 15.0 / 16
        }
        return [first, 1, 1, 0.5].map { $0 * sa }
    }

    /// Seconds between plucks; the four strings take 4.8 s a round, the last held longer.
    public static let pluckTimes: [Double] = [0, 1.1, 2.2, 3.3]
    /// Length of one round of the four strings.
    public static let tanpuraRound = 4.8

    /// One pluck at `frequency`: many partials, the upper ones swelling and dying as the
    /// jawari bridge makes them, the whole ringing about 4 s.
    public func pluck(_ frequency: Double) -> [Float] {
        let count = Int(4.5 * rate)
        var out = [Float](repeating: 0, count: count)
        for k in 1...24 where Double(k) * frequency < rate * 0.45 {
            let a = 1 / pow(Double(k), 0.9)
            let decay = 0.9 + 0.12 * Double(k)
            let swell = k >= 3 ? 0.25 + 0.02 * Double(k) : 0.001
            // Rotation recurrence: a sine per partial without calling sin per sample.
            let w = 2 * Double.pi * Double(k) * frequency / rate
            let c = 2 * cos(w)
            var y1 = 0.0, y2 = -sin(w)
            for i in 0..<count {
                let y = c * y1 - y2
                y2 = y1
                y1 = y
                let t = Double(i) / rate
                let env = a * exp(-decay * t) * (1 - exp(-t / swell))
                out[i] += Float(0.12 * env * y2)
            }
        }
        let fade = Int(0.2 * rate)
        for i in 0..<fade { out[count - 1 - i] *= Float(i) / Float(fade) }
        return out
    }
}
