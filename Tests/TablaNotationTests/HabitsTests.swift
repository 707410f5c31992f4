import Testing
@testable import TablaNotation

/// How people write notation outside the project (issue 9): groups sharing a pulse,
/// hyphens, mark lines, the landing sam, forms and tempo words.
@Suite("Notational habits")
struct HabitsTests {
    func roman(_ pulses: [Pulse]) -> String { pulses.map { $0.text(.roman) }.joined(separator: " ") }

    func body(_ word: String, taal: String = "dadra", _ rest: String = "Dhin Na | Dha Tin Na ||") -> (Composition, [Diagnostic]) {
        NotationParser().check("taal: \(taal)\n\(word) \(rest)")
    }

    // MARK: - Groups

    /// A group is one pulse; the matra expands to the least common subdivision, each bol
    /// followed by rests for the rest of its share.
    @Test(arguments: [
        ("Dha(TiRa)KiTa", "Dha - Ti Ra Ki - Ta -", [1, 2, 1, 1]),
        ("(DhaGe)Na", "Dha Ge Na -", [2, 1]),
        ("Dha(TiRaKiTa)", "Dha - - - Ti Ra Ki Ta", [1, 4]),
        ("(DhaTiTa)(TiRa)", "Dha - Ti - Ta - Ti - - Ra - -", [3, 2]),
        ("-(DhaGe)", "- - Dha Ge", [1, 2]),
        ("(Dha)", "Dha", [1]),
        ("Dha.(ti.ra).ki.ta", "Dha - Ti Ra Ki - Ta -", [1, 2, 1, 1]),
        ("धा(तिर)किट", "Dha - Ti Ra Ki - Ta -", [1, 2, 1, 1]),
    ])
    func group(_ word: String, _ slots: String, _ units: [Int]) throws {
        let (c, d) = body(word)
        #expect(d.isEmpty, "\(d)")
        let matra = try #require(c.sections.first?.matras.first)
        #expect(roman(matra.pulses) == slots)
        #expect(matra.units == units)
    }

    @Test func groupedMatraIsTheSameTimeAsItsExpansionWrittenOut() {
        let grouped = body("Dha(TiRa)KiTa").0.sections[0].pulses
        let written = body("Dha-TiRaKi-Ta-").0.sections[0].pulses
        #expect(grouped == written)
    }

