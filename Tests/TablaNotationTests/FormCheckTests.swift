import Foundation
import Testing
@testable import TablaNotation

/// The form checks: tihais land on sam with three equal phrases, khali halves mirror
/// bhari halves, and each points at the line where the form breaks.
@Suite("Form checks")
struct FormCheckTests {
    static let bedamTihai = """
        title: Bedam tihai
        taal: teentaal
        form: tihai
        ends: sam

        [tihai]
        DhaTi DhaGe NaDha TiRa | KiTa DhaDha TiDha GeNa |
        DhaTi RaKi TaDha DhaTi | DhaGe NaDha TiRa KiTa || Dha

        """

    @Test func aRightTihaiPasses() throws {
        let (c, d) = NotationParser().check(Self.bedamTihai)
        #expect(d.isEmpty, "\(d)")
        let found = try #require(FormCheck().tihai(endingSection: c.sections[0]))
        // 11 half-matras, no gap, starting on matra 1, the off-beat of 6, and 12.
        #expect(found.resolution == 2 && found.phraseLength == 11 && found.gap == 0 && found.starts == [0, 11, 22])
    }

    @Test func aWrongTihaiIsAnErrorAtItsLine() throws {
        // Phrase 2's Dha on matra 9 written Ta (line 8, column 1).
        let wrong = Self.bedamTihai.replacingOccurrences(of: "DhaTi RaKi", with: "TaTi RaKi")
        let (_, d) = NotationParser().check(wrong)
        #expect(d.count == 1)
        let e = try #require(d.first)
        #expect(e.severity == .error)
        #expect(e.location == SourceLocation(line: 8, column: 1))
        #expect(e.message.contains("this tihai does not end with three equal phrases landing on sam"))
        #expect(e.message.contains("three phrases of 5.5 matras with no gap, starting on matra 1 of cycle 1, matra 6 of cycle 1 (off-beat), matra 12 of cycle 1"))
        #expect(e.message.contains("phrase 2 has 'Ta' at matra 9 of cycle 1 where phrase 3 has 'Dha'"), "\(e.message)")
    }

