import Foundation
import Testing
@testable import TablaNotation

@Suite("Printing")
struct PrinterTests {
    let thekaText = "taal: teentaal\nlaya: 80\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    @Test func teentaalThekaLayout() {
        let c = NotationParser().parse(thekaText).0
        let printed = Printer().text(c)
        // Typed out by hand: marks over 1, 5, 9, 13; each column as wide as its widest
        // entry (bol or matra number) plus one space; '| ' between vibhags.
        #expect(printed == """
            taal: Teentaal
            laya: 80

            # cycle 1 of 1
            X                   2                   0                3
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||
            1   2    3    4     5   6    7    8     9   10  11  12   13 14   15   16

            """)
    }

    @Test func devanagariThekaIsTheReferenceSpelling() {
        let c = NotationParser().parse(thekaText).0
        let printed = Printer(script: .devanagari).text(c)
        let bolLine = printed.split(separator: "\n").first { $0.hasPrefix("धा") }!
        // TABLA.md writes the theka: धा धिं धिं धा | धा धिं धिं धा | धा तिं तिं ता | ता धिं धिं धा
        let words = bolLine.split(separator: " ").filter { $0 != "|" && $0 != "||" }
        #expect(words.joined(separator: " ") == "धा धिं धिं धा धा धिं धिं धा धा तिं तिं ता ता धिं धिं धा")
    }

    /// Every matra's text starts in the same terminal column as its number below it,
    /// and each mark in the column of its vibhag's first matra.
    @Test(arguments: Script.allCases)
    func columnsAlign(script: Script) throws {
        for url in corpusFiles() {
            let c = NotationParser().parse(try String(contentsOf: url, encoding: .utf8)).0
            let lines = Printer(script: script).text(c).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() where line.hasPrefix("# ") && line.contains("cycle") {
                let marks = lines[i + 1], bols = lines[i + 2], numbers = lines[i + 3]
                let bolStarts = wordStarts(bols).filter { $0.word != "|" && $0.word != "||" }
                let numberStarts = wordStarts(numbers)
                #expect(bolStarts.map(\.column) == numberStarts.map(\.column), "\(url.lastPathComponent): \(bols)")
                let markColumns = Set(wordStarts(marks).map(\.column))
                #expect(markColumns.isSubset(of: Set(numberStarts.map(\.column))), "\(url.lastPathComponent): \(marks)")
            }
        }
    }

    func wordStarts(_ line: String) -> [(word: String, column: Int)] {
        var out: [(String, Int)] = []
        var column = 0
        var current = ""
        var start = 0
        for ch in line {
            let w = Printer.displayWidth(String(ch))
            if ch == " " {
                if !current.isEmpty { out.append((current, start)); current = "" }
            } else {
                if current.isEmpty { start = column }
                current.append(ch)
            }
            column += w
        }
        if !current.isEmpty { out.append((current, start)) }
        return out
    }

    @Test func startMidCycleLeavesTheEarlierColumnsEmpty() {
        let c = NotationParser().parse("taal: dadra\nstart: 4\nends: sam\nDha Tin Na || Dha\n").0
        #expect(Printer().text(c) == """
            taal: Dadra
            start: 4
            ends: sam

            # cycle 1 of 2
                      0
                      Dha Tin Na ||
                      4   5   6
            # cycle 2 of 2 (sam)
            X
            Dha
            1

            """)
    }

    @Test func jsonCarriesTheCycleStructure() throws {
        let c = NotationParser().parse("title: t\ntaal: jhaptaal\n[theme]\nDhi Na | Dhi Dhi Na | Ti Na | Dhi DhiDhi Na ||\n").0
        let doc = try JSONDecoder().decode(CompositionDocument.self, from: Data(Printer().json(c).utf8))
        #expect(doc.title == "t")
        #expect(doc.taal.vibhags == [2, 3, 2, 3])
        let cycle = doc.sections[0].cycles[0]
        #expect(cycle.vibhags.map(\.mark) == ["X", "2", "0", "3"])
        #expect(cycle.vibhags[3].matras.map(\.number) == [8, 9, 10])
        #expect(cycle.vibhags[3].matras[1].bols == ["Dhi", "Dhi"])
        #expect(cycle.vibhags[3].matras[1].text == "DhiDhi")
        #expect(cycle.vibhags[0].matras[0].line == 4 && cycle.vibhags[0].matras[0].column == 1)
    }

    @Test func ambiguousJoinsAreDotted() {
        // Ti Te joined reads as TeTe (Tite is a spelling of TeTe), so it prints with a dot.
        let ti = Pulse.bol(Bol.named("Ti")!), te = Pulse.bol(Bol.named("Te")!)
        #expect(Printer.matraText([ti, te], script: .roman) == "Ti.Te")
        let dha = Pulse.bol(Bol.named("Dha")!)
        #expect(Printer.matraText([dha, .rest], script: .roman) == "Dha-")
        #expect(Printer.matraText([dha, .rest], script: .devanagari) == "धाऽ")
        #expect(Printer.matraText([.bol(Bol.named("Ti")!), .bol(Bol.named("Ra")!), .bol(Bol.named("Ki")!), .bol(Bol.named("Ta")!)], script: .devanagari) == "तिरकिट")
    }
}
