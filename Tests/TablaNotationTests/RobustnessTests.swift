import Foundation
import Testing
@testable import TablaNotation

/// Any input gets diagnostics: never a crash or a hang.
@Suite("Robustness")
struct RobustnessTests {
    /// Parses, validates and prints whatever came out; returns the diagnostics.
    ///
    /// Surviving means: no crash; every diagnostic points inside the input (a line that
    /// exists, a column on it or just past its end); parsing the same bytes again gives
    /// the same diagnostics; and a composition without errors prints as text that reads
    /// back without errors.
    /// Found by the corpus mutation test: an attribute key that is not a word was kept
    /// with a warning, printed as a `key: value` line, and read back as bols.
    @Test func sectionAttributeKeysMustReadBack() {
        let body = "\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"
        for line in ["[theme x|y=1]", "[tihai\u{92}ends=sam]"] {
            let d = survive(Array(("taal: teentaal\n" + line + body).utf8))
            #expect(d.contains { $0.severity == .error && $0.message.contains("is not a word") }, "\(line): \(d)")
        }
        // A word is kept with a warning and prints back as a header line of its section.
        let (c, d) = NotationParser().check("taal: teentaal\n[theme mood=bright]" + body)
        #expect(d.map(\.severity) == [.warning] && c.sections[0].extra.map(\.key) == ["mood"])
        let printed = Printer().text(c)
        #expect(NotationParser().check(printed).1.filter { $0.severity == .error }.isEmpty, "\(printed)")
    }

    @discardableResult
    func survive(_ bytes: [UInt8]) -> [Diagnostic] {
        let parser = NotationParser()
        let (c, d) = parser.check(bytes: bytes)
        if !d.contains(where: { $0.severity == .error }) {
            let printed = Printer().text(c)
            _ = Printer(script: .devanagari).json(c)
            let back = parser.check(printed).1.filter { $0.severity == .error }
            #expect(back.isEmpty, "printed text does not read back: \(back)")
        }
        // Lines as the parser counts them (LF ends a line), each line's width in scalars.
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for diagnostic in d {
            let (line, column) = (diagnostic.location.line, diagnostic.location.column)
            #expect(line >= 1 && line <= lines.count, "\(diagnostic) outside \(lines.count) lines")
            guard line >= 1 && line <= lines.count else { continue }
            let width = String(decoding: lines[line - 1], as: UTF8.self).unicodeScalars.count
            #expect(column >= 1 && column <= width + 1, "\(diagnostic) outside a line of \(width) columns")
        }
        let again = parser.check(bytes: bytes).1
        #expect(again == d, "a second parse of the same bytes differs")
        return d
    }

    @Test func randomBytes() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<2_000, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Random bytes are never a valid composition: at least "no bols found".
            #expect(survive(bytes).contains { $0.severity == .error })
        }
    }

    @Test func randomTokensFromTheNotationAlphabet() {
        // Junk made of the format's own pieces finds more paths than random bytes.
        let pieces = ["Dha", "dhin", "|", "||", "|||", "[", "]", "[x ends=sam]", "[y start=99]", "taal:", "laya: 0", "start: 3", "ends: sam",
                      "\n", "\r\n", " ", "-", "S", "ऽ", "धा", "तिरकिट", "#", "X", "0", "2", ".", "..", "TiRaKiTa", "\u{FEFF}", "=", "\"", "+",
                      "taal: 3+2", "taal: 0", "marks=0", "Tin", "Na", "\u{0}", "\u{00A0}", "\u{0301}", "ক"]
        var rng = SplitMix64(seed: 11)
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0..<80, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            survive(Array(text.utf8))
        }
    }

    @Test func mutatedCorpusFiles() throws {
        var rng = SplitMix64(seed: 13)
        for url in corpusFiles() {
            let original = Array(try Data(contentsOf: url))
            for _ in 0..<8 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<5, using: &rng) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    case 3: bytes.removeSubrange(at..<bytes.count)  // truncation
                    default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 40)], at: at)  // duplication
                    }
                }
                survive(bytes)
            }
        }
    }

    @Test func largeFileIsReadInFull() {
        // 10 MB: a valid Teentaal cycle repeated, with one error near the end.
        let cycle = "DhaGe TiRaKiTa Dhin Dha | Dha Dhin DhinNa Dha | Ta Tin Tin Ta | Ta Dhin Dhin Dha ||\n"
        let copies = 10_000_000 / cycle.utf8.count
        var text = "taal: teentaal\n" + String(repeating: cycle, count: copies - 1)
        text += "DhaGe TiRaKiTa Dhinn Dha | Dha Dhin DhinNa Dha | Ta Tin Tin Ta | Ta Dhin Dhin Dha ||\n"
        let (c, d) = NotationParser().check(text)
        #expect(text.utf8.count > 9_900_000)
        #expect(c.sections[0].matras.count == copies * 16)
        #expect(d.map(\.description) == ["\(copies + 1):16: error: unknown bol 'Dhinn'; did you mean 'Dhin'?"])
    }

    @Test func largeJunkFileAndHugeLine() {
        var rng = SplitMix64(seed: 17)
        let junk = (0..<2_000_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let d = survive(junk)
        #expect(d.last?.severity == .note)  // stopped at the error limit
        let oneLine = [UInt8](repeating: UInt8(ascii: "a"), count: 3_000_000)
        #expect(survive(oneLine).first?.message.contains("too long for one matra") == true)
    }
}
