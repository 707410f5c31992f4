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
