import Foundation
import Testing
@testable import TablaNotation

/// The khali transform, written out by hand from TABLA.md ("Forms", "Kaida halves,
/// precisely"), not read from the vocabulary.
@Suite("Khali transform and mirror")
struct KhaliTransformTests {
    /// Every bol of the vocabulary and its khali form: Dha -> Ta, Dhin -> Tin, Dhi -> Ti,
    /// Ge -> Ke, Dhe(Te) -> Te, Gran -> Kran; bols without the open bayan stay.
    static let khaliByHand: [(String, String)] = [
        ("Dha", "Ta"), ("Dhin", "Tin"), ("Dhi", "Ti"), ("Dhun", "Tun"), ("Dhe", "Te"), ("Dhet", "Tet"),
        ("Dhit", "Tit"), ("Din", "Tin"), ("Di", "Ti"),
        ("Na", "Na"), ("Ta", "Ta"), ("Tin", "Tin"), ("Tun", "Tun"), ("Te", "Te"), ("Ti", "Ti"), ("Ra", "Ra"),
        ("Tit", "Tit"), ("Tet", "Tet"), ("Tra", "Tra"),
        ("Ge", "Ke"), ("Ga", "Ka"), ("Ke", "Ke"), ("Ki", "Ki"), ("Ka", "Ka"), ("Kat", "Kat"),
        ("Kran", "Kran"), ("Gran", "Kran"),
        // Bols of real notation (docs/NOTATION.md): Da is a dayan stroke, Tak and Chap
        // closed slaps, Kru a closed flam; Ghen is Ge's open bayan stroke.
        ("Da", "Da"), ("Tak", "Tak"), ("Chap", "Chap"), ("Ghen", "Ke"), ("Kru", "Kru"),
    ]

    @Test(arguments: khaliByHand)
    func khaliOfEveryBol(bhari: String, khali: String) throws {
        let bol = try #require(Bol.named(bhari))
        #expect(KhaliTransform.khali(.bol(bol)) == .bol(Bol.named(khali)!))
        // The khali form rings no bayan: that is what khali means.
        #expect(!Bol.named(khali)!.isBayanResonant)
    }

    @Test func theTableCoversTheWholeVocabulary() {
        #expect(Set(Self.khaliByHand.map(\.0)) == Set(Bol.all.map(\.name)))
    }

    /// The opening map, by hand: the closed bol and the open one a cadence returns to.
    static let openingByHand: [(String, String?)] = [
        ("Ta", "Dha"), ("Tin", "Dhin"), ("Ti", "Dhi"), ("Tun", "Dhun"), ("Te", "Dhe"), ("Tet", "Dhet"),
        ("Tit", "Dhit"), ("Ke", "Ge"), ("Ka", "Ga"), ("Kran", "Gran"),
        ("Na", nil), ("Ra", nil), ("Ki", nil), ("Kat", nil), ("Tra", nil), ("Dha", nil), ("Ge", nil), ("Dhin", nil),
    ]

    @Test(arguments: openingByHand)
    func openingOfClosedBols(closed: String, open: String?) {
        let bol = Bol.named(closed)!
        #expect(KhaliTransform.openings(of: bol).first?.name == open)
        #expect(KhaliTransform.opened(.bol(bol)) == .bol(Bol.named(open ?? closed)!))
    }

    @Test func aPhraseMapsEveryBol() throws {
        let phrase = try #require(KhaliTransform.pulses("DhaTi DhaGe DhiNa GeNa"))
        #expect(KhaliTransform.khali(phrase) == KhaliTransform.pulses("TaTi TaKe TiNa KeNa"))
        #expect(KhaliTransform.opened(KhaliTransform.pulses("TinNa KeNa")!) == KhaliTransform.pulses("DhinNa GeNa"))
        #expect(KhaliTransform.khali(KhaliTransform.pulses("DheTe Gran DhiRe DhiRe -")!) == KhaliTransform.pulses("TeTe Kran TiRe TiRe -"))
    }

