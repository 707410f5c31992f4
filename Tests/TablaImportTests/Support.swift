import Foundation
import TablaNotation
@testable import TablaImport

/// ../shared/formats from the repository root, where the format examples live.
let sharedFormats = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/formats")

/// Whether ../shared/formats is there (it is not in a bare clone).
let hasSharedFormats = FileManager.default.fileExists(atPath: sharedFormats.path)

/// Bols written the way tests spell them: "Dha Ti - Ge" -> pulses.
func pulses(_ text: String) -> [Pulse] {
    text.split(separator: " ").map { $0 == "-" ? .rest : .bol(Bol.named(String($0))!) }
}

/// One string per matra, bols by canonical name and `-` for rests: ["Dha Ti", "Na -"].
func matraNames(_ section: Section) -> [String] {
    section.matras.map { $0.pulses.map { $0.text(.roman) }.joined(separator: " ") }
}

/// Reads the imported text back as `tabla check` does.
func recheck(_ imported: ImportedComposition) -> (Composition, [Diagnostic]) {
    NotationParser().check(imported.text)
}

func errors(_ result: ImportResult) -> [ImportDiagnostic] { result.diagnostics.filter { $0.severity == .error } }
func warnings(_ result: ImportResult) -> [ImportDiagnostic] { result.diagnostics.filter { $0.severity == .warning } }

/// A new empty folder under the temporary directory.
func temporaryFolder(_ name: String = #function) -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("tabla-import-tests-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
