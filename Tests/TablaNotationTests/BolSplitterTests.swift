import Testing
@testable import TablaNotation

@Suite("Splitting joined words and normalising spellings")
struct BolSplitterTests {
    func names(_ word: String) -> String? {
        guard case .success(let pulses) = BolSplitter.standard.split(word) else { return nil }
        return pulses.map { $0.text(.roman) }.joined(separator: " ")
    }

    @Test(arguments: [
        ("TinNa", "Tin Na"), ("DhinNa", "Dhin Na"), ("TiRaKiTa", "Ti Ra Ki Ta"), ("dhatidhage", "Dha Ti Dha Ge"),
        ("DhaGe", "Dha Ge"), ("Dha-", "Dha -"), ("-Dha", "- Dha"), ("Dha--", "Dha - -"), ("DhaS", "Dha -"),
        ("dha.ti.dha.ge", "Dha Ti Dha Ge"), ("DhaTi.DhaGe", "Dha Ti Dha Ge"), ("tinna", "Tin Na"), ("dhinna", "Dhin Na"),
        ("DhiNa", "Dhi Na"), ("GeNa", "Ge Na"), ("KiTaTaKa", "Ki Ta Ta Ka"), ("GaDiGaNa", "Ga Di Ga Na"),
        ("DhirDhir", "Dhi Ra Dhi Ra"), ("TeTe", "Te Te"), ("DhaTiRaKiTa", "Dha Ti Ra Ki Ta"), ("KatTa", "Kat Ta"),
        ("TRKT", "Ti Ra Ki Ta"), ("trkt", "Ti Ra Ki Ta"), ("Terekite", "Ti Ra Ki Ta"), ("TeReKiTe", "Ti Ra Ki Ta"),
        ("TiReKiTe", "Ti Ra Ki Ta"), ("Tirakita", "Ti Ra Ki Ta"), ("TIRAKITA", "Ti Ra Ki Ta"), ("DHINNA", "Dhin Na"),
        ("DhaTraKa", "Dha Tra Ka"), ("TuNa", "Tun Na"), ("KeNa", "Ke Na"), ("TiKre", "Ti Kran"), ("DhiDhin", "Dhi Dhin"),
    ])
    func joinedWords(word: String, expected: String) {
        #expect(names(word) == expected)
    }

    @Test(arguments: [
        ("Dhaa", "Dha"), ("DHA", "Dha"), ("dha", "Dha"), ("Teen", "Tin"), ("Tinn", "Tin"), ("Thun", "Tun"), ("Tu", "Tun"),
        ("Toon", "Tun"), ("Dheen", "Dhin"), ("Taa", "Ta"), ("Ghe", "Ge"), ("Re", "Ra"), ("Tete", "Te Te"), ("Tite", "Te Te"),
        ("Kra", "Kran"), ("Gha", "Ga"), ("S", "-"), ("ऽ", "-"),
    ])
    func spellings(word: String, expected: String) {
        #expect(names(word) == expected)
    }

    @Test(arguments: [
        ("धा", "Dha"), ("धिं", "Dhin"), ("धिन्", "Dhin"), ("तिं", "Tin"), ("ता", "Ta"), ("ना", "Na"), ("तिरकिट", "Ti Ra Ki Ta"),
        ("धागे", "Dha Ge"), ("तिंना", "Tin Na"), ("धिंना", "Dhin Na"), ("गेना", "Ge Na"), ("धाऽ", "Dha -"), ("तेटे", "Te Te"),
        ("कत्", "Kat"), ("धाधिंधिंधा", "Dha Dhin Dhin Dha"), ("तू", "Tun"),
    ])
    func devanagari(word: String, expected: String) {
        #expect(names(word) == expected)
    }

    @Test func unknownBolSuggestsTheClosest() {
        guard case .failure(let f) = BolSplitter.standard.split("Dhinn") else {
            Issue.record("Dhinn should not split")
            return
        }
        #expect(f.message == "unknown bol 'Dhinn'; did you mean 'Dhin'?")
        #expect(f.scalarOffset == 0)
    }

    @Test func unknownPieceInsideAWordIsNamedWithItsOffset() {
        guard case .failure(let f) = BolSplitter.standard.split("DhaGeXo") else {
            Issue.record("DhaGeXo should not split")
            return
        }
        #expect(f.message.hasPrefix("unknown bol 'Xo' in 'DhaGeXo'"))
        #expect(f.scalarOffset == 5)
    }

    @Test func everyCanonicalNameReadsBackAsItself() {
        for bol in Bol.all {
            #expect(names(bol.name) == bol.name)
            #expect(names(bol.devanagari) == bol.name, "Devanagari \(bol.devanagari)")
        }
    }

    @Test func khaliCounterparts() {
        let pairs = [("Dha", "Ta"), ("Dhin", "Tin"), ("Dhi", "Ti"), ("Ge", "Ke"), ("Ga", "Ka"), ("Dhe", "Te"), ("Gran", "Kran"), ("Na", "Na")]
        for (open, closed) in pairs { #expect(Bol.named(open)?.khali.name == closed) }
    }

    @Test func strokesOfCompoundBols() {
        #expect(Bol.named("Dha")?.strokes == [.ge, .na])
        #expect(Bol.named("Dhin")?.strokes == [.ge, .tin])
        #expect(Bol.named("Kran")?.strokes == [.ke, .na])
        #expect(Bol.named("Tin")?.drums == [.dayan])
        #expect(Bol.named("Kat")?.drums == [.bayan])
        #expect(Bol.named("Dha")?.isBayanResonant == true)
        #expect(Bol.named("Ta")?.isBayanResonant == false)
        #expect(Stroke.te.isOpen == false && Stroke.tin.isOpen == true)
    }
}
