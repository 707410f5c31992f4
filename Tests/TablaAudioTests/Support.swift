import Foundation
import TablaNotation
@testable import TablaAudio

/// The repository root, from this file's path.
let repositoryURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The real stroke recordings, outside the repository (CI has them).
let deolekarPath = repositoryURL.deletingLastPathComponent().appendingPathComponent("shared/samples/deolekar").path

/// Whether the recordings are beside the repository. A fresh clone has no `../shared`;
/// the tests that need them are then skipped, and the skip names the reason.
let hasDeolekarRecordings = FileManager.default.fileExists(atPath: deolekarPath + "/dha.wav")

/// Parses and validates a composition, failing loudly on errors.
func composition(_ text: String) -> Composition {
    let (c, d) = NotationParser().check(text)
    let errors = d.filter { $0.severity == .error }
    precondition(errors.isEmpty, "test composition is invalid: \(errors)")
    return c
}

/// `n` Teentaal cycles of a body line at `laya`.
func teentaal(_ cycle: String, laya: Double, cycles: Int = 1, extra: String = "") -> Composition {
    composition("taal: teentaal\nlaya: \(laya)\n\(extra)\n" + String(repeating: cycle + " ||\n", count: cycles))
}

/// A bank where every named bol is `sound` (mono), so each onset is easy to find.
func bank(_ names: [String], _ sound: [Float], rate: Int = 44100) -> SampleBank {
    var takes: [Bol: [AudioBuffer]] = [:]
    for name in names { takes[Bol.named(name)!] = [AudioBuffer(channels: 1, rate: rate, samples: sound)] }
    return SampleBank(takes: takes, rate: rate, origin: "test bank")
}

/// Options that leave the mix unscaled and unaccented, so sample values are exact.
func rawOptions() -> RenderOptions {
    var o = RenderOptions()
    o.normalize = false
    o.samAccent = 0
    return o
}

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String = #function) -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("tabla-audio-tests-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Indices of the samples that are not zero.
func nonZero(_ samples: [Float]) -> [Int] { samples.indices.filter { samples[$0] != 0 } }
