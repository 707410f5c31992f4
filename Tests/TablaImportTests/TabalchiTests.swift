import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Import Tabalchi .tabla JSON")
struct TabalchiTests {
    /// A Dadra kayda written for this test: an inferred khali, a written khali, and a tihai
    /// with a grouped slot (`[dha ge]`) and Tabalchi's `ne`. The tihai is a real one, worked
    /// out in quarter-matras: phrase `Dha Ge Na - Dha` (5), gap 5, 3 x 5 + 2 x 5 = 25 = one
    /// Dadra cycle (24) + sam.
    static let kayda = """
        {"type": "Kayda", "name": "Test kayda", "taal": "Dadra", "speed": "72bpm", "jati": "Chatusra",
         "components": {"mainTheme": {"bhari": "dha ti | dha ge | tin na", "khali": "Infer"},
           "paltas": [{"bhari": "dha ti | dha ti | dha ge", "khali": "ta ti | ta ti | dha ge"}],
           "tihai": "[dha ge] ne | dha | s [dha ge] | ne dha | s | [dha ge] ne | dha"},
         "playingStyle": "Ajrada", "display": "Bhatkande"}
        """

    @Test func composedKayda() throws {
        let result = Importer().read(.tabalchi, text: Self.kayda, file: "in/test.tabla")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let imported = try #require(result.compositions.first)
        let c = imported.composition
        #expect(c.title == "Test kayda" && imported.baseName == "test-kayda")
        #expect(c.taal.name == "Dadra" && c.form == .kaida && c.laya == 72)
        #expect(c.source == "Tabalchi test.tabla; Ajrada style")
        #expect(c.sections.map(\.name) == ["theme", "palta 1", "tihai"])
        // "Infer": every bol of the bhari half to its closed counterpart (Dha -> Ta, Ge -> Ke).
        #expect(matraNames(c.sections[0]) == ["Dha Ti", "Dha Ge", "Tin Na", "Ta Ti", "Ta Ke", "Tin Na"])
        #expect(matraNames(c.sections[1]) == ["Dha Ti", "Dha Ti", "Dha Ge", "Ta Ti", "Ta Ti", "Dha Ge"])
        let tihai = c.sections[2]
        // [dha ge] shares one slot of two; a lone slot fills its matra.
        #expect(matraNames(tihai) == ["Dha Ge Na -", "Dha", "- - Dha Ge", "Na Dha", "-", "Dha Ge Na -", "Dha"])
        // 7 matras of Dadra's 6: the last lands on sam.
        #expect(tihai.start == 1 && tihai.ends == .sam)
        #expect(c.sections.allSatisfy { $0.laya == 72 })
        let (_, diagnostics) = recheck(imported)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }

    /// Tabalchi's split phrase (`tere-kite`) and `tete` in a piece with no tihai to check.
    @Test func splitPhrasesInARela() throws {
        let text = "{\"type\": \"Rela\", \"name\": \"R\", \"taal\": \"Dadra\", \"components\": "
            + "{\"rela\": \"tere-kite dha | s [dha ge] | tete dha | s s | ne dha | s s\"}}"
        let result = Importer().read(.tabalchi, text: text, file: "r.tabla")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let c = try #require(result.compositions.first).composition
        // tere-kite takes two slots of three; [dha ge] shares one slot of two; tete fills one slot.
        #expect(matraNames(c.sections[0]) == ["Ti Ra Ki Ta Dha -", "- - Dha Ge", "Te Te Dha -", "- -", "Na Dha", "- -"])
    }

    @Test func unknownSyllableAndBadJSON() throws {
        let text = "{\"type\": \"Theka\", \"taal\": \"Dadra\",\n \"components\": {\"theka\": \"dha | dhin | zog | dha | tin | na\"}}"
        let result = Importer().read(.tabalchi, text: text, file: "t.tabla")
        #expect(result.failed == 1 && result.compositions.isEmpty)
        // "zog" is at column 40 of line 2.
        #expect(errors(result).first?.description.hasPrefix("t.tabla:2:40: error: unknown syllable 'zog'") == true)
        let broken = Importer().read(.tabalchi, text: "{\"type\": \"Theka\",\n \"taal\": }", file: "b.tabla")
        #expect(broken.failed == 1 && errors(broken).first?.location == SourceLocation(line: 2, column: 10))
        let noTaal = Importer().read(.tabalchi, text: "{\"components\": {\"theka\": \"dha\"}}", file: "n.tabla")
        #expect(noTaal.failed == 1 && errors(noTaal).first?.message.contains("taal") == true)
        // A taal by its number of beats is taken only when one known taal has that many.
        let byBeats = Importer().read(.tabalchi, text: "{\"taal\": 16, \"components\": {\"theka\": \"dha\"}}", file: "n.tabla")
        #expect(byBeats.failed == 1 && errors(byBeats).first?.message.contains("Teentaal, Tilwada") == true)
    }

    @Test(.enabled(if: hasSharedFormats, "../shared/formats is absent (a bare clone): the shared examples are not read"))
    func sharedExamples() throws {
        let kaydaPath = sharedFormats.appendingPathComponent("tabalchi/kayda_example.tabla").path
        let result = Importer().read(.tabalchi, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: kaydaPath))), file: kaydaPath)
        #expect(errors(result).isEmpty, "\(result.diagnostics)")
        let c = try #require(result.compositions.first).composition
        #expect(c.title == "Dha Ti Dha Ge" && c.form == .kaida && c.laya == 80 && c.taal.name == "Teentaal")
        #expect(c.sections.map(\.name) == ["theme", "palta 1", "tihai"])
        let theme = matraNames(c.sections[0])
        #expect(theme.count == 16)
        #expect(Array(theme[8...]) == ["Ta Ti", "Ta Ke", "Na Ta", "Ti Ta", "Ke Ti", "Na Ke", "Tin Na", "Ke Na"])
        #expect(c.sections[1].matras.count == 32)
        // The tihai's 23 beats: 6.5-beat phrase, 1.5-beat gap, three times; placed to land on sam.
        let tihai = c.sections[2]
        #expect(tihai.matras.count == 23 && tihai.start == 11 && tihai.ends == .sam)
        #expect(matraNames(tihai)[6] == "Dha -" && matraNames(tihai)[7] == "- -" && matraNames(tihai)[22] == "Dha -")
        #expect(warnings(result).contains { $0.message.contains("'start: 11'") && $0.location?.line == 13 })

        let thekaPath = sharedFormats.appendingPathComponent("tabalchi/theka_example.tabla").path
        let theka = Importer().read(.tabalchi, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: thekaPath))), file: thekaPath)
        let t = try #require(theka.compositions.first).composition
        #expect(t.taal.name == "Jhaptaal" && t.form == .theka && t.laya == 120 && t.sections.count == 1 && t.sections[0].name == nil)
        #expect(matraNames(t.sections[0]) == ["Dhi", "Na", "Dhi", "Dhi", "Na", "Ti", "Na", "Dhi", "Dhi", "Na"])
    }
}

extension TabalchiTests {
    @Test func missingKhaliIsNotGuessed() throws {
        let text = "{\"type\": \"Kayda\", \"taal\": \"Dadra\", \"components\": {\"mainTheme\": {\"bhari\": \"dha | ge | na | dha | tin | na\"}}}"
        let result = Importer().read(.tabalchi, text: text, file: "k.tabla")
        let c = try #require(result.compositions.first).composition
        #expect(matraNames(c.sections[0]) == ["Dha", "Ge", "Na", "Dha", "Tin", "Na"])
        #expect(warnings(result).contains { $0.message.contains("no khali half") })
    }
}
