import Foundation
import Testing
import TablaNotation
@testable import TablaAudio

/// `--count-in` in the audio: the theka leads in and the piece comes in at its matra.
@Suite("Count-in")
struct CountInTests {
    @Test func aMukhdaFromMatra9ComesInAfterACycleAndEightMatrasOfTheka() throws {
        var b = bank(["Dha", "Dhin", "Tin", "Ta"], [0.5])
        b = SampleBank(takes: b.takes.merging([Bol.named("Na")!: [AudioBuffer(channels: 1, rate: 44100, samples: [1])]]) { a, _ in a },
                       rate: 44100, origin: "test bank")
        var options = rawOptions()
        options.countIn = 1
        let c = composition("taal: teentaal\nlaya: 60\nstart: 9\nNa Na Na Na | Na Na Na Na ||\n")
        let audio = try Renderer(bank: b, options: options).render(c)
        // At 60 a minute a matra is 44100 samples: 16 + 8 matras of theka (every theka bol
        // sounds 0.5), then the eight Na (1.0) on matras 9-16 of the second cycle.
        let onsets = (0..<32).map { audio.samples[$0 * 44100] }
        #expect(onsets == Array(repeating: 0.5, count: 24) + Array(repeating: 1, count: 8))
        // 32 matras long (a stroke one sample long rings no further).
        #expect(audio.frames == 32 * 44100)
    }
}
