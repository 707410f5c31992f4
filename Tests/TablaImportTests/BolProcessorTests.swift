import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Import Bol Processor items")
struct BolProcessorTests {
    /// Items written for this test: plain ones, a polymetric one and one with an unknown bol.
    static let items = """
        -da.test

        // Dadra at two units a beat.
        3+3/2 dha ti . dha ge . na - . ta ti . ta ke . na tr
        4+4+4+4/4 dha ti dha ge . {dha ge, na} . tee na ke na
        4+4/1 dha dha /2 ti ra ki ta tin na ta ta dhin na dha -
        4+4/1 dha dhin dhin zzz . dha dhin dhin dha
        """

    @Test func composedItems() throws {
        let result = Importer().read(.bolprocessor, text: Self.items, file: "-da.test")
        #expect(result.compositions.count == 2 && result.failed == 2)
        let dadra = result.compositions[0].composition
        #expect(dadra.title == "Dadra at two units a beat" && dadra.taal.name == "Dadra")
        #expect(dadra.source == "Bol Processor -da.test, item 1 (line 4)")
        // `tr` is one unit holding Ti Ra, so the last beat is Na, then Ti Ra in its second half.
        #expect(matraNames(dadra.sections[0]) == ["Dha Ti", "Dha Ge", "Na -", "Ta Ti", "Ta Ke", "Na - Ti Ra"])
        let keherwa = result.compositions[1].composition
        // No periods: /1 counts one unit a beat, /2 two.
        #expect(keherwa.taal.name == "Keherwa" && keherwa.title == "-da.test item 3")
        #expect(matraNames(keherwa.sections[0]) == ["Dha", "Dha", "Ti Ra", "Ki Ta", "Tin Na", "Ta Ta", "Dhin Na", "Dha -"])
        #expect(result.compositions[1].baseName == "da-test-item-3")
        // The polymetric item and the unknown bol are reported where they are written.
        let e = errors(result)
        #expect(e.contains { $0.description.hasPrefix("-da.test:5:27: error: item 2 uses a polymetric structure '{...}'") })
        #expect(e.contains { $0.description.hasPrefix("-da.test:7:21: error: unknown syllable 'zzz'") })
        #expect(result.summary.polymetricItems == 1 && result.summary.unknownSyllables == ["ZZZ": 1])
        for imported in result.compositions {
            #expect(recheck(imported).1.filter { $0.severity == .error }.isEmpty)
        }
    }

    @Test func copiesAndSignatures() {
        let copy = Importer().read(.bolprocessor, text: "4+4/1 dha dha *(= dha ti) na na na na", file: "c")
        #expect(copy.failed == 1 && errors(copy).first?.message.contains("homomorphic") == true)
        let master = Importer().read(.bolprocessor, text: "4+4/1 (= dha ti) na na na na na na", file: "c")
        #expect(master.failed == 1 && errors(master).first?.message.contains("master or slave copy") == true)
        let noSignature = Importer().read(.bolprocessor, text: "dha ti dha ge", file: "c")
        #expect(noSignature.failed == 1 && errors(noSignature).first?.message.contains("time signature") == true)
        // A division no catalogue taal has is written as a taal defined inline, with a warning.
        let odd = Importer().read(.bolprocessor, text: "5+5/1 dha dhin na dha tin na dha dhin na ta", file: "c")
        #expect(odd.compositions.first?.composition.taal.vibhags == [5, 5])
        #expect(warnings(odd).contains { $0.message.contains("5+5") })
        // Fewer beats than a cycle: the start is inferred and reported.
        let short = Importer().read(.bolprocessor, text: "3+3/1 na dha ti dha", file: "c")
        #expect(short.compositions.first?.composition.sections[0].start == 3)
    }

    @Test(.enabled(if: hasSharedFormats, "../shared/formats is absent (a bare clone): the shared examples are not read"))
    func sharedExample() throws {
        let path = sharedFormats.appendingPathComponent("bolprocessor/-da.example").path
        let result = Importer().read(.bolprocessor, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.compositions.count == 3)
        let theka = result.compositions[0].composition
        #expect(theka.title == "Teentaal theka at one bol per beat (16 beats)" && theka.taal.name == "Teentaal")
        #expect(matraNames(theka.sections[0]) == "Dha Dhin Dhin Dha Dha Dhin Dhin Dha Dha Tin Tin Ta Ta Dhin Dhin Dha".split(separator: " ").map(String.init))
        let theme = matraNames(result.compositions[1].composition.sections[0])
        #expect(theme.count == 16 && theme[0] == "Dha Ti Dha Ge" && theme[2] == "Ge Dhi Na Ge" && theme[3] == "Ti Na Ke Na")
        #expect(theme[8] == "Ta Ti Ta Ke" && theme[15] == "Dhi Na Ge Na")
        // tr and kt: Na Dha, then Ti Ra and Ki Ta each in a quarter of the beat.
        let trkt = matraNames(result.compositions[2].composition.sections[0])
        #expect(trkt[1] == "Na - Dha - Ti Ra Ki Ta" && trkt[0] == "Dha Ti Dha Ge")
        #expect(result.compositions.map(\.baseName)[1] == "a-qaida-theme-at-four-units-per-beat-16-beats-bhari-half")
    }
}