    /// Printing writes the group back as written, and the text reads back the same.
    @Test(arguments: ["Dha(TiRa)KiTa", "(DhaTiTa)(TiRa)", "-(DhaGe)", "Dha(TiRaKiTa)"])
    func groupPrintsBack(_ word: String) throws {
        let (c, _) = body(word)
        for script in Script.allCases {
            let printed = Printer(script: script).text(c)
            if script == .roman { #expect(printed.contains(word + " "), "\(printed)") }
            let (back, d) = NotationParser().check(printed)
            #expect(d.isEmpty, "\(d)\n\(printed)")
            #expect(back.sections[0].matras.map(\.pulses) == c.sections[0].matras.map(\.pulses))
        }
    }

    @Test(arguments: [
        ("Dha(TiRa", "2:4: error: '(' is not closed in 'Dha(TiRa'; write ')' after the bols that share the pulse"),
        ("Dha)Ti", "2:4: error: ')' without '(' in 'Dha)Ti'"),
        ("Dha((Ti))", "2:5: error: groups cannot nest in 'Dha((Ti))'; write the bols of one pulse inside one pair of parentheses"),
        ("Dha()", "2:4: error: empty group '()' in 'Dha()'"),
        ("(Dha)(Xo)", "2:7: error: unknown bol 'Xo'"),
    ])
    func badGroup(_ word: String, _ expected: String) {
        let (_, d) = body(word)
        #expect(d.map(\.description) == [expected])
    }

    /// Random grouped matras (1-4 pulses of 1-3 bols or rests, any bol): printed in both
    /// scripts they read back as the same slots and the same groups.
    @Test func randomGroupsPrintAndReadBack() {
        var rng = SplitMix64(seed: 9)
        func lcm(_ a: Int, _ b: Int) -> Int { var (x, y) = (a, b); while y != 0 { (x, y) = (y, x % y) }; return a / x * b }
        var matras: [Matra] = []
        for _ in 0..<(6 * 40) {
            let sizes = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 1...3, using: &rng) }
            let units = sizes.map { n in
                (0..<n).map { _ in Int.random(in: 0..<6, using: &rng) == 0 ? Pulse.rest : .bol(Bol.all.randomElement(using: &rng)!) }
            }
            let slots = sizes.reduce(1, lcm)
            var pulses: [Pulse] = []
            for unit in units {
                for p in unit { pulses.append(p); pulses += Array(repeating: .rest, count: slots / unit.count - 1) }
            }
            matras.append(Matra(pulses, units: sizes))
        }
        let taal = TaalCatalogue.standard.taal(named: "dadra")!
        let c = Composition(taal: taal, sections: [Section(name: nil, taal: taal, matras: matras)])
        for script in Script.allCases {
            let printed = Printer(script: script).text(c)
            let (back, d) = NotationParser().check(printed)
            #expect(d.filter { $0.severity == .error }.isEmpty, "\(d.prefix(3))")
            let read = back.sections.first?.matras ?? []
            #expect(read.map(\.pulses) == matras.map(\.pulses))
            // A matra whose pulses each hold one bol has no group to write.
            #expect(read.map(\.units) == matras.map { $0.units!.allSatisfy { $0 == 1 } ? nil : $0.units }, "\(script)")
        }
    }

    @Test func groupTooFineIsRefused() {
        // 7, 9 and 11 bols per pulse need 693 slots per pulse.
        let (_, d) = body("(DhaDhaDhaDhaDhaDhaDha)(TaTaTaTaTaTaTaTaTa)(NaNaNaNaNaNaNaNaNaNaNa)")
        #expect(d.count == 1 && d[0].message.contains("needs more than 64 even slots"), "\(d)")
    }

    // MARK: - Hyphens

    @Test(arguments: [
        ("Dha-Ti-Ta", "DhaTiTa", 3), ("Ti-Ra-Ki-Ta", "TiRaKiTa", 4), ("dha-ge-na", "dhagena", 3),
    ])
    func hyphenatedBolsWarn(_ word: String, _ joined: String, _ bols: Int) {
        let (_, d) = body(word)
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.message.hasSuffix("write \(joined) if you meant \(bols) bols") == true, "\(d)")
    }

    /// Rests written on purpose: no warning.
    @Test(arguments: ["Dha-TiRa", "Dhin-DhaGe", "Dhi-Na", "Dha-", "-Dha-Ti", "Dha--Ti-Ta", "DhaGe-Ti-Ta"])
    func deliberateRestsDoNotWarn(_ word: String) {
        #expect(body(word).1.isEmpty)
    }

    // MARK: - Mark and number lines

    @Test(arguments: ["x 2 o 3", "X 2 0 3", "+ 0", "× २ ० ३", "X | 0", "×   ०", "1 2 3 4 5 6", "१ २ ३ ४ ५ ६", "१  २ ३ | ४ ५ ६"])
    func markLinesAreSkipped(_ line: String) {
        let (c, d) = NotationParser().check("taal: dadra\n\(line)\nDha Dhin Na | Dha Tin Na ||\n\(line)\n")
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections[0].matras.count == 6)
    }

    // MARK: - The landing sam

    @Test func landingSamAfterTheLastBarMeansEndsSam() {
        let (c, d) = NotationParser().check("taal: dadra\nDha Dhin Na | Dha Tin Na || Dha")
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections[0].ends == .sam)
        // The body before any section line is the header's: the composition ends on sam.
        #expect(c.ends == .sam)
        #expect(!Printer().text(c).contains("[section]"))
    }

    @Test func landingSamOfATihaiSectionWithoutHeader() {
        // DhaGe Dha three times with a matra of rest between: 3 x 3 + 2 x 2 = 13 half-matras.
        let (c, d) = NotationParser().check("taal: dadra\nform: tihai\n[tihai]\nDhaGe Dha- -Dha | GeDha - DhaGe || Dha")
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections[0].ends == .sam)
    }

    @Test func anExplicitEndsCycleIsKept() {
        let (c, d) = NotationParser().check("taal: dadra\nends: cycle\nDha Dhin Na | Dha Tin Na || Dha")
        #expect(c.sections[0].ends == .cycle)
        #expect(d.map(\.severity) == [.error])
    }

    /// One matra past the cycle with no bar: the error suggests `ends: sam`, and the tihai
    /// warning (which would say it ends with a whole cycle) is not given.
    @Test func tihaiWarningDoesNotContradictTheCount() {
        let (_, d) = NotationParser().check("taal: dadra\n[tihai]\nDha Ge Na | Dha - Dha | Dha")
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.message.contains("write 'ends: sam'") == true)
    }

    /// A section that is not a whole number of cycles gets the start that would fit.
    @Test(arguments: [
        ("Dha Tin Tin Ta Ta Dhin Dhin Dha", "write 'start: 9' in the header"),
        ("Ta Tin Tin Ta Ta Dhin Dhin Dha Dha", "write 'start: 9' and 'ends: sam'"),
        ("Dha Dhin Dhin Dha Dha Tin Tin Ta Ta Dhin Dhin Dha Dha", "write 'start: 5' and 'ends: sam'"),
        ("Ta Dhin Dhin Dha", "write 'start: 13' in the header"),
    ])
    func fittingStartIsSuggested(_ body: String, _ fragment: String) {
        let (_, d) = NotationParser().check("taal: teentaal\n\(body)")
        #expect(d.count == 1)
        #expect(d.first?.message.contains(fragment) == true, "\(d)")
    }

    /// Written with bars, the first '||' already says where the piece would begin.
    @Test func fittingStartAtTheFirstCycleBar() {
        let (_, d) = NotationParser().check("taal: teentaal\nDha Tin Tin Ta | Ta Dhin Dhin Dha || Dha")
        #expect(d.first?.message == "cycle 1 has 8 matras, Teentaal needs 16; if the piece begins on matra 9, write 'start: 9' and 'ends: sam' in the header (or on the section line)")
        let (_, ok) = NotationParser().check("taal: teentaal\nstart: 9\nends: sam\nDha Tin Tin Ta | Ta Dhin Dhin Dha || Dha")
        #expect(ok.isEmpty, "\(ok)")
    }

    // MARK: - Header words

    @Test(arguments: [
        ("gat", Form.gat), ("Fard gat", .gat), ("tipalli", .gat), ("joda", .joda), ("ladi", .ladi), ("paran", .paran),
        ("rela", .rela), ("laggi", .laggi), ("farmaishi chakradar", .farmaishiChakradar), ("Chakradar tukda", .chakradar),
        ("qaida", .kaida),
    ])
    func forms(_ value: String, _ form: Form) {
        #expect(Form(spelling: value) == form)
    }

    @Test func unknownFormIsAWarningAndKept() {
        let (c, d) = NotationParser().check("taal: dadra\nform: bandish\nDha Dhin Na | Dha Tin Na ||")
        #expect(d.map(\.severity) == [.warning])
        #expect(d.first?.message.hasPrefix("unknown form 'bandish' (kept)") == true)
        #expect(c.form == nil)
        #expect(Printer().text(c).contains("form: bandish\n"))
    }

    @Test(arguments: [("tempo: 120", 120.0), ("bpm: 90", 90), ("bpm: 90 bpm", 90), ("tempo: vilambit", 45), ("laya: 72 bpm", 72)])
    func tempoWords(_ line: String, _ laya: Double) {
        let (c, d) = NotationParser().check("taal: dadra\n\(line)\nDha Dhin Na | Dha Tin Na ||")
        #expect(d.isEmpty, "\(d)")
        #expect(c.laya == laya)
    }
}

