import Testing
@testable import TablaNotation

/// Each kind of problem carries its code, so callers never read the message to tell them apart.
@Suite("Diagnostic codes")
struct DiagnosticCodeTests {
    @Test(arguments: [
        ("taal: dadra\nDha Dhinn Na | Dha Tin Na ||\n", Diagnostic.Code.unknownBol),
        ("taal: dadra\nDha Dhin Na | Dha Tin ||\n", .cycleLength),
        ("taal: teentaal\nDha Dhin Dhin | Dha Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha Dha ||\n", .barPlacement),
        ("taal: dadra\nends: sam\nDha Dhin Na | Dha Tin Na || Dha Dhin\n", .landing),
        ("taal: dadra\n# nothing but a comment\n", .noBols),
        ("taal: dadra\nlaya: fast\nDha Dhin Na | Dha Tin Na ||\n", .notation),
        // A declared tihai whose three phrases differ: Dha Ge, Dha Na, Dha Ge.
        ("taal: dadra\n[tihai ends=sam]\nDhaGe Dha- -Dha | NaDha - DhaGe || Dha\n", .tihai),
    ])
    func theFirstErrorHasItsCode(text: String, code: Diagnostic.Code) {
        let errors = NotationParser().check(text).1.filter { $0.severity == .error }
        #expect(errors.first?.code == code, "\(errors)")
    }

    @Test func theErrorLimitNoteStopsValidation() {
        // Three unknown bols with a limit of two: the note, and no cycle errors after it.
        let parser = NotationParser(maxErrors: 2)
        let d = parser.check("taal: dadra\nXx Yy Zz\n").1
        #expect(d.map(\.code) == [.unknownBol, .unknownBol, .tooManyErrors])
        #expect(d.last?.severity == .note)
    }

    @Test func aBrokenKhaliMirrorIsCoded() {
        // The khali half repeats the bhari half's open Dha where the mirror has Ta.
        let text = "taal: dadra\nform: kaida\n[theme]\nDhaTi DhaGe TinNa | DhaTi DhaGe DhinNa ||\n"
        let warnings = NotationParser().check(text).1.filter { $0.severity == .warning }
        #expect(warnings.map(\.code) == [.khaliMirror], "\(warnings)")
    }

    @Test func aThekaRingingInKhaliIsCoded() {
        // Teentaal's khali vibhag (matras 9-12) played with Dha: the theka check warns.
        let text = "taal: teentaal\nform: theka\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Ta Dhin Dhin Dha ||\n"
        let warnings = NotationParser().check(text).1.filter { $0.severity == .warning }
        #expect(warnings.map(\.code) == [.thekaKhali])
    }
}
