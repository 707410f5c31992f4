import Testing
@testable import TablaNotation

/// The bols and spellings met in real notation (issue 9), and the user's own.
@Suite("Vocabulary")
struct VocabularyTests {
    func names(_ word: String, _ splitter: BolSplitter = .standard) -> String? {
        guard case .success(let pulses) = splitter.split(word) else { return nil }
        return pulses.map { $0.text(.roman) }.joined(separator: " ")
    }

    /// Spellings from research transcriptions, Bol Processor and Tabalchi data, and the
    /// bols they mean.
    @Test(arguments: [
        ("Ghi", "Ge"), ("GHI", "Ge"), ("GhiDaNaGa", "Ge Da Na Ga"), ("ghidanag", "Ge Da Na Ga"),
        ("Da", "Da"), ("Kda", "Kran"), ("Kar", "Kran"), ("Tee", "Ti"), ("Tii", "Ti"), ("TII", "Ti"),
        ("Ne", "Na"), ("GeNe", "Ge Na"), ("GaDiGeNe", "Ga Di Ge Na"), ("Kii", "Ki"), ("Ghen", "Ghen"),
        ("Kru", "Kru"), ("Chap", "Chap"), ("Chaap", "Chap"), ("Ding", "Din"), ("Tak", "Tak"),
        ("Dhumkita", "Dhun Ki Ta"), ("Dhum", "Dhun"), ("Kidnag", "Ki Da Na Ga"), ("KidNag", "Ki Da Na Ga"),
        ("Kradhan", "Kran Dha"), ("Ri", "Ra"), ("Dhii", "Dhi"), ("TakDha", "Tak Dha"),
    ])
    func spelling(_ word: String, _ expected: String) {
        #expect(names(word) == expected, "\(word)")
    }

    /// Each new bol's strokes and khali counterpart, as TABLA.md and the sources describe them.
    @Test(arguments: [
        ("Da", [Stroke.ta], "Da", false), ("Tak", [.ti], "Tak", false), ("Chap", [.te], "Chap", false),
        ("Ghen", [.ge], "Ke", false), ("Kru", [.ke, .tun], "Kru", true),
    ])
    func newBol(_ name: String, _ strokes: [Stroke], _ khali: String, _ flam: Bool) throws {
        let bol = try #require(Bol.named(name))
        #expect(bol.name == name)
        #expect(bol.strokes == strokes)
        #expect(bol.khali.name == khali)
        #expect(bol.isFlam == flam)
        #expect(!bol.isUserDefined)
    }

    /// Suggestions name the bol a transliteration means, not the nearest by letters.
    @Test(arguments: [("Tha", "Ta"), ("Thin", "Tin"), ("Thee", "Ti"), ("Thi", "Ti"), ("Khaa", "Ka"), ("Dhinn", "Dhin"), ("था", "ता"), ("थिं", "तिं"), ("खि", "कि")])
    func suggestion(_ word: String, _ expected: String) throws {
        guard case .failure(let f) = BolSplitter.standard.split(word) else {
            Issue.record("\(word) should not split")
            return
        }
        #expect(f.message.hasSuffix("did you mean '\(expected)'?"), "\(f.message)")
    }

    // MARK: - The user's own

    /// `bol: NAME = BOLS` adds a spelling of bols that exist.
    @Test(arguments: [("Ghii = Ge", "Ghii", "Ge"), ("Kdaa = Kran", "Kdaa", "Kran"), ("Tirkt = Ti Ra Ki Ta", "tirkt", "Ti Ra Ki Ta"),
                      ("Ghidan = Ge Da Na", "GhidanGhidan", "Ge Da Na Ge Da Na"), ("क्डा = Kran", "क्डा", "Kran")])
    func userSpelling(_ definition: String, _ word: String, _ expected: String) throws {
        var splitter = BolSplitter.standard
        #expect(names(word, splitter) == nil)
        guard case .success = splitter.define(definition) else {
            Issue.record("\(definition) refused")
            return
        }
        #expect(names(word, splitter) == expected)
        #expect(names(word) == nil, "the standard splitter is unchanged")
    }

    /// A new bol with its strokes; the model reads it as the shipped bol with the same strokes.
    @Test func userBolWithStrokes() throws {
        var splitter = BolSplitter.standard
        guard case .success(let bols) = splitter.define("Dhaan strokes=ge+na devanagari=धान") else {
            Issue.record("refused")
            return
        }
        let dhaan = try #require(bols.first)
        #expect(dhaan.name == "Dhaan")
        #expect(dhaan.isUserDefined)
        #expect(dhaan.strokes == [.ge, .na])
        #expect(dhaan.khali.name == "Na", "Ge + Na without the open bayan is Na")
        #expect(dhaan.shippedEquivalent.name == "Dha")
        #expect(names("DhaanDha", splitter) == "Dhaan Dha")
        #expect(names("धानधा", splitter) == "Dhaan Dha")
    }

