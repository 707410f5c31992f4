import Testing
@testable import TablaNotation

@Suite("Taals")
struct TaalTests {
    @Test func catalogueHoldsTheFifteenTaalsOfTheReference() {
        // name, matras, vibhags, marks: typed in from TABLA.md's table.
        let expected: [(String, Int, String, String)] = [
            ("Teentaal", 16, "4+4+4+4", "X 2 0 3"), ("Jhaptaal", 10, "2+3+2+3", "X 2 0 3"),
            ("Ektaal", 12, "2+2+2+2+2+2", "X 0 2 0 3 4"), ("Rupak", 7, "3+2+2", "0 2 3"), ("Dadra", 6, "3+3", "X 0"),
            ("Keherwa", 8, "4+4", "X 0"), ("Jhoomra", 14, "3+4+3+4", "X 2 0 3"), ("Deepchandi", 14, "3+4+3+4", "X 2 0 3"),
            ("Dhamar", 14, "5+2+3+4", "X 2 0 3"), ("Tilwada", 16, "4+4+4+4", "X 2 0 3"),
            ("Chautaal", 12, "2+2+2+2+2+2", "X 0 2 0 3 4"), ("Ada Chautaal", 14, "2+2+2+2+2+2+2", "X 2 0 3 0 4 0"),
            ("Sooltaal", 10, "2+2+2+2+2", "X 0 2 3 0"), ("Tivra", 7, "3+2+2", "X 2 3"), ("Pancham Sawari", 15, "3+4+4+4", "X 2 0 3"),
        ]
        let taals = TaalCatalogue.standard.taals
        #expect(taals.count == expected.count)
        for (taal, e) in zip(taals, expected) {
            #expect(taal.name == e.0)
            #expect(taal.matras == e.1)
            #expect(taal.vibhagSummary == e.2)
            #expect(taal.markSummary == e.3)
        }
    }

    @Test(arguments: TaalCatalogue.standard.taals)
    func everyThekaValidates(taal: Taal) {
        let (c, d) = check("taal: \(taal.name)\nform: theka\n\(taal.theka)\n")
        #expect(d.isEmpty, "\(taal.name): \(d)")
        #expect(c.sections.first?.matras.count == taal.matras)
        #expect(c.sections.first?.matras.allSatisfy { !$0.pulses.isEmpty } == true)
    }

    @Test(arguments: [
        ("tintal", "Teentaal"), ("Trital", "Teentaal"), ("TEENTAAL", "Teentaal"), ("jhaptal", "Jhaptaal"), ("Roopak", "Rupak"),
        ("kaharva", "Keherwa"), ("Kehrwa", "Keherwa"), ("Jhumra", "Jhoomra"), ("chanchar", "Deepchandi"), ("chartal", "Chautaal"),
        ("ada-chautaal", "Ada Chautaal"), ("adachautaal", "Ada Chautaal"), ("sultal", "Sooltaal"), ("Teora", "Tivra"),
        ("pancham sawari", "Pancham Sawari"),
    ])
    func aliases(name: String, expected: String) {
        #expect(TaalCatalogue.standard.taal(named: name)?.name == expected)
    }

    @Test func teentaalMarks() {
        let t = TaalCatalogue.standard.taal(named: "teentaal")!
        #expect([1, 5, 9, 13].map { t.mark(atMatra: $0) } == [.sam, .taali(2), .khali, .taali(3)])
        #expect(t.vibhagEnds == [4, 8, 12, 16])
        #expect(t.vibhagStarts == [1, 5, 9, 13])
    }

    @Test func rupakSamIsKhaliAndTivraHasNoKhali() {
        let rupak = TaalCatalogue.standard.taal(named: "rupak")!
        #expect(rupak.mark(atMatra: 1) == .khali)
        #expect(!TaalCatalogue.standard.taal(named: "tivra")!.hasKhali)
    }

    @Test func inlineUserDefinedTaal() throws {
        let text = "taal: 3+2+2 marks=0,2,3 name=MyRupak\nTin Tin Na | Dhin Na | Dhin Na ||\nTin Tin Na | Dhin Na | Dhin Na ||\n"
        let (c, d) = check(text)
        #expect(d.isEmpty)
        #expect(c.taal.name == "MyRupak")
        #expect(c.taal.vibhags == [3, 2, 2])
        #expect(c.taal.marks == [.khali, .taali(2), .taali(3)])
        #expect(c.sections[0].matras.count == 14)
        // Counted against the user's taal: a bar after matra 2 is wrong.
        let bad = check("taal: 3+2+2 marks=0,2,3 name=MyRupak\nTin Tin | Na Dhin Na | Dhin Na ||\n").1
        #expect(errors(bad).first?.message == "'|' after matra 2 but the vibhag ends after 3")
    }

    @Test func userTaalWithoutKhaliDefaultsToTaalis() throws {
        let t = try Taal(definition: "3+2+2 name=MyTivra")
        #expect(t.marks == [.sam, .taali(2), .taali(3)])
        #expect(!t.hasKhali)
    }

    @Test func badDefinitionsAreExplained() {
        let d1 = check("taal: 3+2+2 marks=0,2\nDha\n").1
        #expect(errors(d1).first?.message == "2 marks (0,2) for 3 vibhags (3+2+2); give one mark per vibhag")
        let d2 = check("taal: 3+x+2\nDha\n").1
        #expect(errors(d2).first?.message == "vibhag length 'x' in '3+x+2' is not a number from 1 to 64")
        let d3 = check("taal: 3+2 marks=0,Q\nDha\n").1
        #expect(errors(d3).first?.message == "mark 'Q' is not X, 0 or a taali number")
    }

    @Test func malformedDefinitionsAreRefused() {
        for bad in ["3++2+", "+4", "3+", "3+2 marks=X,0 marks=X,2"] {
            #expect(throws: TaalDefinitionError.self, "\(bad)") { try Taal(definition: bad) }
        }
    }

    @Test func aUserTaalNamedLikeAnAliasDoesNotReplaceTheCatalogueTaal() throws {
        var catalogue = TaalCatalogue.standard
        catalogue.add(try Taal(taalFile: "name: Sawari\nvibhags: 4+3+5+3\n"))
        #expect(catalogue.taals.count == 16)
        #expect(catalogue.taal(named: "sawari")?.vibhags == [4, 3, 5, 3])
        #expect(catalogue.taal(named: "pancham sawari")?.vibhags == [3, 4, 4, 4])
    }

    @Test func taalFile() throws {
        let file = """
            # Pancham Sawari as another school divides it
            name: Sawari 4-3-5-3
            aliases: sawari4353
            vibhags: 4+3+5+3
            marks: X 2 0 3
            """
        let taal = try Taal(taalFile: file)
        #expect(taal.matras == 15)
        #expect(taal.vibhagEnds == [4, 7, 12, 15])
        var catalogue = TaalCatalogue.standard
        catalogue.add(taal)
        let parser = NotationParser(catalogue: catalogue)
        let (c, d) = parser.check("taal: sawari4353\nDha Dha Dha Dha | Ta Ta Ta | Na Na Na Na Na | Dha Dha Dha ||\n")
        #expect(d.isEmpty)
        #expect(c.taal.name == "Sawari 4-3-5-3")
        #expect(throws: TaalDefinitionError.self) { try Taal(taalFile: "name: x\n") }
    }
}

extension Taal: CustomTestStringConvertible {
    public var testDescription: String { name }
}
