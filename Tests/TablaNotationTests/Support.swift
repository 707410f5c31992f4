import Foundation
@testable import TablaNotation

/// The repository's Compositions/ folder.
let compositionsURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Compositions")

/// Every .bol file under Compositions/, sorted.
func corpusFiles() -> [URL] {
    let walker = FileManager.default.enumerator(at: compositionsURL, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = walker?.nextObject() as? URL {
        if url.pathExtension == "bol" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
}

/// Parses and validates `text` with the standard catalogue.
func check(_ text: String, parser: NotationParser = NotationParser()) -> (Composition, [Diagnostic]) {
    parser.check(text)
}

func errors(_ diagnostics: [Diagnostic]) -> [Diagnostic] { diagnostics.filter { $0.severity == .error } }
func warnings(_ diagnostics: [Diagnostic]) -> [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

/// Roman names of a section's pulses, one string per matra: ["Dha", "Dha Ge", "-"].
func matraNames(_ section: Section) -> [String] {
    section.matras.map { $0.pulses.map { $0.text(.roman) }.joined(separator: " ") }
}

/// What a composition means musically, without source positions: used to compare a
/// composition with its printed and re-read form.
struct Music: Equatable, CustomStringConvertible {
    struct Part: Equatable {
        var name: String?
        var vibhags: [Int]
        var marks: [VibhagMark]
        var start: Int
        var ends: Ending
        var laya: Double?
        var matras: [[Pulse]]
    }
    var title: String?
    var laya: Double?
    var form: Form?
    var source: String?
    var parts: [Part]

    init(_ c: Composition) {
        title = c.title
        laya = c.laya
        form = c.form
        source = c.source
        parts = c.sections.filter { !$0.matras.isEmpty }.map {
            Part(name: $0.name, vibhags: $0.taal.vibhags, marks: $0.taal.marks, start: $0.start, ends: $0.ends,
                 laya: $0.laya, matras: $0.matras.map(\.pulses))
        }
    }

    var description: String {
        parts.map { "[\($0.name ?? "-") \($0.start) \($0.ends)] " + $0.matras.map { $0.map { $0.text(.roman) }.joined() }.joined(separator: " ") }
            .joined(separator: "\n")
    }
}
