import Testing
import TablaNotation
@testable import TablaGeneration

@Suite("Tokens, slots and the generation grid")
struct RepresentationTests {
    let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!

    @Test func streamMarksSectionsAndPositions() {
        let c = NotationParser().parse("taal: dadra\n[a]\nDhaGe Tin Na | Dha Tin Na ||\n[b ends=sam]\nDha Dhin Na | Dha Tin Na || Dha\n").0
        let s = TokenStream(c)
        let v = TokenVocabulary.standard
        #expect(s.tokens.map { v.names[Int($0)] } == ["<s>", "Dha", "Ge", "Tin", "Na", "Dha", "Tin", "Na",
                                                      "<s>", "Dha", "Dhin", "Na", "Dha", "Tin", "Na", "Dha"])
        #expect(s.slots[0] == nil && s.slots[8] == nil)
        // Second bol of the first of section a's 6 matras: half a matra in, 0.5 / 6 of the way.
        #expect(s.slots[2] == Slot(taal: c.taal, matra: 1, pulse: 1, pulsesInMatra: 2, sectionPhase: 0.5 / 6))
        #expect(s.slots[15]?.isLanding == true && s.slots[15]?.matra == 1)
    }

    @Test func kaidaSectionsKnowTheirRoleAndHalf() {
        let text = "taal: dadra\nform: kaida\n[theme]\nDhaTi DhaGe Na | TaTi TaKe Na ||\n[palta 2]\nDha Dha Na | Ta Ta Na ||\n[tihai ends=sam]\nDha - Dha | - Dha - || Dha\n"
        let c = NotationParser().parse(text).0
        #expect(c.sections.map { SectionRole(section: $0, form: c.form) } == [.theme, .palta, .tihai])
        let s = TokenStream(c)
        let theme = s.slots[1...8].map { $0! }
        // 3 matras a half: the fourth matra (the 6th bol) starts the khali half.
        #expect(theme.map(\.half) == [.bhari, .bhari, .bhari, .bhari, .bhari, .khali, .khali, .khali, .khali, .khali].prefix(8).map { $0 })
        #expect(theme[5].halfPhase == 0 && theme[4].halfPhase == 2.0 / 3)
        #expect(theme.allSatisfy { $0.role == .theme })
        let tihai = s.slots[(s.slots.count - 7)...].map { $0! }
        #expect(tihai.allSatisfy { $0.role == .tihai && $0.half == nil })
        #expect(feature(theme[6], "role=theme") == 1 && feature(theme[6], "half=khali") == 1 && feature(theme[6], "half.return") == 0)
        #expect(feature(theme[4], "half.return") == 1)
        // "phase" is how far through the half in a theme, through the section elsewhere:
        // the tihai's 5th of 7 matras (Dha - Dha | - Dha - | Dha) starts 4/7 of the way.
        #expect(abs(feature(theme[4], "phase") - 2.0 / 3) < 1e-6)
        #expect(abs(feature(tihai[4], "phase") - 4.0 / 7) < 1e-6)
        #expect(SectionRole(section: Section(name: "Prakar 3", taal: teentaal), form: nil) == .theka)
        #expect(SectionRole(section: Section(name: nil, taal: teentaal), form: .theka) == .theka)
        #expect(SectionRole(section: Section(name: "gat", taal: teentaal), form: .kaida) == .other)
    }

    func feature(_ slot: Slot?, _ name: String) -> Float {
        SlotFeatures.vector(slot)[SlotFeatures.names.firstIndex(of: name)!]
    }

    @Test func featuresDescribeTheSlot() {
        #expect(SlotFeatures.vector(nil).count == SlotFeatures.names.count)
        let khali = Slot(taal: teentaal, matra: 11, pulse: 1, pulsesInMatra: 2)
        #expect(feature(khali, "taal=Teentaal") == 1)
        #expect(feature(khali, "mark=khali") == 1 && feature(khali, "mark=sam") == 0)
        #expect(feature(khali, "matra=11") == 1 && feature(khali, "layakari=2") == 1 && feature(khali, "pulse=1") == 1)
        #expect(feature(nil, "boundary") == 1)
        let rupakSam = Slot(taal: TaalCatalogue.standard.taal(named: "rupak")!, matra: 1, pulse: 0, pulsesInMatra: 1)
        #expect(feature(rupakSam, "mark=sam") == 1 && feature(rupakSam, "mark=khali") == 1)
    }

    @Test(arguments: [[1], [2], [4], [1, 2, 2, 4], [3], [2, 3]])
    func gridHasExactlyTheTaalsMatras(pattern: [Int]) {
        for taal in TaalCatalogue.standard.taals {
            let grid = GenerationGrid(taal: taal, cycles: 3, layakari: Layakari(pattern))
            #expect(grid.matraSizes.count == 3 * taal.matras)
            #expect(grid.slots.count == grid.matraSizes.reduce(0, +))
            #expect(grid.slots.first?.matra == 1 && grid.slots.last?.matra == taal.matras)
        }
    }

    @Test func gridContinuesAfterAPrimer() {
        let grid = GenerationGrid(taal: teentaal, cycles: 1, layakari: Layakari([2]), primerMatras: 5)
        #expect(grid.startMatra == 6)
        #expect(grid.matraSizes.count == 11)
        // A primer longer than the cycles asked for is completed to its cycle's end.
        #expect(GenerationGrid(taal: teentaal, cycles: 1, layakari: Layakari([1]), primerMatras: 20).matraSizes.count == 12)
    }

    @Test func layakariParsing() {
        #expect(Layakari(parsing: "2")?.pattern == [2])
        #expect(Layakari(parsing: "1,2,2,4")?.pattern == [1, 2, 2, 4])
        #expect(Layakari(parsing: "1 2 4")?.pattern == [1, 2, 4])
        #expect(Layakari(parsing: "0") == nil && Layakari(parsing: "two") == nil && Layakari(parsing: "17") == nil)
    }
}
