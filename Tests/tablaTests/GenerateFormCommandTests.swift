import Foundation
import Testing

/// `tabla generate --form ...` run as a user would.
@Suite("tabla generate --form on the command line")
struct GenerateFormCommandTests {
    func run(_ arguments: [String], input: String = "") throws -> Tabla.Result { try Tabla.run(arguments, input: input) }

    /// `tabla check` on text: (exit status, its summary on stderr).
    func check(_ text: String) throws -> (Int32, String) {
        let r = try run(["check", "-"], input: text)
        return (r.status, r.stderr)
    }

    @Test func kaidaIsWrittenCheckedAndRendered() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try run(["generate", "--form", "kaida", "--seed", "2", "-o", folder + "/k.bol", "--wav", folder + "/k.wav"])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: folder + "/k.bol", encoding: .utf8)
        #expect(written == r.stdout)
        for name in ["[theme]", "[palta 1]", "[palta 6]", "[tihai]"] { #expect(written.contains(name), "\(name)") }
        #expect(!written.contains("[palta 7]"))
        #expect(written.contains("form: kaida") && written.contains("ends: sam"))
        let (status, summary) = try check(written)
        #expect(status == 0 && summary.contains("0 errors, 0 warnings"), "\(summary)")
        let wav = try Data(contentsOf: URL(fileURLWithPath: folder + "/k.wav"))
        #expect(wav.count > 44_100 && wav.prefix(4) == Data("RIFF".utf8))
    }

    @Test func aGivenThemeIsMirroredAndDeveloped() throws {
        let r = try run(["generate", "--form", "kaida", "--theme", "DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa", "--paltas", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        // TABLA.md's Delhi example: the khali half of this bhari half.
        #expect(r.stdout.contains("DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa | TaTi TaKe NaTa TiTa | GeDhi NaGe DhinNa GeNa ||"),
                "\(r.stdout)")
        #expect(r.stdout.contains("[palta 3]") && !r.stdout.contains("[palta 4]"))
        #expect(try check(r.stdout).1.contains("0 errors, 0 warnings"))
    }

    @Test func aThemeThatCannotFillCyclesIsOneCleanError() throws {
        let r = try run(["generate", "--form", "kaida", "--theme", "DhaTi DhaGe NaDha TiDha GeDhi"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the theme's bhari half has 5 matras") && r.stderr.contains("8 or 16 matras"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: [(["--form", "mukhda", "--from", "13"], "start: 13"), (["--form", "tukda"], "form: tukda"),
                      (["--form", "tihai", "--taal", "jhaptaal", "--kind", "bedam"], "taal: Jhaptaal"),
                      (["--form", "theka-prakar", "--taal", "rupak", "--cycles", "2"], "[prakar 2]")])
    func otherFormsCheckClean(arguments: [String], expected: String) throws {
        let r = try run(["generate"] + arguments + ["--seed", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(expected), "\(r.stdout)")
        #expect(try check(r.stdout).1.contains("0 errors, 0 warnings"), "\(r.stdout)")
    }

    @Test func formOptionsAreUsageErrors() throws {
        #expect(try run(["generate", "--theme", "DhaTi DhaGe"]).status == 64)
        #expect(try run(["generate", "--form", "kaida", "--primer", "Dha"]).status == 64)
        #expect(try run(["generate", "--form", "sonata"]).status == 64)
        #expect(try run(["generate", "--form", "kaida", "--paltas", "-1"]).status == 64)
        #expect(try run(["generate", "--form", "tihai", "--kind", "slow"]).status == 64)
        let late = try run(["generate", "--form", "mukhda", "--from", "17"])
        #expect(late.status == 1 && late.stderr.contains("--from 17: Teentaal has matras 1 to 16"), "\(late.stderr)")
    }
}
