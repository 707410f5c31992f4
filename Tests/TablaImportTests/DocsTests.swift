import Foundation
import Testing
import TablaNotation
@testable import TablaImport

/// The import example in docs/NOTATION.md is what a user compares against: it must be
/// what the importer writes.
@Suite("docs/NOTATION.md, Importing")
struct ImportDocsTests {
    @Test func exampleIsWhatTheImporterWrites() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/NOTATION.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "## Importing").dropFirst().first)
        let blocks = section.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let block = try #require(blocks.first { $0.contains("$ cat rela.txt") })
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let input = try #require(lines.firstIndex(of: "$ cat rela.txt"))
        let command = try #require(lines.firstIndex { $0.hasPrefix("$ tabla import") })
        let output = try #require(lines.firstIndex(of: "$ cat imported/lucknow-rela.bol"))
        let score = lines[(input + 1)..<command].joined(separator: "\n") + "\n"
        let expected = lines[(output + 1)...].joined(separator: "\n")

        let result = Importer().read(.compmusic, text: score, file: "rela.txt")
        let imported = try #require(result.compositions.first)
        #expect(imported.text == expected)
        #expect(lines[command + 1] == "imported/\(imported.baseName).bol")
        #expect(result.diagnostics.map(\.description) == [lines[command + 2]])
    }
}
