import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Hostile input to the importers")
struct RobustnessTests {
    /// Bytes from a fixed linear congruential generator, biased towards each format's
    /// own punctuation so the readers get past their first checks.
    func noise(_ seed: UInt64, count: Int, alphabet: [UInt8]) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = Int(state >> 33)
            return r % 64 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[(r >> 3) % alphabet.count]
        }
    }

    @Test(arguments: ImportFormat.allCases)
    func randomInputGivesDiagnosticsNotACrash(format: ImportFormat) {
        let alphabet = Array("##\n:!S4E;, -''{}[]|\"dhatigenaDHATIGENA/.+0123456789ktr".utf8)
        for seed in 0..<200 as Range<UInt64> {
            let bytes = noise(seed, count: Int(seed % 300), alphabet: alphabet)
            let result = Importer().read(format, bytes: bytes, file: "noise")
            // Whatever came out checks; whatever did not is reported.
            for c in result.compositions {
                #expect(NotationParser().check(c.text).1.allSatisfy { $0.severity != .error })
            }
            if result.failed > 0 { #expect(!result.diagnostics.isEmpty) }
        }
    }

    @Test func slotsThatWouldNeedTooFineAGridAreReported() {
        // Slots of 7, 9 and 11 syllables: 3 x lcm(7, 9, 11) = 2079 pulses.
        let slot = { (n: Int) in Array(repeating: "TA", count: n).joined(separator: ",") }
        let text = "##\nTALA:DADRA\n##\n!S:3\n\(slot(7)) \(slot(9)) \(slot(11));\n!E\n"
        let result = Importer().read(.compmusic, text: text, file: "fine.txt")
        #expect(result.failed == 1)
        #expect(errors(result).first?.location == SourceLocation(line: 5, column: 1))
        #expect(errors(result).first?.message.contains("more than 64 pulses") == true)
        // Many large primes would overflow a plain lcm: still only a report.
        let primes = [53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113]
        let huge = "##\nTALA:DADRA\n##\n!S:15\n" + primes.map(slot).joined(separator: " ") + ";\n!E\n"
        #expect(Importer().read(.compmusic, text: huge, file: "huge.txt").failed == 1)
    }
}
