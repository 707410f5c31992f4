import Foundation
import Testing
@testable import TablaNotation

/// Issue 13: numeric edges of the notation, each once a crash or a silent pass.
@Suite("Hardening: notation")
struct NotationHardeningTests {
    static let body = "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    /// A tempo in the header and the same tempo as a section attribute get the same verdict.
    @Test("laya is checked the same in the header and in a section", arguments: [
        ("1e-300", "error"), ("0.5", "error"), ("0", "error"), ("2001", "error"), ("-3", "error"),
        ("5", "warning"), ("1", "warning"), ("900", "warning"), ("90", "none"), ("2000", "warning"),
    ])
    func layaAgrees(value: String, verdict: String) {
        let header = NotationParser().check("taal: teentaal\nlaya: \(value)\n\n" + Self.body).1
        let section = NotationParser().check("taal: teentaal\n\n[a laya=\(value)]\n" + Self.body).1
        for diagnostics in [header, section] {
            let about = diagnostics.filter { $0.message.contains("laya") }
            switch verdict {
            case "error": #expect(about.contains { $0.severity == .error && $0.message.contains("between 1 and 2000") })
            case "warning": #expect(about.count == 1 && about[0].severity == .warning)
            default: #expect(about.isEmpty)
            }
        }
    }

    @Test("the laya range is 1 to 2000 matras per minute")
    func layaRange() {
        #expect(LayaName.problem(1) == nil)
        #expect(LayaName.problem(2000) == nil)
        #expect(LayaName.problem(0.999) != nil)
        #expect(LayaName.problem(.nan) != nil)
        #expect(LayaName.problem(.infinity) != nil)
    }
}