    @Test func userBolLikeAndKhali() throws {
        var splitter = BolSplitter.standard
        guard case .success(let bols) = splitter.define("Chaanti strokes=na+te like=Na khali=Chaanti flam") else {
            Issue.record("refused")
            return
        }
        let b = try #require(bols.first)
        #expect(b.shippedEquivalent.name == "Na")
        #expect(b.khali == b)
        #expect(b.isFlam)
        #expect(b.definition == "Chaanti strokes=na+te khali=Chaanti like=Na flam")
    }

    /// Definitions that cannot work are refused with a message naming the fix.
    @Test(arguments: [
        ("Nana strokes=na+te", "add like=BOL"),
        ("Xa strokes=na+zz like=Na", "'zz' is not a stroke"),
        ("Dha strokes=ge+na", "already Dha"),
        ("Gher = Xyz", "unknown bol 'Xyz'"),
        ("Gh-i = Ge", "letters only"),
        ("Ghi", "is not a bol definition"),
        ("Xa strokes=ge+tun+ra+ke like=Dha", "one to three strokes"),
        ("Xa strokes=ge+ra", "add like=BOL"),
        ("Xa strokes=ge+ra+kat like=Dha", "give its khali counterpart"),
        ("Xa strokes=na colour=red like=Na", "unknown key 'colour='"),
    ])
    func refusedDefinition(_ definition: String, _ fragment: String) {
        var splitter = BolSplitter.standard
        guard case .failure(let e) = splitter.define(definition) else {
            Issue.record("\(definition) accepted")
            return
        }
        #expect(e.message.contains(fragment), "\(e.message)")
    }

    @Test func bolsFileReportsTheLine() {
        var splitter = BolSplitter.standard
        do {
            try splitter.define(file: "# my spellings\nbol: Ghii = Ge\n\nKdaa = Kran   # a flam\nbol: Gh-i = Ge\n")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 5)
        }
        #expect(names("GhiiKdaa", splitter) == "Ge Kran")
    }

    /// A `bol:` header line applies to its file; the composition prints with the
    /// definition in its header and reads back as the same bols.
    @Test func headerDefinitionAndPrintingBack() throws {
        let text = """
            taal: dadra
            bol: Ghii = Ge
            bol: Dhaak strokes=ge+kat khali=Kat like=Dha
            Ghii Dhaak Na | Dha Dhaak- Na ||
            """
        let (c, d) = NotationParser().check(text)
        #expect(d.isEmpty, "\(d)")
        let first = c.sections[0].matras.map { $0.pulses.map { $0.text(.roman) }.joined(separator: " ") }
        #expect(first == ["Ge", "Dhaak", "Na", "Dha", "Dhaak -", "Na"])
        for script in Script.allCases {
            let printed = Printer(script: script).text(c)
            #expect(printed.contains("bol: Dhaak strokes=ge+kat khali=Kat like=Dha"))
            let (back, d2) = NotationParser().check(printed)
            #expect(d2.isEmpty, "\(d2)\n\(printed)")
            #expect(back.sections[0].pulses == c.sections[0].pulses)
        }
        // Another file does not see the definition.
        let (_, d3) = NotationParser().check("taal: dadra\nGhii Na Na | Na Na Na ||")
        #expect(d3.contains { $0.severity == .error && $0.message.contains("Ghii") })
    }

    /// A kaida's palta may use a user bol of the theme and its khali, and nothing else.
    @Test func paltaCheckKnowsUserBols() {
        let text = """
            taal: dadra
            form: kaida
            bol: Dhaak strokes=ge+kat khali=Kat like=Dha
            [theme]
            Dhaak Na Na | Kat Na Na ||
            [palta 1]
            Dhaak Ge Na | Kat Ge Na ||
            """
        let (_, d) = NotationParser().check(text)
        #expect(d.map(\.message) == ["'palta 1' uses 'Ge', which the kaida's theme does not; paltas are built from the theme's bols"])
    }

    @Test func badHeaderDefinitionIsAnErrorAtItsValue() {
        let (_, d) = NotationParser().check("taal: dadra\nbol: Ghi = Dhaz\nDha Dhin Na | Dha Tin Na ||")
        #expect(d.map(\.description) == ["2:6: error: in 'bol: Ghi = Dhaz': unknown bol 'Dhaz'; did you mean 'Dha'?"])
    }

    /// A book whose Tak is Ta Ka: the user's definition wins, with a warning in the file.
    @Test func redefiningAShippedSpelling() {
        let (c, d) = NotationParser().check("taal: dadra\nbol: Tak = Ta Ka\nTak Na Na | Dha Tin Na ||")
        #expect(d.map(\.description) == ["2:6: warning: 'Tak' meant Tak; in this file it means Ta Ka"])
        #expect(c.sections[0].matras[0].pulses.map { $0.text(.roman) } == ["Ta", "Ka"])
        // The same meaning again is no news.
        #expect(NotationParser().check("taal: dadra\nbol: Ghi = Ge\nbol: Kda = Kran\nGhi Kda Na | Dha Tin Na ||").1.isEmpty)
        #expect(BolSplitter.standard.meaning(of: "Tak")?.map(\.name) == ["Tak"])
    }
}
