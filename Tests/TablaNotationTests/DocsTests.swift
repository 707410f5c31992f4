import Foundation
import Testing
@testable import TablaNotation

/// docs/NOTATION.md is what users copy from: its examples must check clean and its
/// bol table must match the vocabulary.
@Suite("docs/NOTATION.md")
struct DocsTests {
    let text: String = {
        let url = compositionsURL.deletingLastPathComponent().appendingPathComponent("docs/NOTATION.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    func codeBlocks() -> [String] {
        text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    @Test func firstExampleChecksClean() {
        let example = codeBlocks().first ?? ""
        let (c, d) = NotationParser().check(example)
        #expect(d.isEmpty, "\(d)")
        #expect(c.sections.map(\.name) == ["theme", "palta 1", "tihai"])
    }

    /// Every composition shown (a code block starting `taal:` with a body) checks clean, and the
    /// `--bols` file example is accepted.
    @Test func examplesCheckClean() throws {
        let compositions = codeBlocks().map { $0.drop { $0 == "\n" } }.filter { ($0.hasPrefix("taal:") || $0.hasPrefix("title:")) && $0.split(separator: "\n").count >= 2 }
        #expect(compositions.count >= 4)
        for example in compositions {
            let (_, d) = NotationParser().check(String(example))
            #expect(d.isEmpty, "\(example)\n\(d)")
        }
        let bolsFile = try #require(codeBlocks().first { $0.contains("# spellings from my teacher's book") })
        var splitter = BolSplitter.standard
        #expect(throws: Never.self) { try splitter.define(file: bolsFile) }
    }

    /// The vocabulary table as docs/NOTATION.md must show it, built from the vocabulary
    /// data, so the page cannot drift from the code.
    static func vocabularyTables() -> String {
        func spelled(_ s: String) -> String {
            s.utf8.allSatisfy { $0 < 128 } ? s.prefix(1).uppercased() + s.dropFirst() : s
        }
        var out = "| bol | Devanagari | strokes | khali | also written |\n|---|---|---|---|---|\n"
        for entry in BolVocabulary.entries {
            let strokes = entry.strokes.map(\.displayName).joined(separator: " + ") + (entry.flam ? " (flam)" : "")
            out += "| \(entry.name) | \(entry.devanagari) | \(strokes) | \(entry.khali) | \(entry.aliases.map(spelled).joined(separator: ", ")) |\n"
        }
        out += "\n| word | bols | also written |\n|---|---|---|\n"
        for phrase in BolVocabulary.phrases {
            let first = phrase.bols.joined()
            let others = phrase.spellings.filter { $0.lowercased() != first.lowercased() }.map(spelled)
            out += "| \(first) | \(phrase.bols.joined(separator: " ")) | \(others.joined(separator: ", ")) |\n"
        }
        return out
    }

    @Test func vocabularyTablesMatchTheCode() {
        let expected = Self.vocabularyTables()
        #expect(text.contains(expected), "docs/NOTATION.md should hold these tables verbatim:\n\(expected)")
    }

    @Test func bolTableListsEveryBolWithItsDevanagariAndKhali() {
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }.map {
            $0.split(separator: "|").map { String($0).trimmed }
        }
        for bol in Bol.all {
            let row = rows.first { $0.first == bol.name }
            #expect(row != nil, "\(bol.name) missing from the table")
            #expect(row?[1] == bol.devanagari)
            #expect(row?[3] == bol.khali.name)
        }
    }
}
