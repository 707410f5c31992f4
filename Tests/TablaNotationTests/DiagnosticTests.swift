import Testing
@testable import TablaNotation

/// Each diagnostic the issue names, with its line and column, on small hand-made inputs.
@Suite("Diagnostics")
struct DiagnosticTests {
    let theka = "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||"

    @Test func cleanThekaHasNoDiagnostics() {
        let (c, d) = check("taal: teentaal\nlaya: 90\n\(theka)\n")
        #expect(d.isEmpty)
        #expect(c.sections.count == 1)
        #expect(matraNames(c.sections[0]).joined(separator: " ") == "Dha Dhin Dhin Dha Dha Dhin Dhin Dha Dha Tin Tin Ta Ta Dhin Dhin Dha")
    }

    @Test func unknownBolWithSuggestion() {
        let (_, d) = check("taal: teentaal\nDha Dhinn Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        #expect(d.map(\.description) == ["2:5: error: unknown bol 'Dhinn'; did you mean 'Dhin'?"])
    }

    @Test func shortCycleIsNamed() {
        let text = "taal: teentaal\n\(theka)\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin ||\n"
        let (_, d) = check(text)
        // The '||' of line 3 is at column 71 (counted by hand: 70 characters before it).
        #expect(d.map(\.description) == ["3:71: error: cycle 2 has 15 matras, Teentaal needs 16"])
    }

    @Test func shortCycleWithoutBars() {
        let (_, d) = check("taal: teentaal\nDha Dhin Dhin Dha Dha Dhin Dhin Dha Dha Tin Tin Ta Ta Dhin Dhin\n")
        #expect(d.map(\.description) == ["2:60: error: cycle 1 has 15 matras, Teentaal needs 16"])
    }

    @Test func misplacedVibhagBar() {
        let (_, d) = check("taal: teentaal\nDha Dhin Dhin Dha Dha | Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        #expect(d.map(\.description) == ["2:23: error: '|' after matra 5 but the vibhag ends after 4"])
    }

    @Test func missingMatraInAVibhagGivesOneBarErrorAndTheCycleCount() {
        let (_, d) = check("taal: teentaal\nDha Dhin Dhin | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n")
        #expect(d.map(\.description) == [
            "2:15: error: '|' after matra 3 but the vibhag ends after 4",
            "2:71: error: cycle 1 has 15 matras, Teentaal needs 16",
        ])
    }