/// Devanagari as books print it.
@Suite("Devanagari")
struct DevanagariTests {
    func names(_ word: String) -> String? {
        guard case .success(let pulses) = BolSplitter.standard.split(word) else { return nil }
        return pulses.map { $0.text(.roman) }.joined(separator: " ")
    }

    @Test(arguments: [
        ("ती", "Ti"), ("तिट", "Ti Ta"), ("किट", "Ki Ta"), ("तक", "Ta Ka"), ("तकिट", "Ta Ki Ta"), ("धाती", "Dha Ti"),
        ("त", "Ta"), ("ट", "Ta"), ("गिन", "Ge Na"), ("गन", "Ga Na"), ("गदिगन", "Ga Di Ga Na"), ("कत", "Ka Ta"),
        ("कत्", "Kat"), ("धी", "Dhi"), ("धि", "Dhi"), ("तिरकिट", "Ti Ra Ki Ta"), ("तिटकत", "Ti Ta Ka Ta"),
        // chandrabindu for anusvara, nukta (combining and precomposed)
        ("धिँ", "Dhin"), ("धाँ", "Dha"), ("तिँ", "Tin"), ("ड\u{093C}", "Da"), ("\u{095C}", "Da"), ("घिड\u{093C}नग", "Ge Da Na Ga"),
        ("कि\u{095C}नग", "Ki Da Na Ga"), ("ग\u{093C}े", "Ge"),
    ])
    func bol(_ word: String, _ expected: String) {
        #expect(names(word) == expected, "\(word)")
    }