    @Test func aTukdaWithoutTihaiIsAWarning() throws {
        let text = """
            taal: teentaal
            form: tukda
            ends: sam
            [tukda]
            DhaGe NaDha TiRaKiTa DhiNa | GeNa DhaGe TinNa KeNa | TaKe NaTa TiRaKiTa TiNa | KeNa DhaGe DhiNa GeNa || Dha

            """
        let (_, d) = NotationParser().check(text)
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.message.hasPrefix("this tukda does not end with three equal phrases landing on sam") == true)
        #expect(d.first?.location.line == 5)
        // Switched off, nothing.
        var rules = FormCheck.Rules()
        rules.tihai = false
        #expect(FormCheck(rules: rules).check(NotationParser().parse(text).0).isEmpty)
    }

    @Test func onlyTheLastFourCyclesAreSearched() throws {
        // Twenty cycles of theka, then a tihai: found, its starts counted from the section's
        // first pulse; the long lead-in costs nothing.
        let theka = "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"
        let tihai = "TiRaKiTa DhaGe NaDha TiRaKiTa | Dha - TiRaKiTa DhaGe | NaDha TiRaKiTa Dha - | TiRaKiTa DhaGe NaDha TiRaKiTa || Dha\n"
        let text = "taal: teentaal\nform: tukda\nends: sam\n" + String(repeating: theka, count: 20) + tihai
        let (c, d) = NotationParser().check(text)
        #expect(d.isEmpty, "\(d)")
        let found = try #require(FormCheck().tihai(endingSection: c.sections[0]))
        // Matra 321 at 4 pulses a matra: pulse 1280.
        #expect(found.starts == [1280, 1280 + 24, 1280 + 48])
    }

    static let kaida = """
        taal: teentaal
        form: kaida
        [theme]
        DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe TinNa KeNa ||
        TaTi TaKe TiNa KeNa | TaTi TaKe TiNa KeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa ||
        [palta 1]
        DhaTi DhaGe DhaTi DhaGe | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe TinNa KeNa ||
        TaTi TaKe TaTi TaKe | TaTi TaKe TiNa KeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa ||

        """

    @Test func aMirroredKaidaPasses() {
        #expect(NotationParser().check(Self.kaida).1.isEmpty)
    }

    @Test func aBrokenMirrorIsAWarningAtItsMatra() throws {
        // Palta 1's khali half leaves matra 3 open (DhaTi for TaTi): line 8, column 11.
        let broken = Self.kaida.replacingOccurrences(of: "TaTi TaKe TaTi TaKe", with: "TaTi TaKe DhaTi TaKe")
        let (c, d) = NotationParser().check(broken)
        #expect(d.count == 1)
        let w = try #require(d.first)
        #expect(w.severity == .warning)
        #expect(w.location == SourceLocation(line: 8, column: 11))
        #expect(w.message == "'palta 1': the khali half is not the khali mirror of the bhari half: at matra 3 of cycle 2 it has 'DhaTi' "
            + "where the mirror has 'TaTi' (the first part of the khali half is the bhari's under the khali transform)")
        var rules = FormCheck.Rules()
        rules.khaliMirror = false
        #expect(FormCheck(rules: rules).check(c).isEmpty)
    }

    @Test func aClosedCadenceIsCaught() throws {
        // The theme's khali half ends on TinNa KeNa: it never opens back to sam (line 5).
        let closed = Self.kaida.replacingOccurrences(of: "DhaTi DhaGe DhiNa GeNa ||\n[palta", with: "DhaTi DhaGe TinNa KeNa ||\n[palta")
        let (_, d) = NotationParser().check(closed)
        #expect(d.count == 1)
        #expect(d.first?.location.line == 5)
        #expect(d.first?.message.contains("at matra 15 of cycle 2 it has 'TinNa' where the mirror has 'DhiNa' (the closed cadence must be opened to lead back to sam)") == true, "\(d)")
    }

    @Test func aCalculatedTihaiPassesEveryRule() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        for from in [1, 9, 13] {
            for t in TihaiCalculator(taal: teentaal, from: from).arrangements(of: KhaliTransform.matras("DhaGe NaDha TiRaKiTa")!) {
                let c = t.composition()
                #expect(FormCheck().check(c).isEmpty)
                #expect(FormCheck().tihai(endingSection: c.sections[0]) != nil)
                #expect(Validator().validate(c).isEmpty, "\(t.arithmetic)")
            }
        }
    }

    /// The corpus's tihais are found as the comments in the files describe them.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: compositionsURL.path), "Compositions/ not found"))
    func corpusTihais() throws {
        func found(_ path: String) throws -> FormCheck.Found? {
            let (c, _) = NotationParser().check(try String(contentsOf: compositionsURL.appendingPathComponent(path), encoding: .utf8))
            return FormCheck().tihai(endingSection: c.sections.last!)
        }
        // 3 x 9 + 2 x 3 matras: phrases of 17 half-matras, gaps of 7.
        let dumdar = try #require(try found("teentaal/kaida-dha-ti-dha-ge.bol"))
        #expect(dumdar.phraseLength == 17 && dumdar.gap == 7)
        // 9 + 3 + 9 + 3 + 9 = 33 half-matras.
        let taka = try #require(try found("teentaal/tihai-dumdar-taka-dhina.bol"))
        #expect(taka.phraseLength == 9 && taka.gap == 3)
        // A tukda's tihai: 5 + 1 + 5 + 1 + 5 = 17 matras, in quarter-matras 17 and 7.
        let tukda = try #require(try found("teentaal/tukda-dhage-nadha.bol"))
        #expect(tukda.resolution == 4 && tukda.phraseLength == 17 && tukda.gap == 7)
    }
}
