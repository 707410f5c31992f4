import Foundation
import Testing
@testable import TablaNotation

/// Vishnu Digambar Paluskar's marks: each clap by the matra it falls on (sam 1), khali `+`.
@Suite("Paluskar marks")
struct PaluskarTests {
    static let pieces: [(taal: String, body: String, marks: [String])] = [
        // Written out by hand from the vibhags: Teentaal 4+4+4+4 claps on 1, 5 and 13, waves on 9.
        ("teentaal", "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||", ["1", "5", "+", "13"]),
        // Jhaptaal 2+3+2+3: vibhags start on 1, 3, 6, 8; the third is khali.
        ("jhaptaal", "Dhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na ||", ["1", "3", "+", "8"]),
        // Rupak 3+2+2 opens on a wave (its sam is khali), then claps on 4 and 6.
        ("rupak", "Tin Tin Na | Dhin Na | Dhin Na ||", ["+", "4", "6"]),
        // Ektaal 2+2+2+2+2+2, X 0 2 0 3 4: waves on 3 and 7.
        ("ektaal", "Dhin Dhin | DhaGe TiRaKiTa | Tun Na | Kat Ta | DhaGe TiRaKiTa | Dhin Na ||", ["1", "+", "5", "+", "9", "11"]),
    ]

    func markLine(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        let i = lines.firstIndex { $0.hasPrefix("# cycle") }!
        return lines[i + 1].split(separator: " ").map(String.init)
    }

    @Test(arguments: pieces.indices)
    func marksNameTheMatraOfEachClap(_ i: Int) {
        let piece = Self.pieces[i]
        let (c, d) = check("taal: \(piece.taal)\n\(piece.body)\n")
        #expect(d.isEmpty, "\(d)")
        #expect(markLine(Printer(marks: .paluskar).text(c)) == piece.marks)
        // Devanagari digits for the numbers; the khali sign stays +.
        let devanagari = piece.marks.map { $0 == "+" ? "+" : String(String.UnicodeScalarView($0.unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0x0966)! })) }
        #expect(markLine(Printer(script: .devanagari, marks: .paluskar).text(c)) == devanagari)
    }

    @Test func teentaalLayout() {
        let (c, _) = check("taal: teentaal\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        // As PrinterTests.teentaalThekaLayout, with 5, + and 13 in the columns of matras 5, 9 and 13.
        #expect(Printer(marks: .paluskar).text(c) == """
            taal: Teentaal

            # cycle 1 of 1
            1                   5                   +                13
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||
            1   2    3    4     5   6    7    8     9   10  11  12   13 14   15   16

            """)
    }

    /// The printed text is still a .bol file: the Paluskar mark lines are annotations.
    @Test(arguments: pieces.indices, Script.allCases)
    func printedTextReadsBack(_ i: Int, script: Script) {
        let (c, _) = check("taal: \(Self.pieces[i].taal)\n\(Self.pieces[i].body)\n")
        let (back, d) = check(Printer(script: script, marks: .paluskar).text(c))
        #expect(d.isEmpty, "\(d)")
        #expect(back.sections.map(\.pulses) == c.sections.map(\.pulses))
    }

    @Test(arguments: Script.allCases)
    func wholeCorpusReadsBack(script: Script) throws {
        for url in corpusFiles() {
            let c = NotationParser().parse(try String(contentsOf: url, encoding: .utf8)).0
            let printed = Printer(script: script, marks: .paluskar).text(c)
            let (back, d) = NotationParser().check(printed)
            #expect(errors(d).isEmpty, "\(url.lastPathComponent): \(errors(d).prefix(3))")
            #expect(Music(back) == Music(c), "\(url.lastPathComponent) changed in print")
        }
    }

    @Test(arguments: ["1 5 + 13", "1 | 5 | + | 13 ||", "  + 4 6", "१ ५ + १३", "+ ४ ६"])
    func markLinesAreSkipped(_ line: String) {
        let (c, d) = check("taal: teentaal\n\(line)\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections.map(\.matras.count) == [16])
    }

    @Test func sheetHeaderAndCells() {
        let (c, _) = check("taal: teentaal\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        let html = Printer(marks: .paluskar).html(c)
        #expect(html.contains("<dd>Teentaal: 16 matras, 4+4+4+4, 1 5 + 13</dd>"))
        let marks = html.split(separator: "\n").filter { $0.hasPrefix("<tr class=\"marks\">") }
        let empty3 = "<td></td><td></td><td></td></tr>"
        #expect(marks == ["1", "5", "+", "13"].map { "<tr class=\"marks\"><td>\($0)</td>\(empty3)" })
        let (rupak, _) = check("taal: rupak\nTin Tin Na | Dhin Na | Dhin Na ||\n")
        let sheet = Printer(script: .devanagari, marks: .paluskar).html(rupak)
        #expect(sheet.contains("<dd>Rupak: 7 matras, 3+2+2, + ४ ६</dd>"))
        #expect(sheet.split(separator: "\n").filter { $0.hasPrefix("<tr class=\"marks\">") }
                == ["<tr class=\"marks\"><td>+</td><td></td><td></td></tr>", "<tr class=\"marks\"><td>४</td><td></td></tr>", "<tr class=\"marks\"><td>६</td><td></td></tr>"])
    }
}
