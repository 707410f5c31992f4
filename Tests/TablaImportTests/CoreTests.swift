import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Shared slots, placement and file names")
struct CoreTests {
    /// (matras, taal length, lands on sam) -> (start, ends, inferred), worked out by counting
    /// matras on the cycle: a 24-matra Teentaal piece ending with the cycle starts on 9.
    @Test(arguments: [
        (16, 16, false, 1, Ending.cycle, false),
        (32, 16, true, 1, Ending.cycle, false),
        (17, 16, false, 1, Ending.sam, false),
        (24, 16, false, 9, Ending.cycle, true),
        (23, 16, true, 11, Ending.sam, true),
        (9, 16, true, 9, Ending.sam, true),
        (5, 10, false, 6, Ending.cycle, true),
        (8, 10, false, 3, Ending.cycle, true),
        (6, 10, true, 6, Ending.sam, true),
    ])
    func placement(matras: Int, cycle: Int, lands: Bool, start: Int, ends: Ending, inferred: Bool) {
        let p = Placement.place(matras: matras, cycle: cycle, landsOnSam: lands)
        #expect(p.start == start && p.ends == ends && p.inferred == inferred)
        // Independently: the last matra's position in the cycle.
        let last = (start - 1 + matras - 1) % cycle + 1
        #expect(ends == .sam ? last == 1 : last == cycle)
    }

    @Test func sharedSlotIsSubdividedExactly() {
        let dha = TimeTree.pulse(.bol(Bol.named("Dha")!)), rest = TimeTree.pulse(.rest)
        let traKa = TimeTree.group([.pulse(.bol(Bol.named("Tra")!)), .pulse(.bol(Bol.named("Ka")!))])
        // DHA - TRA,KA DHI: four slots, one split in two, so eight pulses.
        let matra = TimeTree.group([dha, rest, traKa, .pulse(.bol(Bol.named("Dhi")!))])
        #expect(matra.resolution == 8)
        #expect(matra.pulses == pulses("Dha - - - Tra Ka Dhi -"))
        // GHE,TI,RA KI,TA,TA,KA: 3 and 4 in two slots need 2 x lcm(3, 4) = 24 pulses;
        // onsets at 0, 4, 8 (thirds of the first half) and 12, 15, 18, 21 (quarters of the second).
        let u = { (names: [String]) in TimeTree.group(names.map { TimeTree.pulse(.bol(Bol.named($0)!)) }) }
        let fine = TimeTree.group([u(["Ge", "Ti", "Ra"]), u(["Ki", "Ta", "Ta", "Ka"])]).pulses
        #expect(fine.count == 24)
        let onsets = fine.indices.filter { fine[$0] != .rest }
        #expect(onsets == [0, 4, 8, 12, 15, 18, 21])
        #expect(onsets.map { fine[$0].bol!.name } == ["Ge", "Ti", "Ra", "Ki", "Ta", "Ta", "Ka"])
    }

    @Test(arguments: [
        ("Dilli Quayda 1", "", "dilli-quayda-1"),
        ("A qa'ida: thème!", "", "a-qaida-theme"),
        ("  --Tihai (bedam)--  ", "", "tihai-bedam"),
        ("धा धिं धिं धा", "score_7", "score-7"),
        ("", "", "composition"),
        ("../../etc/passwd", "", "etc-passwd"),
        ("one two three four five six seven eight nine ten eleven twelve", "", "one-two-three-four-five-six-seven-eight-nine-ten-eleven"),
    ])
    func fileNames(title: String, fallback: String, expected: String) {
        #expect(FileNames.slug(title, fallback: fallback) == expected)
        #expect(expected.count <= FileNames.maxLength)
    }

    @Test func summaryLines() {
        var a = ImportSummary()
        a.unknownSyllables = ["DA": 2, "DING": 1]
        a.inferredStarts = 1
        var b = ImportSummary()
        b.unknownSyllables = ["DA": 1, "ABC": 1]
        b.polymetricItems = 2
        a.add(b)
        // Most frequent first, then alphabetical.
        #expect(a.lines == [
            "unknown syllables: DA (3), ABC (1), DING (1); give each a bol with --map SYLLABLE=BOL",
            "2 Bol Processor items with polymetric structures or copies not imported",
            "1 section not of whole cycles: start matra inferred, check 'start:'",
        ])
        #expect(ImportSummary().lines.isEmpty)
    }
}