    @Test func anExtraMatraBeforeABarAtTheCycleEndIsOneBarError() {
        let text = "taal: jhaptaal\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na Na | Dhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na ||\n"
        #expect(errors(check(text).1).map(\.message) == [
            "'|' after matra 11 but the cycle ends after 10",
            "cycles 1-2 have 21 matras, Jhaptaal needs 20",
        ])
    }

    @Test func aBarAfterTheLandingSamIsAccepted() {
        #expect(check("taal: dadra\nends: sam\nDha Dhin Na | Dha Tin Na || Dha ||\n").1.isEmpty)
    }

    @Test func headerKeysAreOneWord() {
        let d = check("taal: dadra\nmy key: x\nDha Dhin Na | Dha Tin Na ||\n").1
        #expect(d.map(\.description) == ["2:1: error: header key 'my key' has a space; write it as one word ('my-key')"])
    }

    @Test func anUnreadableTaalStopsTheCounting() {
        let d = check("taal: 3++2\nDha\n").1
        #expect(d.map(\.description) == ["1:7: error: '3++2' has an empty vibhag; write the lengths joined by '+', like 3+2+2"])
    }

    @Test func reportsEveryErrorNotJustTheFirst() {
        let text = """
            taal: teentaal
            Dha Dhinn Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Taa | Ta Dhin Dhin Dha Dha ||
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dhaz ||
            """
        let (_, d) = check(text)
        #expect(errors(d).map(\.location.line) == [2, 3, 4])
        #expect(errors(d)[1].message == "cycle 2 has 17 matras, Teentaal needs 16")
        #expect(errors(d)[2].message.hasPrefix("unknown bol 'Dhaz'"))
    }

    @Test func endsOnSam() {
        let ok = check("taal: jhaptaal\nends: sam\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na || Dhi\n").1
        #expect(errors(ok).isEmpty)
        // The sam bol written after the last '||' says 'ends: sam' by itself.
        let landing = check("taal: jhaptaal\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na || Dhi\n")
        #expect(landing.1.isEmpty)
        #expect(landing.0.sections[0].ends == .sam)
        let missing = check("taal: jhaptaal\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na Dhi\n").1
        #expect(missing.map(\.description) == [
            "2:42: error: cycle 2 has 1 matra, Jhaptaal needs 10; the last bol lands on sam: write 'ends: sam' in the header (or 'ends=sam' on the section line) if that is meant",
        ])
        let short = check("taal: jhaptaal\nends: sam\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi\n").1
        #expect(errors(short).map(\.message) == [
            "with 'ends: sam' the last bol must land on sam, but it falls on matra 9 of Jhaptaal's 10: 2 more matras to sam, or 8 too many",
        ])
    }

    @Test func startMidCycle() {
        // A mukhda from matra 9 to sam: 8 matras and the sam bol.
        let text = "taal: teentaal\nstart: 9\nends: sam\nKiTaTaKa TiRaKiTa Dha KiTaTaKa | TiRaKiTa Dha KiTaTaKa TiRaKiTa || Dha\n"
        #expect(check(text).1.isEmpty)
        let wrong = check("taal: teentaal\nstart: 9\nDha Dha | Dha\n").1
        #expect(errors(wrong).map(\.message) == ["'|' after matra 10 but the vibhag ends after 12", "cycle 1 has 3 matras from matra 9, Teentaal needs 8"])
    }

    @Test func unknownTaalSuggests() {
        let (_, d) = check("taal: tinntal\nDha\n")
        #expect(errors(d).first?.description == "1:7: error: unknown taal 'tinntal'; did you mean 'Tintal'?")
    }

    @Test func headerProblems() {
        let text = "title: x\ngharana: delhi\nlaya: fast\nform: kayda\nfrom: kaida\nends: never\ntaal: teentaal\n\(theka)\n"
        let d = check(text).1
        #expect(d.map(\.description) == [
            "2:1: warning: unknown header key 'gharana' (kept)",
            "3:7: error: laya 'fast' is not a number of matras per minute or one of ati-vilambit, vilambit, madhya, drut, ati-drut",
            "5:1: warning: unknown header key 'from' (kept); did you mean 'form'?",
            "6:7: error: ends 'never' must be 'cycle' (a whole number of cycles) or 'sam' (the last bol lands on sam)",
        ])
        #expect(check("taal: teentaal\nform: kaiyda\n\(theka)\n").1.first?.message == "unknown form 'kaiyda' (kept); did you mean 'kaida'?")
    }

    @Test func headerAfterBody() {
        let d = check("taal: teentaal\n\(theka)\nlaya: 90\n").1
        #expect(d.map(\.description) == [
            "3:1: error: header line 'laya: 90' after the body has started; put header lines at the top of the file, or right after a section line '[name]'",
        ])
    }

    @Test func sectionOverrides() {
        let text = """
            taal: teentaal
            [theka]
            \(theka)
            [tihai ends=sam laya=120]
            TiRaKiTa DhaGe NaDha TiRaKiTa | Dha - TiRaKiTa DhaGe | NaDha TiRaKiTa Dha - | TiRaKiTa DhaGe NaDha TiRaKiTa || Dha
            [jhaptaal theka taal=jhaptaal]
            Dhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na ||
            [tail]
            start: 13
            Ta Dhin Dhin Dha ||
            """
        let (c, d) = check(text)
        #expect(d.isEmpty)
        #expect(c.sections.map(\.name) == ["theka", "tihai", "jhaptaal theka", "tail"])
        #expect(c.sections[1].ends == .sam && c.sections[1].laya == 120)
        #expect(c.sections[2].taal.name == "Jhaptaal")
        #expect(c.sections[3].start == 13)
    }

    @Test func badBarsAndLongWords() {
        let long = String(repeating: "Dha", count: 100)
        let d = check("taal: dadra\nDha Dhin Na ||| Dha Tin \(long)\n").1
        #expect(d.map(\.description) == [
            "2:13: error: '|||' is not a bar; write '|' between vibhags or '||' at a cycle end",
            "2:25: error: '\(String(long.prefix(40)))…' is 300 bytes long, too long for one matra; separate matras with spaces",
        ])
    }

    @Test func emptyAndCommentOnlyFiles() {
        for text in ["", "\n\n", "# just a comment\n", "taal: teentaal\n"] {
            let d = check(text).1
            #expect(errors(d).map(\.message) == ["no bols found; a composition needs a body such as 'Dha Dhin Dhin Dha | ...'"], "for \(text.debugDescription)")
        }
    }

    @Test func missingTaalIsAssumedTeentaalWithAWarning() {
        let (c, d) = check(theka + "\n")
        #expect(c.taal.name == "Teentaal")
        #expect(d.map(\.description) == ["1:1: warning: no 'taal:' header; assuming Teentaal"])
    }

    @Test func crlfAndBom() {
        let text = "\u{FEFF}taal: rupak\r\nlaya: 60\r\n\r\nTin Tin Na | Dhin Na | Dhin Na ||\r\n"
        let (c, d) = check(text)
        #expect(d.isEmpty)
        #expect(c.taal.name == "Rupak" && c.laya == 60)
        #expect(matraNames(c.sections[0]) == ["Tin", "Tin", "Na", "Dhin", "Na", "Dhin", "Na"])
    }

    @Test func invalidUTF8IsAnErrorNotACrash() {
        var bytes = Array("taal: dadra\nDha Dhin Na | Dha Tin ".utf8)
        bytes += [0xFF, 0xFE, 0x41]
        bytes += Array(" ||\n".utf8)
        let d = NotationParser().check(bytes: bytes).1
        #expect(errors(d).first?.message.hasSuffix("is not valid UTF-8 text") == true)
        #expect(errors(d).first?.location == SourceLocation(line: 2, column: 23))
    }

    @Test func columnsCountCharactersInDevanagari() {
        // "धा धिं " is 2 + 1 + 3 + 1 = 7 scalars, so the unknown word starts at column 8.
        let d = check("taal: dadra\nधा धिं क़ख | धा तिं ना ||\n").1
        #expect(errors(d).first?.location == SourceLocation(line: 2, column: 8))
    }

    @Test func thekaKhaliWarning() {
        let text = "taal: teentaal\nform: theka\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Ta Dhin Dhin Dha ||\n"
        let d = check(text).1
        #expect(d.map(\.description) == [
            "3:41: warning: the khali vibhag (matras 9-12) of cycle 1 rings the bayan on 4 of 4 bols; khali is played without the open bayan (Teentaal's theka has 'Dha Tin Tin Ta' there)",
        ])
        // The standard theka itself (one Dha on khali) is not suspicious.
        #expect(check("taal: teentaal\nform: theka\n\(theka)\n").1.isEmpty)
    }

    @Test func paltaUsesBolsOutsideTheTheme() {
        let text = """
            taal: dadra
            form: kaida
            [theme]
            DhaGe TiNa KeNa | TaKe TiNa GeNa ||
            [palta 1]
            DhaGe TunNa KeNa | TaKe TunNa GeNa ||
            """
        let d = check(text).1
        #expect(d.map(\.description) == ["6:7: warning: 'palta 1' uses 'Tun', which the kaida's theme does not; paltas are built from the theme's bols"])
    }

    @Test func tihaiEndingOnCycleIsWarned() {
        let d = check("taal: dadra\n[tihai]\nDha Dhin Na | Dha Tin Na ||\n").1
        #expect(d.map(\.description) == ["2:1: warning: a tihai normally lands on sam, but this section ends with a whole cycle; add 'ends: sam' if it lands on sam"])
    }

    @Test func errorLimitStopsWithANote() {
        let text = "taal: dadra\n" + String(repeating: "xq ", count: 500)
        let d = NotationParser(maxErrors: 10).check(text).1
        #expect(errors(d).count == 10)
        #expect(d.last?.severity == .note)
        #expect(errors(NotationParser(maxErrors: 0).check(text).1).count == 501)  // 500 words + the cycle count
    }
}
