import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Import CompMusic Tabla Solo scores")
struct CompMusicTests {
    /// A Jhaptaal rela written for this test: a section of 8 matras (not a whole cycle,
    /// no landing) and a tihai whose lone last slot lands on sam.
    static let rela = """
        ##
        GHARANA:LUCKNOW
        TYPE:RELA
        TALA:JHAPTAAL
        COMPOSER:USTAD TEST
        ##

        ''Rela''
        !S:2
        DHA TI; DHA GE; TRA,KA DHI; NA -;
        TAA KE;TII TA; GHI NA ; KDA -;
        !E

        ''Tihai''
        !S:2
        TI TA; DHA -; TI TA; DHA -; TI TA; DHA;
        !E
        """

    @Test func composedRela() throws {
        let result = Importer().read(.compmusic, text: Self.rela, file: "scores/lucknow.txt")
        #expect(errors(result).isEmpty, "\(result.diagnostics)")
        let imported = try #require(result.compositions.first)
        let c = imported.composition
        #expect(c.title == "Lucknow Rela" && imported.baseName == "lucknow-rela")
        #expect(c.taal.name == "Jhaptaal" && c.form == .rela)
        #expect(c.source == "CompMusic Tabla Solo score lucknow.txt; Lucknow gharana; composer Ustad Test")
        #expect(c.sections.map(\.name) == ["Rela", "Tihai"])
        let rela = c.sections[0]
        // TRA,KA shares one of two slots: four pulses. TAA = Na, TII = Ti, GHI = Ge, KDA = Kran.
        #expect(matraNames(rela) == ["Dha Ti", "Dha Ge", "Tra Ka Dhi -", "Na -", "Na Ke", "Ti Ta", "Ge Na", "Kran -"])
        // 8 matras of Jhaptaal's 10, ending with the cycle: from matra 3.
        #expect(rela.start == 3 && rela.ends == .cycle)
        let tihai = c.sections[1]
        #expect(matraNames(tihai) == ["Ti Ta", "Dha -", "Ti Ta", "Dha -", "Ti Ta", "Dha"])
        // 6 matras whose last lands on sam: matras 6-10, then sam.
        #expect(tihai.start == 6 && tihai.ends == .sam)
        // Both guessed starts are reported at their section lines.
        let guessed = warnings(result).filter { $0.message.contains("check where it starts") }
        #expect(guessed.map { $0.location?.line } == [8, 14])
        #expect(result.summary.inferredStarts == 2 && result.summary.unknownSyllables.isEmpty)
        // The text checks and reads back as the same bols.
        let (back, diagnostics) = recheck(imported)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(back.sections.map(\.start) == [3, 6] && back.sections.map(\.ends) == [.cycle, .sam])
        #expect(back.sections.map { $0.matras.map(\.pulses) } == c.sections.map { $0.matras.map(\.pulses) })
    }

    @Test func unknownSyllableIsReportedWhereItIs() throws {
        let text = "##\nTALA:DADRA\n##\n!S:3\nDHA DHIN NA; DHA TIN,ZUK NA;\n!E\n"
        let result = Importer().read(.compmusic, text: text, file: "z.txt")
        #expect(result.compositions.isEmpty && result.failed == 1)
        let e = try #require(errors(result).first)
        // ZUK is the second half of the slot TIN,ZUK, which starts at column 18 of line 5.
        #expect(e.description.hasPrefix("z.txt:5:22: error: unknown syllable 'ZUK' in 'TIN,ZUK'"))
        #expect(e.message.contains("--map ZUK=BOL"))
        #expect(result.summary.unknownSyllables == ["ZUK": 1])
        // The user's own mapping carries it: three slots, one split in two, so six pulses.
        let mapped = Importer(syllables: ["ZUK": [Bol.named("Ta")!]]).read(.compmusic, text: text, file: "z.txt")
        let c = try #require(mapped.compositions.first).composition
        #expect(matraNames(c.sections[0]) == ["Dha Dhin Na", "Dha - Tin Ta Na -"])
        #expect(c.sections[0].name == nil && c.taal.name == "Dadra")
    }