    func text(_ matras: [Matra]) -> String { matras.map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " ") }

    @Test func tablaMdExample() throws {
        let bhari = try #require(KhaliTransform.matras("DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa"))
        let khali = KhaliTransform.mirror(ofBhari: bhari)
        #expect(text(khali) == "TaTi TaKe NaTa TiTa GeDhi NaGe DhinNa GeNa")
        #expect(KhaliTransform.mismatch(khali: khali, bhari: bhari) == nil)
    }

    @Test func theThemesOwnOpenPhraseIsPreferred() throws {
        // kaida-dha-ti-dha-ge: the bhari plays DhiNa GeNa, so TinNa KeNa opens to it.
        let bhari = try #require(KhaliTransform.matras(
            "DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe TinNa KeNa"))
        #expect(KhaliTransform.cadenceLength(of: bhari) == 4)
        #expect(KhaliTransform.openedCadence(of: bhari) == KhaliTransform.pulses("DhiNa GeNa"))
        #expect(text(KhaliTransform.mirror(ofBhari: bhari)) ==
                "TaTi TaKe TiNa KeNa TaTi TaKe TiNa KeNa DhaTi DhaGe DhiNa GeNa DhaTi DhaGe DhiNa GeNa")
    }

    @Test func rupakHalvesOfSevenKeepFour() throws {
        let bhari = try #require(KhaliTransform.matras("DhaDha TeTe DhaGe | TeTe DhaGe | TinNa KeNa"))
        // No open TinNa KeNa in the bhari: the opening map. 7 - 7/2 = 4 matras kept.
        #expect(text(KhaliTransform.mirror(ofBhari: bhari)) == "TaTa TeTe TaKe TeTe DhaGe DhinNa GeNa")
        // The corpus writes DhiNa GeNa there, which the checker accepts.
        let corpus = try #require(KhaliTransform.matras("TaTa TeTe TaKe | TeTe DhaGe | DhiNa GeNa"))
        #expect(KhaliTransform.mismatch(khali: corpus, bhari: bhari) == nil)
    }

    @Test func keepLastMovesTheReturn() throws {
        // kaida-dha-ti-ge-na palta 4: a 32-matra bhari half whose khali returns for 16.
        let bhari = try #require(KhaliTransform.matras(
            "DhaTi GeNa DhaTi GeNa | DhaTi GeNa DhaTi DhaGe | DhiNa GeNa DhaTi GeNa | DhaTi DhaGe DhiNa GeNa || "
                + "DhaTi GeNa DhaTi GeNa | DhaTi DhaGe DhiNa GeNa | DhaTi GeNa DhaTi GeNa | DhaTi DhaGe TinNa KeNa"))
        // Kept 4: the opened cadence is the bhari's own DhiNa GeNa of matras 23-24.
        let four = KhaliTransform.mirror(ofBhari: bhari, keepLast: 4)
        #expect(text(Array(four.suffix(4))) == "DhaTi DhaGe DhiNa GeNa")
        #expect(text(Array(four[26..<28])) == "TaTi KeNa")
        let sixteen = KhaliTransform.mirror(ofBhari: bhari, keepLast: 16)
        #expect(text(Array(sixteen[16...])) == "DhaTi GeNa DhaTi GeNa DhaTi DhaGe DhiNa GeNa DhaTi GeNa DhaTi GeNa DhaTi DhaGe DhiNa GeNa")
        #expect(text(Array(sixteen[..<4])) == "TaTi KeNa TaTi KeNa")
        #expect(KhaliTransform.mismatch(khali: sixteen, bhari: bhari) == nil)
        #expect(KhaliTransform.mismatch(khali: four, bhari: bhari) == nil)
        // Keeping nothing leaves the closed cadence, which never leads back to sam.
        let none = KhaliTransform.mirror(ofBhari: bhari, keepLast: 0)
        #expect(KhaliTransform.mismatch(khali: none, bhari: bhari) != nil)
    }

    @Test func aBrokenMirrorIsFoundAtItsMatra() throws {
        let bhari = try #require(KhaliTransform.matras("DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa"))
        // Matra 2 left open (DhaGe for TaKe).
        let open = try #require(KhaliTransform.matras("TaTi DhaGe NaTa TiTa | GeDhi NaGe DhinNa GeNa"))
        let m = try #require(KhaliTransform.mismatch(khali: open, bhari: bhari))
        #expect(m.matra == 1 && m.found == "DhaGe" && m.expected == "TaKe")
        // Half open, half closed in matra 5 (GeTi for GeDhi): neither mirror nor return.
        let mixed = try #require(KhaliTransform.matras("TaTi TaKe NaTa TiTa | GeTi NaGe DhinNa GeNa"))
        let x = try #require(KhaliTransform.mismatch(khali: mixed, bhari: bhari))
        #expect(x.matra == 4 && x.expected == "GeDhi" && x.found == "GeTi")
        // Closed up to the cadence is a late return, which players also write.
        let late = try #require(KhaliTransform.matras("TaTi TaKe NaTa TiTa | KeTi NaKe DhinNa GeNa"))
        #expect(KhaliTransform.mismatch(khali: late, bhari: bhari) == nil)
        // The cadence left closed.
        let unopened = try #require(KhaliTransform.matras("TaTi TaKe NaTa TiTa | GeDhi NaGe TinNa KeNa"))
        let u = try #require(KhaliTransform.mismatch(khali: unopened, bhari: bhari))
        #expect(u.matra == 6 && u.expected == "DhinNa")
        // A half of another length.
        #expect(KhaliTransform.mismatch(khali: Array(open.prefix(7)), bhari: bhari)?.reason.contains("length") == true)
    }

    /// What the generator will rely on: every mirror written by rule passes the checker,
    /// for return points anywhere the checker allows, on random bhari halves of dugun
    /// and tisra words with and without a closed cadence.
    @Test func everyMirrorPassesTheChecker() throws {
        var rng = SplitMix64(seed: 10)
        let dugun = ["DhaTi", "DhaGe", "NaDha", "TiDha", "GeNa", "DhiNa", "TiTa", "KiTa", "TeTe", "DhaDha", "TaKe", "TiNa", "Dha-"]
        let tisra = ["DhaTiTa", "DhaGeNa", "TiRaKi", "DhinNaGe", "TaKeTe", "NaGeNa"]
        let cadences = ["TinNa KeNa", "TiNa KeNa", "KiTa TaKe", "", "DhinNa GeNa", "TuNa KeNa"]
        var checked = 0
        for trial in 0..<400 {
            let words = trial % 3 == 0 ? tisra : dugun
            let cadence = trial % 3 == 0 ? ["DhaGeTin NaKeNa", ""][Int(rng.next() % 2)] : cadences[Int(rng.next() % UInt64(cadences.count))]
            let tail = cadence.isEmpty ? [] : cadence.split(separator: " ").map(String.init)
            let n = [2, 4, 7, 8, 16][Int(rng.next() % 5)]
            guard n > tail.count else { continue }
            let body = (0..<(n - tail.count)).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            let bhari = try #require(KhaliTransform.matras((body + tail).joined(separator: " ")))
            // Return points from one matra before the middle to the last matra.
            for keep in 1...(n - n / 2 + 1) where keep < n {
                let khali = KhaliTransform.mirror(ofBhari: bhari, keepLast: keep)
                #expect(KhaliTransform.mismatch(khali: khali, bhari: bhari) == nil,
                        "\(text(bhari)) -> \(text(khali)) (keep \(keep))")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    /// The return lengths the corpus uses, counted by hand from the files.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: compositionsURL.path), "Compositions/ not found"))
    func returnLengthsOfCorpusSections() throws {
        func length(_ file: String, _ name: String) throws -> Int? {
            let (c, _) = NotationParser().check(try String(contentsOf: compositionsURL.appendingPathComponent(file), encoding: .utf8))
            let s = try #require(c.sections.first { $0.name == name })
            let half = s.matras.count / 2
            return KhaliTransform.returnLength(khali: Array(s.matras.suffix(half)), bhari: Array(s.matras.prefix(half)))
        }
        // Closed TaTi TaKe TiNa KeNa x2, then 8 open matras.
        #expect(try length("teentaal/kaida-dha-ti-dha-ge.bol", "theme") == 8)
        // The open cell starts on the second half of matra 8: matra 8 (TaDha) is the bhari's.
        #expect(try length("teentaal/kaida-farrukhabad-dhatraka.bol", "theme") == 9)
        // 12 closed matras, then KiTa DhaGe DhinNa GeNa.
        #expect(try length("teentaal/kaida-farrukhabad-dhatraka.bol", "palta 4") == 4)
        // A four-cycle palta: cycle 3 closed, cycle 4 open.
        #expect(try length("teentaal/kaida-dha-ti-ge-na.bol", "palta 4") == 16)
        // Rupak: 3 closed, 4 open.
        #expect(try length("rupak/kaida-dhadha-tete.bol", "theme") == 4)
        // And what it finds, mirror writes back (with the theme's own open cadence).
        let bhari = try #require(KhaliTransform.matras("DhaTra KaDhi KiTa DhaGe | NaDha TraKa DhiKi TaDha | TraKa DhiKi TaDha GeNa | KiTa DhaGe TinNa KeNa"))
        #expect(text(KhaliTransform.mirror(ofBhari: bhari, keepLast: 9)) ==
                "TaTra KaTi KiTa TaKe NaTa TraKa TiKi TaDha TraKa DhiKi TaDha GeNa KiTa DhaGe DhinNa GeNa")
        #expect(KhaliTransform.returnLength(khali: KhaliTransform.khali(bhari), bhari: bhari) == nil)
    }

    /// Every theme and palta of the corpus kaidas passes the mirror check, and the
    /// mirror written by rule equals the corpus where the corpus returns at the middle.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: compositionsURL.path), "Compositions/ not found"))
    func corpusKaidasMirror() throws {
        var sections = 0, writtenAlike = 0
        for url in corpusFiles() {
            let (c, _) = NotationParser().check(try String(contentsOf: url, encoding: .utf8))
            guard c.form == .kaida else { continue }
            for s in c.sections where s.ends == .cycle && s.matras.count % 2 == 0 && ((s.name ?? "").hasPrefix("palta") || s.name == "theme") {
                let half = s.matras.count / 2
                let bhari = Array(s.matras.prefix(half)), khali = Array(s.matras.suffix(half))
                #expect(KhaliTransform.mismatch(khali: khali, bhari: bhari) == nil, "\(url.lastPathComponent) [\(s.name ?? "")]")
                sections += 1
                if KhaliTransform.mirror(ofBhari: bhari).map(\.pulses) == khali.map(\.pulses) { writtenAlike += 1 }
            }
        }
        #expect(sections > 80)
        // Most of the corpus returns at the middle, with the theme's own open cadence.
        #expect(writtenAlike * 2 > sections, "\(writtenAlike) of \(sections)")
    }
}
