import Foundation
import Testing
import TablaNotation
@testable import TablaGeneration

/// The musical rules of each generated form, checked over many pieces with arithmetic
/// written here independently of the generators.
@Suite("Generating by form with the shipped model", .serialized)
struct FormGenerationTests {
    let composer: FormComposer
    let catalogue = TaalCatalogue.standard

    init() throws { composer = FormComposer(model: try BolModel.load(nil)) }

    func taal(_ name: String) -> Taal { catalogue.taal(named: name)! }

    // MARK: Independent rules

    /// All pulses of matras on their least common grid, trailing rests dropped (the
    /// landing matra holds one bol).
    static func grid(_ matras: [Matra]) -> (pulses: [Pulse], perMatra: Int) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let r = matras.reduce(1) { $0 / gcd($0, $1.pulses.count) * $1.pulses.count }
        var out: [Pulse] = []
        for m in matras {
            let step = r / m.pulses.count
            for j in 0..<r { out.append(j % step == 0 ? m.pulses[j / step] : .rest) }
        }
        while out.last == .rest { out.removeLast() }
        return (out, r)
    }

    /// The tihai at the end of `pulses`: (phrase, gap) with phrase, gap of rests, phrase,
    /// gap, phrase as the last 3p + 2g pulses; nil if there is none.
    static func tailTihai(_ pulses: [Pulse], minPhrase: Int = 2) -> (phrase: Int, gap: Int)? {
        let t = pulses.count
        for p in stride(from: t / 3, through: minPhrase, by: -1) {
            for g in 0...max(0, (t - 3 * p) / 2) {
                let start = t - (3 * p + 2 * g)
                let a = Array(pulses[start..<(start + p)])
                let b = Array(pulses[(start + p + g)..<(start + 2 * p + g)])
                let c = Array(pulses[(t - p)..<t])
                let gaps = Array(pulses[(start + p)..<(start + p + g)]) + Array(pulses[(start + 2 * p + g)..<(start + 2 * p + 2 * g)])
                if a == b, b == c, gaps.allSatisfy({ $0 == .rest }), a.last != .rest, a.first != .rest { return (p, g) }
            }
        }
        return nil
    }

    /// Whether a section's last bol falls on sam: the matra after its last whole cycle.
    static func landsOnSam(_ section: Section) -> Bool {
        let n = section.taal.matras
        return section.ends == .sam && (section.start - 1 + section.matras.count - 1) % n == 0
            && section.matras.last?.pulses.count == 1 && section.matras.last?.pulses.first?.bol != nil
    }

    /// The khali mirror by TABLA.md's rule, pulse by pulse: the first half of the khali
    /// half is the bhari's first half with each bol's khali form; the second half is the
    /// bhari's second half, where a closed bol may be opened to a bayan-resonant bol whose
    /// khali form it is (Tin may also open to Dhi, as the corpus writes DhiNa GeNa).
    static func mirrors(khali: [Matra], bhari: [Matra]) -> Bool {
        guard khali.count == bhari.count, zip(khali, bhari).allSatisfy({ $0.pulses.count == $1.pulses.count }) else { return false }
        let half = bhari.count - bhari.count / 2
        let closedPart = bhari.count - half
        for (i, (k, b)) in zip(khali, bhari).enumerated() {
            for (kp, bp) in zip(k.pulses, b.pulses) {
                if i < closedPart {
                    if kp != (bp.bol.map { .bol($0.khali) } ?? .rest) { return false }
                } else if kp != bp {
                    guard let kb = kp.bol, let bb = bp.bol, kb.isBayanResonant, !bb.isBayanResonant,
                          kb.khali == bb || (kb.name == "Dhi" && bb.name == "Tin") else { return false }
                }
            }
        }
        return true
    }

    func checkClean(_ composition: Composition, _ label: String) {
        let text = Printer().text(composition)
        let (back, diagnostics) = NotationParser().check(text)
        #expect(diagnostics.isEmpty, "\(label): \(diagnostics.map(\.message))\n\(text)")
        #expect(back.sections.map { $0.matras.map(\.pulses) } == composition.sections.map { $0.matras.map(\.pulses) }, "\(label)")
    }

    // MARK: Kaida

    @Test func kaidasKeepEveryRuleOfTheForm() throws {
        var cases: [(Taal, [Matra]?, UInt64, Int)] = []
        for name in ["teentaal", "jhaptaal", "ektaal", "rupak", "keherwa"] {
            for seed in [UInt64(1), 2, 3] { cases.append((taal(name), nil, seed, 2)) }
        }
        cases.append((taal("teentaal"), KhaliTransform.matras("DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa")!, 4, 2))
        cases.append((taal("teentaal"), KhaliTransform.matras("DhaTiDhaGe NaDhaTiDha GeDhiNaGe TiRaKiTa DhaTiDhaGe NaDhaTiDha GeDhiNaGe TinNaKeNa")!, 5, 4))
        cases.append((taal("teentaal"), nil, 6, 4))
        cases.append((taal("jhaptaal"), KhaliTransform.matras("DhiNa DhiDhi Na TiRaKiTa TinNaKeNa")!, 7, 2))
        // A two-cycle theme (kaida-dha-ti-dha-ge.bol's bhari half), whose doubled units
        // put an open unit right before the cadence.
        let dilli = "DhaTi DhaGe DhiNa GeNa DhaTi DhaGe DhiNa GeNa DhaTi DhaGe DhiNa GeNa DhaTi DhaGe TinNa KeNa"
        cases.append((taal("teentaal"), KhaliTransform.matras(dilli)!, 1, 2))
        var paltaCount = 0
        for (taal, theme, seed, bols) in cases {
            let label = "\(taal.name) seed \(seed) \(theme == nil ? "model theme" : "given theme")"
            let c = try composer.compose(FormRequest(form: .kaida, taal: taal, layakari: Layakari([bols]), seed: seed,
                                                     theme: theme, paltas: 6))
            checkClean(c, label)
            #expect(c.form == .kaida)
            let names = c.sections.map { $0.name ?? "" }
            #expect(names.first == "theme" && names.last == "tihai", "\(label): \(names)")
            let themeSection = c.sections[0]
            #expect(themeSection.matras.count % taal.matras == 0)
            let bhari = Array(themeSection.matras.prefix(themeSection.matras.count / 2))
            let khali = Array(themeSection.matras.suffix(themeSection.matras.count / 2))
            if let theme { #expect(bhari.map(\.pulses) == theme.map(\.pulses), "\(label): the given theme is kept") }
            if theme == nil, taal.marks[0] != .khali {
                #expect(bhari[0].pulses[0].bol?.isBayanResonant == true, "\(label): the theme opens on sam with the bayan")
            }
            #expect(Self.mirrors(khali: khali, bhari: bhari), "\(label): theme khali half")
            let themeBols = Set(themeSection.matras.flatMap(\.pulses))
            let cadence = Array(bhari.flatMap(\.pulses).suffix(4))
            var seen: Set<[[Pulse]]> = [themeSection.matras.map(\.pulses)]
            for palta in c.sections.dropFirst().dropLast() {
                let half = palta.matras.count / 2
                let pb = Array(palta.matras.prefix(half)), pk = Array(palta.matras.suffix(half))
                #expect(Set(palta.matras.flatMap(\.pulses)).isSubset(of: themeBols), "\(label) \(palta.name!): bols outside the theme")
                #expect(Array(pb.flatMap(\.pulses).suffix(4)) == cadence, "\(label) \(palta.name!): keeps the cadence")
                #expect(Self.mirrors(khali: pk, bhari: pb), "\(label) \(palta.name!): khali half mirrors the bhari half")
                #expect(palta.matras.count % taal.matras == 0)
                #expect(seen.insert(palta.matras.map(\.pulses)).inserted, "\(label) \(palta.name!): no two alike, none the theme")
                paltaCount += 1
            }
            let tihai = c.sections.last!
            #expect(Self.landsOnSam(tihai), "\(label): the tihai lands on sam")
            let (pulses, _) = Self.grid(tihai.matras)
            #expect(Self.tailTihai(pulses).map { 3 * $0.phrase + 2 * $0.gap } == pulses.count, "\(label): the tihai is three equal phrases")
        }
        #expect(paltaCount >= 6 * cases.count - 6)
    }

    @Test func kaidasAreReproducibleBySeed() throws {
        let request = FormRequest(form: .kaida, taal: taal("teentaal"), seed: 11, paltas: 3)
        #expect(try composer.compose(request) == composer.compose(request))
        // Seeds give different themes: five seeds, at least three themes.
        var themes: Set<[[Pulse]]> = []
        for seed in UInt64(11)...15 {
            var other = request
            other.seed = seed
            themes.insert(try composer.compose(other).sections[0].matras.map(\.pulses))
        }
        #expect(themes.count >= 3, "\(themes.count) themes")
    }

    // MARK: Tihai, tukda, mukhda

    @Test(arguments: [CadentialForm.tihai, .tukda, .mukhda])
    func cadentialPiecesLandOnSam(form: CadentialForm) throws {
        let starts: [(String, Int?)] = [("teentaal", nil), ("teentaal", 1), ("teentaal", 9), ("teentaal", 13),
                                        ("jhaptaal", nil), ("jhaptaal", 6), ("rupak", nil), ("ektaal", 7)]
        for (name, from) in starts {
            for seed in [UInt64(1), 2] {
                let t = taal(name)
                let label = "\(form) \(name) from \(from.map(String.init) ?? "default") seed \(seed)"
                let c = try composer.compose(FormRequest(form: GenerationForm(rawValue: form.rawValue)!, taal: t, seed: seed, from: from))
                checkClean(c, label)
                let section = c.sections[0]
                #expect(section.start == from ?? form.defaultStart(t), "\(label)")
                #expect(Self.landsOnSam(section), "\(label): lands on sam")
                let (pulses, _) = Self.grid(section.matras)
                let tail = Self.tailTihai(pulses)
                #expect(tail != nil, "\(label): ends with a tihai")
                if form == .tihai { #expect(tail.map { 3 * $0.phrase + 2 * $0.gap } == pulses.count, "\(label): all tihai") }
            }
        }
    }

    // MARK: Theka prakar and free form

    @Test func prakarsKeepTheThekasSkeleton() throws {
        for name in ["teentaal", "jhaptaal", "ektaal", "rupak", "dadra", "keherwa"] {
            let t = taal(name)
            let theka = KhaliTransform.matras(t.theka)!
            for layakari in [Layakari([2]), Layakari([4]), Layakari([1, 2])] {
                let c = try composer.compose(FormRequest(form: .thekaPrakar, taal: t, layakari: layakari, seed: 3, cycles: 3))
                checkClean(c, "\(name) \(layakari)")
                #expect(c.sections[0].matras.map(\.pulses) == theka.map(\.pulses))
                for prakar in c.sections.dropFirst() {
                    #expect(prakar.matras.count == t.matras)
                    var start = 1
                    for (v, length) in t.vibhags.enumerated() {
                        #expect(prakar.matras[start - 1].pulses.first == theka[start - 1].pulses.first, "\(name) vibhag \(v + 1)")
                        if t.marks[v] == .khali {
                            let rest = prakar.matras[(start - 1)..<(start - 1 + length)].flatMap(\.pulses).dropFirst()
                            #expect(!rest.contains { $0.bol?.isBayanResonant == true }, "\(name): khali vibhag \(v + 1) stays closed")
                        }
                        start += length
                    }
                }
            }
        }
    }

    @Test func freeFormStrikesSamOpenAndKeepsKhaliClosed() throws {
        let teentaal = taal("teentaal")
        var samOpen = 0, cycles = 0
        var khali = (resonant: 0, bols: 0), bhari = (resonant: 0, bols: 0)
        for seed in 1...10 {
            let request = GenerationRequest(taal: teentaal, cycles: 4, layakari: Layakari([2]),
                                            decoder: .sample(SamplingOptions(temperature: 1)), seed: UInt64(seed))
            let section = try BolGenerator(model: composer.model).generate(request)
            for (i, matra) in section.matras.enumerated() {
                let m = i % 16 + 1
                if m == 1 {
                    cycles += 1
                    if matra.pulses[0].bol?.isBayanResonant == true { samOpen += 1 }
                }
                for (j, p) in matra.pulses.enumerated() {
                    guard let b = p.bol else { continue }
                    if (9...12).contains(m) && !(m == 9 && j == 0) {
                        khali.bols += 1
                        if b.isBayanResonant { khali.resonant += 1 }
                    } else if m != 1 {
                        bhari.bols += 1
                        if b.isBayanResonant { bhari.resonant += 1 }
                    }
                }
            }
        }
        #expect(cycles == 40 && samOpen == 40)
        // Closed bols dominate the khali vibhag.
        #expect(Double(khali.resonant) / Double(khali.bols) < 0.25, "\(khali)")
        #expect(Double(khali.resonant) / Double(khali.bols) < Double(bhari.resonant) / Double(bhari.bols))
    }
}

/// The palta moves, without a model.
struct PaltaMoveTests {
    let theme = KhaliTransform.matras("DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa")!

    func text(_ matras: [Matra]) -> String { matras.map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " ") }

    @Test func theCadenceIsTheLastTwoMatrasAtDugun() {
        #expect(PaltaMoves.cadenceMatras(of: theme) == 2)
    }

    @Test func candidatesAreTheMovesPlayersMake() {
        let candidates = PaltaMoves.candidates(bhari: theme)
        let texts = Set(candidates.map { text($0.bhari) })
        // Worked by hand from the units DhaTi DhaGe NaDha TiDha GeDhi NaGe (cadence TinNa KeNa).
        #expect(texts.contains("DhaTi DhaTi NaDha TiDha GeDhi NaGe TinNa KeNa"))           // DhaTi doubled
        #expect(texts.contains("DhaTi DhaGe DhaTi DhaGe GeDhi NaGe TinNa KeNa"))           // DhaTi DhaGe doubled
        #expect(texts.contains("NaDha TiDha DhaTi DhaGe GeDhi NaGe TinNa KeNa"))           // units exchanged
        #expect(texts.contains("DhaTi DhaGe NaDha TiDha GeDhi NaGe DhaTi DhaGe DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa"))  // expanded
        #expect(!texts.contains(text(theme)))
        #expect(texts.count == candidates.count)
        let bols = Set(theme.flatMap(\.pulses))
        for c in candidates {
            #expect(text(Array(c.bhari.suffix(2))) == "TinNa KeNa")
            #expect(Set(c.bhari.flatMap(\.pulses)).isSubset(of: bols))
            #expect(c.bhari.count == 8 || c.bhari.count == 16)
            #expect((c.bhari.count == 16) == (c.kind == .expand))
        }
    }
}