    @Test func badHeadersAndSlots() {
        let noTaal = Importer().read(.compmusic, text: "##\nTALA:FOOTAAL\n##\n!S:1\nDHA;\n!E\n", file: "f.txt")
        #expect(noTaal.failed == 1 && errors(noTaal).first?.location == SourceLocation(line: 2, column: 1))
        let badSlots = Importer().read(.compmusic, text: "!S:x\nDHA;\n!E\n", file: "f.txt")
        #expect(badSlots.failed == 1 && errors(badSlots).first?.message.contains("'!S:4'") == true)
        let empty = Importer().read(.compmusic, text: "just text\n", file: "f.txt")
        #expect(empty.failed == 1)
        let binary = Importer().read(.compmusic, bytes: [0xFF, 0xFE, 0x00, 0x41], file: "b.txt")
        #expect(binary.failed == 1 && errors(binary).first?.message.contains("UTF-8") == true)
        // An unknown TYPE is written as form other, and said so.
        let odd = Importer().read(.compmusic, text: "##\nTYPE:ZZZ\nTALA:DADRA\n##\n!S:1\nDHA; DHIN; NA; DHA; TIN; NA;\n!E\n", file: "o.txt")
        #expect(odd.compositions.first?.composition.form == .other)
        #expect(odd.compositions.first?.composition.source?.hasSuffix("; type ZZZ") == true)
        #expect(warnings(odd).contains { $0.message.contains("type 'ZZZ'") })
    }

    @Test(.enabled(if: hasSharedFormats, "../shared/formats is absent (a bare clone): the shared examples are not read"))
    func sharedExample() throws {
        let path = sharedFormats.appendingPathComponent("compmusic/teentaal_example.txt").path
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // DA (in GHI DA NA GA) has no bol of its own yet: given one explicitly here.
        let result = Importer(syllables: ["da": [Bol.named("Ta")!]]).read(.compmusic, bytes: bytes, file: path)
        #expect(errors(result).isEmpty, "\(result.diagnostics)")
        let c = try #require(result.compositions.first).composition
        #expect(c.title == "Dilli Quayda 1" && c.form == .kaida && c.taal.name == "Teentaal")
        #expect(c.source == "CompMusic Tabla Solo score teentaal_example.txt; Dilli gharana; composer Traditional")
        #expect(c.sections.map(\.name) == ["Theka", "Quayda", "Tukda"])
        #expect(matraNames(c.sections[0]) == "Dha Dhin Dhin Dha Dha Dhin Dhin Dha Dha Tin Tin Na Na Dhin Dhin Dha".split(separator: " ").map(String.init))
        let quayda = matraNames(c.sections[1])
        #expect(quayda.count == 16 && quayda[0] == "Dha Ti Dha Ge" && quayda[3] == "Ti Na Ke Na" && quayda[15] == "Dhi Na Ge Na")
        let tukda = c.sections[2]
        #expect(tukda.matras.count == 17 && tukda.start == 1 && tukda.ends == .sam)
        #expect(matraNames(tukda)[0] == "Dha - - - Tra Ka Dhi -")
        #expect(matraNames(tukda)[2] == "Ge Ta Na Ga" && matraNames(tukda)[15] == "Kran Dha Ti Ta" && matraNames(tukda)[16] == "Dha")
        let (_, diagnostics) = recheck(try #require(result.compositions.first))
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)

        // Without a bol for DA the composition is not imported, and DA is shown where it is
        // (unless the vocabulary has learnt Da meanwhile).
        let plain = Importer().read(.compmusic, bytes: bytes, file: path)
        if Bol.named("Da") == nil {
            #expect(plain.compositions.isEmpty)
            #expect(errors(plain).first?.description.hasPrefix("\(path):25:36: error: unknown syllable 'DA'") == true)
        } else {
            #expect(errors(plain).isEmpty)
        }
    }
}

extension CompMusicTests {
    @Test func namesCannotBreakTheText() throws {
        let text = "##\nGHARANA:A # B\nTALA:DADRA\n##\n''Tihai #2 [fast]''\n!S:1\nDHA; DHIN; NA; DHA; TIN; NA;\n!E\n''#''\n!S:1\nDHA; DHIN; NA; DHA; TIN; NA;\n!E\n"
        let result = Importer().read(.compmusic, text: text, file: "n.txt")
        let imported = try #require(result.compositions.first)
        #expect(imported.composition.sections.map(\.name) == ["Tihai 2 fast", "part 2"])
        #expect(imported.composition.title == "A B")
        let (back, diagnostics) = recheck(imported)
        #expect(diagnostics.allSatisfy { $0.severity != .error })
        #expect(back.sections.map(\.name) == ["Tihai 2 fast", "part 2"] && back.title == "A B")
    }
}