    @Test func nuktaDoesNotShiftTheErrorColumn() {
        // ड़ is two scalars (ड and the nukta), so the unknown part after the dot starts at scalar 3.
        guard case .failure(let f) = BolSplitter.standard.split("ड\u{093C}.झौ") else {
            Issue.record("should not split")
            return
        }
        #expect(f.scalarOffset == 3)
    }

    @Test func dandaBars() {
        let (c, d) = NotationParser().check("taal: teentaal\nधा धिं धिं धा । धा धिं धिं धा । धा तिं तिं ता । ता धिं धिं धा ॥\nधा धिं धिं धा । धा धिं धिं धा । धा तिं तिं ता । ता धिं धिं धा ।।")
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections[0].bars.map(\.kind) == [.vibhag, .vibhag, .vibhag, .cycle, .vibhag, .vibhag, .vibhag, .cycle])
        #expect(NotationParser().check("taal: teentaal\nधा धिं धिं धा ।॥ धा").1.first?.message.hasPrefix("'।॥' is not a bar") == true)
    }

    @Test(arguments: [
        ("तीनताल", "Teentaal"), ("तीन ताल", "Teentaal"), ("त्रिताल", "Teentaal"), ("झपताल", "Jhaptaal"), ("एकताल", "Ektaal"),
        ("रूपक", "Rupak"), ("दादरा", "Dadra"), ("कहरवा", "Keherwa"), ("तिलवाड़ा", "Tilwada"), ("तिलवाडा", "Tilwada"),
        ("आड़ा चौताल", "Ada Chautaal"), ("चौताल", "Chautaal"), ("धमार", "Dhamar"), ("दीपचंदी", "Deepchandi"),
    ])
    func taalName(_ name: String, _ expected: String) {
        let (c, d) = NotationParser().check("taal: \(name)\n" + TaalCatalogue.standard.taal(named: expected)!.theka)
        #expect(d.isEmpty, "\(d)")
        #expect(c.taal.name == expected)
    }

    /// Printed as a teacher writes: तिट, कत, धी, तिरकिट; Kat keeps its halant.
    @Test(arguments: [
        (["Ti", "Ta"], "तिट"), (["Ka", "Ta"], "कत"), (["Dhi"], "धी"), (["Kat"], "कत्"), (["Ti", "Ra", "Ki", "Ta"], "तिरकिट"),
        (["Ti", "Ta", "Ka", "Ta"], "तिटकत"), (["Dha", "Ge"], "धागे"), (["Ta", "Ki", "Ta"], "तकिट"),
    ])
    func idiomaticOutput(_ bols: [String], _ expected: String) {
        let pulses = bols.map { Pulse.bol(Bol.named($0)!) }
        #expect(Printer.matraText(pulses, script: .devanagari) == expected)
    }

    @Test(arguments: [("Dha(TiRa)KiTa", "धा(तिर)किट"), ("(DhaTiTa)(TiRa)", "(धातिट)(तिर)"), ("TiTa(KaTa)", "तिट(कत)")])
    func groupsInDevanagari(_ word: String, _ expected: String) throws {
        let matra = try #require(NotationParser().parse("taal: dadra\n\(word)").0.sections.first?.matras.first)
        #expect(Printer.matraText(matra, script: .devanagari) == expected)
    }

    @Test func marksFollowTheScriptUnlessChosen() {
        let (c, _) = NotationParser().check("taal: dadra\nDha Dhin Na | Dha Tin Na ||")
        let lines = { (p: Printer) in Printer.trimmedLines(p.text(c)) }
        // Devanagari columns are two wide (धा, धिं, ना, तिं), roman ones 3 4 2 | 3 3 2; a
        // column is followed by a space, a vibhag by two more.
        let gap = { (n: Int) in String(repeating: " ", count: n) }
        #expect(lines(Printer(script: .devanagari)).contains("×" + gap(10) + "०"))
        #expect(lines(Printer(script: .devanagari)).contains("१  २  ३    ४  ५  ६"))
        #expect(lines(Printer(script: .devanagari, marks: .latin)).contains("X" + gap(10) + "0"))
        #expect(lines(Printer(script: .roman)).contains("X" + gap(13) + "0"))
        #expect(lines(Printer(script: .roman, marks: .bhatkhande)).contains("×" + gap(13) + "0"))
        for p in [Printer(script: .devanagari), Printer(script: .roman, marks: .bhatkhande), Printer(script: .devanagari, marks: .latin)] {
            let (back, d) = NotationParser().check(p.text(c))
            #expect(d.isEmpty, "\(d)")
            #expect(back.sections[0].pulses == c.sections[0].pulses)
        }
    }
}

extension Printer {
    static func trimmedLines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}
