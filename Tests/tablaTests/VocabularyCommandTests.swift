import Foundation
import Testing

/// `--bols`, `--marks` and `--laya` words on the command line.
@Suite("Vocabulary options")
struct VocabularyCommandTests {
    func run(_ arguments: [String], input: String = "") throws -> Tabla.Result {
        try Tabla.run(arguments, input: Data(input.utf8))
    }

    @Test func bolsFileAddsSpellingsAndBols() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bols = folder + "/my.bols"
        try "# mine\nbol: Gey = Ge\nChaanti strokes=na+te like=Na\n".write(toFile: bols, atomically: true, encoding: .utf8)
        let text = "taal: dadra\nGey Chaanti Na | Dha Tin Na ||\n"
        let without = try run(["check", "-"], input: text)
        #expect(without.status == 1 && without.stderr.contains("<stdin>:2:1: error: unknown bol 'Gey'"))
        let with = try run(["check", "--bols", bols, "-"], input: text)
        #expect(with.status == 0, "\(with.stderr)")
        let printed = try run(["print", "--bols", bols, "-"], input: text)
        #expect(printed.stdout.contains("bol: Chaanti strokes=na+te khali=Chaanti like=Na\n"))
        #expect(printed.stdout.contains("Ge Chaanti Na | Dha Tin Na ||"))

        try "bol: Gey = Ge\nbol: Gh-i = Ge\n".write(toFile: bols, atomically: true, encoding: .utf8)
        let bad = try run(["check", "--bols", bols, "-"], input: text)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("\(bols):2:1: error: 'Gh-i' is not a name for a bol"), "\(bad.stderr)")
    }

    @Test func marksOption() throws {
        let text = "taal: dadra\nDha Dhin Na | Dha Tin Na ||\n"
        let devanagari = try run(["print", "--script", "devanagari", "-"], input: text)
        #expect(devanagari.stdout.contains("\n×") && devanagari.stdout.contains("०\n"))
        let latin = try run(["print", "--script", "devanagari", "--marks", "latin", "-"], input: text)
        #expect(latin.stdout.contains("\nX ") && !latin.stdout.contains("×"))
        // Paluskar: the claps by matra number, the wave +; the columns as with X and 0.
        let paluskar = try run(["print", "--marks", "paluskar", "-"], input: text)
        #expect(paluskar.status == 0)
        #expect(paluskar.stdout.contains("\n1" + String(repeating: " ", count: 13) + "+\n"), "\(paluskar.stdout)")
        #expect(try run(["print", "--marks", "bengali", "-"], input: text).status == 64)
    }

    @Test func layaWordsOnTheCommandLine() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = "taal: dadra\nDha Dhin Na | Dha Tin Na ||\n"
        // vilambit is 45 matras per minute: 6 matras last 8 s.
        let slow = try run(["render", "-", "--laya", "vilambit", "-o", folder + "/s.wav"], input: text)
        #expect(slow.status == 0, "\(slow.stderr)")
        #expect(slow.stdout.contains("8.0 s"), "\(slow.stdout)")
        #expect(try run(["render", "-", "--laya", "slowish", "-o", folder + "/s.wav"], input: text).status == 64)
    }
}
