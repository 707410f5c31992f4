import Foundation
import Testing
@testable import TablaNotation

/// The tihai calculator against tihais worked out by hand (the working is in each
/// comment), with the arithmetic checked independently of the calculator's own.
@Suite("Tihai calculator")
struct TihaiTests {
    static let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
    static let jhaptaal = TaalCatalogue.standard.taal(named: "jhaptaal")!
    static let rupak = TaalCatalogue.standard.taal(named: "rupak")!

    func phrase(_ text: String) -> [Matra] { KhaliTransform.matras(text)! }

    func text(_ matras: [Matra]) -> String { matras.map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " ") }

    /// (unit, repeats, gap in pulses, arithmetic) for each arrangement, in order.
    func summary(_ tihais: [Tihai]) -> [String] {
        tihais.map { t in
            let unit: String
            switch t.unit {
            case .whole(let m): unit = "whole x\(m)"
            case .endedOnFirstBol(let m): unit = "ended x\(m)"
            }
            return "\(unit) gap \(t.gap): \(t.arithmetic)"
        }
    }

    /// Independent check: the first bol on `from`, the last on a sam, 3L + 2g pulses.
    func landsOnSam(_ t: Tihai) -> Bool {
        let r = t.resolution, n = t.taal.matras
        let firstPulse = (t.from - 1) * r
        let lastPulse = firstPulse + 3 * t.phrase.count + 2 * t.gap - 1
        let pulses = t.pulses
        return lastPulse % (n * r) == 0 && lastPulse > firstPulse && pulses.count == 3 * t.phrase.count + 2 * t.gap
            && pulses.last?.bol != nil
    }

    /// The printed tihai reads back with no error and its last bol on sam.
    func printsClean(_ t: Tihai) throws {
        let printed = Printer().text(t.composition(title: "test"))
        let (c, d) = NotationParser().check(printed)
        #expect(d.filter { $0.severity != .note }.isEmpty, "\(d)\n\(printed)")
        let s = try #require(c.sections.first)
        #expect(s.start == t.from && s.ends == .sam)
        #expect(s.matras.flatMap(\.pulses).compactMap(\.bol) == t.pulses.compactMap(\.bol))
    }

    @Test func teentaalFromSamDumdar() throws {
        // Phrase DhaTi DhaGe DhiNa GeNa: 8 half-matras; 1 cycle = 32, +1 = 33.
        //   P + Dha (9):  33 - 27 = 6  -> gap 3 (1.5 matras), in matras 5 + 1 + 5 + 1 + 5 = 17
        //   P P Dha (17): 65 - 51 = 14 -> gap 7, in matras 9 + 3 + 9 + 3 + 9 = 33 (the corpus tihai)
        //   P P P Dha (25): 97 - 75 = 22 -> gap 11, in matras 13 + 5 + 13 + 5 + 13 = 49
        //   P alone (8), P P (16), P P P (24): 33, 65, 97 minus 24, 48, 72 are odd: no gap fits.
        let calc = TihaiCalculator(taal: Self.teentaal, kind: .any)
        let found = calc.arrangements(of: phrase("DhaTi DhaGe DhiNa GeNa"))
        #expect(summary(found) == [
            "ended x1 gap 3: 3 x 5 + 2 x 1 = 17 = 1 cycle + sam",
            "ended x2 gap 7: 3 x 9 + 2 x 3 = 33 = 2 cycles + sam",
            "ended x3 gap 11: 3 x 13 + 2 x 5 = 49 = 3 cycles + sam",
        ])
        #expect(found.allSatisfy { $0.kind == .dumdar && landsOnSam($0) })
        #expect(TihaiCalculator(taal: Self.teentaal, kind: .bedam).arrangements(of: phrase("DhaTi DhaGe DhiNa GeNa")).isEmpty)
        for t in found { try printsClean(t) }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: compositionsURL.path), "Compositions/ not found"))
    func theCorpusDumdarTihaiIsTheTwoCycleArrangement() throws {
        let url = compositionsURL.appendingPathComponent("teentaal/kaida-dha-ti-dha-ge.bol")
        let (c, _) = NotationParser().check(try String(contentsOf: url, encoding: .utf8))
        let corpus = try #require(c.sections.last)
        let t = try #require(TihaiCalculator(taal: Self.teentaal).arrangements(of: phrase("DhaTi DhaGe DhiNa GeNa"))
            .first { $0.cycles == 2 })
        #expect(t.section().matras.map(\.pulses) == corpus.matras.map(\.pulses))
    }

    @Test func teentaalFromSamBedam() throws {
        // Phrase DhaTi DhaGe NaDha TiRa KiTa (10 half-matras), ended on Dha: 11.
        //   3 x 11 + 2 x 0 = 33 = 1 cycle + sam (the corpus's bedam tihai).
        //   Twice and Dha (21): 65 - 63 = 2 -> gap 1 half-matra: bedam too.
        //   Whole (10, 20, 30): 33 - 30, 65 - 60, 97 - 90 are odd.
        let found = TihaiCalculator(taal: Self.teentaal, kind: .bedam).arrangements(of: phrase("DhaTi DhaGe NaDha TiRa KiTa"))
        #expect(summary(found) == [
            "ended x1 gap 0: 3 x 11 + 2 x 0 = 33 half-matras = 1 cycle + sam",
            "ended x2 gap 1: 3 x 11 + 2 x 0 = 33 = 2 cycles + sam",
        ])
        #expect(found.allSatisfy { $0.kind == .bedam && landsOnSam($0) })
        // The phrases start on matra 1, on the off-beat of matra 6 and on matra 12.
        #expect(found[0].phraseStarts == [0, 11, 22])
        #expect(text(found[0].matras) == "DhaTi DhaGe NaDha TiRa KiTa DhaDha TiDha GeNa DhaTi RaKi TaDha DhaTi DhaGe NaDha TiRa KiTa Dha")
        for t in found { try printsClean(t) }
    }

    @Test func teentaalFromMatra9() throws {
        // Phrase DhaGe NaDha (4 half-matras); from matra 9: 8 matras = 16, +1 = 17.
        //   P + Dha (5): 17 - 15 = 2 -> gap 1 (bedam); in matras 3 + 0 + 3 + 0 + 3 = 9.
        //   P P P + Dha (13), past one more sam: 49 - 39 = 10 -> gap 5 (dumdar);
        //   in matras 7 + 2 + 7 + 2 + 7 = 25 = 24 + 1.
        let bedam = TihaiCalculator(taal: Self.teentaal, from: 9, kind: .bedam).arrangements(of: phrase("DhaGe NaDha"))
        #expect(summary(bedam) == ["ended x1 gap 1: 3 x 3 + 2 x 0 = 9 = 8 matras from matra 9 + sam"])
        #expect(text(bedam[0].matras) == "DhaGe NaDha Dha DhaGe NaDha Dha DhaGe NaDha Dha")
        let dumdar = TihaiCalculator(taal: Self.teentaal, from: 9, kind: .dumdar).arrangements(of: phrase("DhaGe NaDha"))
        #expect(summary(dumdar) == ["ended x3 gap 5: 3 x 7 + 2 x 2 = 25 = 24 matras from matra 9 + sam"])
        for t in bedam + dumdar {
            #expect(landsOnSam(t))
            try printsClean(t)
        }
    }

    @Test func teentaalFromMatra9AtThah() throws {
        // Dha Dhin Na at thah from matra 9: 3 + 3 + 3 = 9 matras to sam, no gap.
        let found = TihaiCalculator(taal: Self.teentaal, from: 9, kind: .bedam).arrangements(of: phrase("Dha Dhin Na"))
        #expect(summary(found) == ["whole x1 gap 1: 3 x 3 + 2 x 0 = 9 = 8 matras from matra 9 + sam"])
        #expect(text(found[0].matras) == "Dha Dhin Na Dha Dhin Na Dha Dhin Na")
    }

    @Test func teentaalFromMatra13() throws {
        // Bedam: TiRaKiTa Dha (5 quarter-matras) from 13: 4 matras = 16, +1 = 17;
        //   17 - 15 = 2 -> gap of 1 quarter-matra.
        let bedam = TihaiCalculator(taal: Self.teentaal, from: 13, kind: .bedam).arrangements(of: phrase("TiRaKiTa Dha"))
        #expect(summary(bedam) == ["whole x1 gap 1: 3 x 5 + 2 x 1 = 17 quarter-matras = 4 matras from matra 13 + sam"])
        #expect(text(bedam[0].matras) == "TiRaKiTa Dha-TiRa KiTaDha- TiRaKiTa Dha")
        // Dumdar: TiRaKiTa DhaGe NaDha TiRaKiTa + Dha (17 quarter-matras) from 13, past one
        //   more sam: 20 matras = 80, +1 = 81; 81 - 51 = 30 -> gap 15; in matras
        //   5 + 3 + 5 + 3 + 5 = 21. Twice and Dha (33), past two sams: 145 - 99 = 46 -> 23;
        //   in matras 9 + 5 + 9 + 5 + 9 = 37.
        let dumdar = TihaiCalculator(taal: Self.teentaal, from: 13, kind: .dumdar)
            .arrangements(of: phrase("TiRaKiTa DhaGe NaDha TiRaKiTa"))
        #expect(summary(dumdar) == [
            "ended x1 gap 15: 3 x 5 + 2 x 3 = 21 = 20 matras from matra 13 + sam",
            "ended x2 gap 23: 3 x 9 + 2 x 5 = 37 = 36 matras from matra 13 + sam",
        ])
        // The added landing bol is Dha, the phrase's first open stroke, not its first Ti.
        #expect(dumdar.allSatisfy { $0.phrase.last == .bol(Bol.named("Dha")!) })
        for t in bedam + dumdar {
            #expect(landsOnSam(t))
            try printsClean(t)
        }
    }

    @Test func jhaptaal() throws {
        // DhaGe NaDha (4 half-matras) in Jhaptaal (10): 21, 41, 61 half-matras to land.
        //   P + Dha (5): 21 - 15 = 6 -> gap 3: 3 + 1 + 3 + 1 + 3 = 11 (the classic).
        //   P P + Dha (9): 41 - 27 = 14 -> gap 7: 5 + 3 + 5 + 3 + 5 = 21.
        //   P P P + Dha (13): 41 - 39 = 2 -> gap 1 (bedam): 7 + 0 + 7 + 0 + 7 = 21;
        //                     61 - 39 = 22 -> gap 11: 7 + 5 + 7 + 5 + 7 = 31.
        //   Whole phrases (4, 8, 12): every remainder is odd.
        let found = TihaiCalculator(taal: Self.jhaptaal).arrangements(of: phrase("DhaGe NaDha"))
        #expect(summary(found) == [
            "ended x1 gap 3: 3 x 3 + 2 x 1 = 11 = 1 cycle + sam",
            "ended x2 gap 7: 3 x 5 + 2 x 3 = 21 = 2 cycles + sam",
            "ended x3 gap 1: 3 x 7 + 2 x 0 = 21 = 2 cycles + sam",
            "ended x3 gap 11: 3 x 7 + 2 x 5 = 31 = 3 cycles + sam",
        ])
        #expect(found.map(\.kind) == [.dumdar, .dumdar, .bedam, .dumdar])
        #expect(text(found[0].matras) == "DhaGe NaDha Dha - DhaGe NaDha Dha - DhaGe NaDha Dha")
        for t in found {
            #expect(landsOnSam(t))
            try printsClean(t)
        }
    }

    @Test func rupak() throws {
        // TiRaKiTa Dha (5 quarter-matras) in Rupak (7): 28 + 1 = 29.
        //   Whole: 29 - 15 = 14 -> gap 7 (dumdar); in matras 2 + 1 + 2 + 1 + 2 = 8.
        //   Ended on Dha (its first open bol, not Ti) (9): 29 - 27 = 2 -> gap 1 (bedam).
        //   Same length: the phrase as given comes first.
        let found = TihaiCalculator(taal: Self.rupak, maxCycles: 1).arrangements(of: phrase("TiRaKiTa Dha"))
        #expect(summary(found) == [
            "whole x1 gap 7: 3 x 2 + 2 x 1 = 8 = 1 cycle + sam",
            "ended x1 gap 1: 3 x 9 + 2 x 1 = 29 quarter-matras = 1 cycle + sam",
        ])
        #expect(found.map(\.kind) == [.dumdar, .bedam])
        #expect(text(found[0].matras) == "TiRaKiTa Dha - TiRaKiTa Dha - TiRaKiTa Dha")
        // From matra 4 of Rupak (4 matras = 16 + 1 = 17): 17 - 15 = 2 -> gap 1, bedam.
        let fromFour = TihaiCalculator(taal: Self.rupak, from: 4, kind: .bedam, maxCycles: 1).arrangements(of: phrase("TiRaKiTa Dha"))
        #expect(summary(fromFour) == ["whole x1 gap 1: 3 x 5 + 2 x 1 = 17 quarter-matras = 4 matras from matra 4 + sam"])
        for t in found + fromFour {
            #expect(landsOnSam(t))
            try printsClean(t)
        }
    }

    @Test func noFitSaysWhyAndWhatComesNear() {
        // Bedam with DhaTi DhaGe DhiNa GeNa in Teentaal: every fit has a dumdar gap.
        let s = TihaiCalculator(taal: Self.teentaal, kind: .bedam).search(phrase("DhaTi DhaGe DhiNa GeNa"))
        #expect(s.arrangements.isEmpty)
        #expect(s.reason?.contains("not bedam") == true)
        #expect(s.reason?.contains("--kind any") == true)
        #expect(s.nearMisses.first?.offset == 0)
        // A 20-matra phrase can't fit three times in one cycle.
        let long = phrase(Array(repeating: "DhaGe", count: 20).joined(separator: " "))
        let l = TihaiCalculator(taal: Self.teentaal, maxCycles: 1).search(long)
        #expect(l.arrangements.isEmpty)
        #expect(l.reason?.contains("longer than the 16 matras to sam") == true)
        // From 13 at dugun: 4 matras = 8 + 1 = 9 half-matras. DhaGe + Dha (3): 9 - 9 = 0.
        // DhaGe whole (2): 9 - 6 = 3 is odd; DhaGe DhaGe (4, 5) is too long.
        let dhage = TihaiCalculator(taal: Self.teentaal, from: 13, kind: .bedam, maxCycles: 1).search(phrase("DhaGe"))
        #expect(summary(dhage.arrangements) == ["ended x1 gap 0: 3 x 3 + 2 x 0 = 9 half-matras = 4 matras from matra 13 + sam"])
        let odd = TihaiCalculator(taal: Self.teentaal, from: 16, kind: .any, maxCycles: 1).search(phrase("DhaGe DhaGe"))
        // From 16: 1 matra = 2 + 1 = 3 half-matras; no phrase of 2 bols or more fits thrice.
        #expect(odd.arrangements.isEmpty && odd.reason != nil)
        #expect(odd.nearMisses.allSatisfy { $0.offset != 0 })
    }

    @Test func aGridTooFineIsRefusedWithAReason() {
        // 5, 7 and 9 bols a matra need 315 pulses a matra.
        let s = TihaiCalculator(taal: Self.teentaal).search(phrase("DhaGeNaDhaGe DhaGeNaDhaGeNaDha DhaGeNaDhaGeNaDhaGeNa"))
        #expect(s.arrangements.isEmpty && s.reason?.contains("no common grid of at most 48") == true)
        #expect(TihaiGrid.resolution(phrase("Dha DhaGe DhaTiTa TiRaKiTa DhaGeNaDhaTiTa")) == 12)
    }

    @Test func lengthsAreSaidAsPlayersSayThem() {
        #expect(TihaiCalculator.describe(6, 2) == "3 matras")
        #expect(TihaiCalculator.describe(3, 2) == "1.5 matras")
        #expect(TihaiCalculator.describe(7, 4) == "1.75 matras")
        #expect(TihaiCalculator.describe(1, 4) == "0.25 matras")
        #expect(TihaiCalculator.describe(4, 3) == "1 1/3 matras")
        #expect(TihaiCalculator.describe(2, 6) == "1/3 matra")
    }

    @Test func oneBolThriceIsNoTihai() {
        // From matra 16 at thah: 1 matra = 2 half-matras + 1. Dha Dha Dha would fit with no
        // gap, but a phrase needs two bols; Dha + Dha (3 half-matras) does not fit.
        let s = TihaiCalculator(taal: Self.teentaal, from: 16, maxCycles: 1).search(phrase("Dha"))
        #expect(s.arrangements.isEmpty)
        // Ended on its first bol it is a phrase of two: Dha - Dha, thrice from matra 13.
        let t = TihaiCalculator(taal: Self.teentaal, from: 13, maxCycles: 1).arrangements(of: phrase("Dha"))
        #expect(summary(t) == ["ended x1 gap 0: 3 x 3 + 2 x 0 = 9 half-matras = 4 matras from matra 13 + sam"])
    }

    @Test func mixedLayakariIsPutOnOneGrid() {
        let (pulses, r) = TihaiGrid.onGrid(phrase("Dha TiRaKiTa DhaGe"))
        #expect(r == 4)
        #expect(pulses.map { $0.text(.roman) } == ["Dha", "-", "-", "-", "Ti", "Ra", "Ki", "Ta", "Dha", "-", "Ge", "-"])
        #expect(TihaiGrid.simplified([.rest, .rest, .rest, .rest]) == [.rest])
        #expect(TihaiGrid.simplified(KhaliTransform.pulses("Dha-Ge-")!) == KhaliTransform.pulses("DhaGe"))
    }
}
