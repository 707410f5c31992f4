import Foundation
import Testing
import TablaNotation
@testable import TablaAudio

@Suite("Timeline")
struct TimelineTests {
    let impulse: [Float] = [1]

    @Test(arguments: [60.0, 90.0, 100.0, 137.0])
    func onsetsLandOnTheExactSample(laya: Double) throws {
        // One bol per matra: bol i at round(i * 60/laya * 44100).
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: laya)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: rawOptions()).render(c)
        let expected = (0..<16).map { Int((Double($0) * 60 / laya * 44100).rounded()) }
        #expect(nonZero(audio.samples) == expected)
        #expect(audio.samples[expected[5]] == 1)
    }

    @Test func layakariSpacesTheBolsOfAMatraEvenly() throws {
        // Matras of 1, 2, 3, 4, 6 and 8 bols at laya 100 (0.6 s = 26460 samples a matra).
        let c = teentaal("Na NaNa NaNaNa NaNaNaNa | NaNaNaNaNaNa NaNaNaNaNaNaNaNa Na Na | Na Na Na Na | Na Na Na Na", laya: 100)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: rawOptions()).render(c)
        var expected: [Int] = []
        for (m, k) in [1, 2, 3, 4, 6, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1].enumerated() {
            for j in 0..<k { expected.append(Int(((Double(m) + Double(j) / Double(k)) * 26460).rounded())) }
        }
        #expect(nonZero(audio.samples) == expected)
        // Tigun: 26460 / 3 = 8820 apart.
        #expect(expected[4] - expected[3] == 8820 && expected[5] - expected[4] == 8820)
    }

    @Test func restsTakeTheirSlotSilently() throws {
        let c = teentaal("Na- -Na Na-Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: rawOptions()).render(c)
        let found = nonZero(audio.samples)
        #expect(Array(found.prefix(5)) == [0, 44100 + 22050, 88200, 88200 + 29400, 132300])
    }

    @Test func lengthIsTheMatrasPlusTheLastStrokesTail() throws {
        // 16 matras at laya 120 = 8 s; the last Na starts at 7.5 s.
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 120)
        let long = [Float](repeating: 0.01, count: 44100)        // 1 s: rings 0.5 s past the end
        let short = [Float](repeating: 0.01, count: 4410)        // 0.1 s: ends inside the last matra
        let a = try Renderer(bank: bank(["Na"], long), options: rawOptions()).render(c)
        let b = try Renderer(bank: bank(["Na"], short), options: rawOptions()).render(c)
        #expect(a.frames == 7 * 44100 + 22050 + 44100)
        #expect(b.frames == 8 * 44100)
    }

    @Test func repeatPlaysTheCompositionAgainRightAfter() throws {
        var options = rawOptions()
        options.repeatCount = 3
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 120)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: options).render(c)
        let expected = (0..<48).map { $0 * 22050 }
        #expect(nonZero(audio.samples) == expected)
        #expect(audio.frames == 48 * 22050)
    }

    @Test func sectionRendersOnlyThatSectionAtItsOwnLaya() throws {
        let c = composition("""
            taal: teentaal
            laya: 60
            [one]
            Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na ||
            [two laya=120]
            Ge Ge Ge Ge | Ge Ge Ge Ge | Ge Ge Ge Ge | Ge Ge Ge Ge ||
            """)
        var options = rawOptions()
        options.section = "TWO"
        let audio = try Renderer(bank: bank(["Na"], [1]).merging(bank(["Ge"], [0.5])), options: options).render(c)
        #expect(nonZero(audio.samples) == (0..<16).map { $0 * 22050 })
        #expect(audio.samples[22050] == 0.5)
        options.section = "three"
        #expect(throws: AudioError.unknownSection(name: "three", available: ["one", "two"])) {
            try Renderer(bank: bank(["Na", "Ge"], [1]), options: options).render(c)
        }
        // Without --section, the second section follows the first's 16 s.
        let both = try Renderer(bank: bank(["Na"], [1]).merging(bank(["Ge"], [0.5])), options: rawOptions()).render(c)
        #expect(nonZero(both.samples) == (0..<16).map { $0 * 44100 } + (0..<16).map { 16 * 44100 + $0 * 22050 })
    }

    @Test func layaOptionOverridesTheFile() throws {
        var options = rawOptions()
        options.laya = 30
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 120)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: options).render(c)
        #expect(nonZero(audio.samples) == (0..<16).map { $0 * 88200 })
    }

    @Test func samIsAccented() throws {
        var options = rawOptions()
        options.samAccent = 6
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 120, cycles: 2)
        let audio = try Renderer(bank: bank(["Na"], impulse), options: options).render(c)
        let accent = Float(pow(10, 6.0 / 20))
        #expect(abs(audio.samples[0] - accent) < 1e-6)
        #expect(abs(audio.samples[16 * 22050] - accent) < 1e-6)
        #expect(audio.samples[22050] == 1)
    }

    @Test func humanizeJittersWithinTheLimitAndRepeatsWithTheSeed() throws {
        var options = rawOptions()
        options.humanize = 10
        options.seed = 42
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        let a = try Renderer(bank: bank(["Na"], impulse), options: options).render(c)
        let b = try Renderer(bank: bank(["Na"], impulse), options: options).render(c)
        #expect(a == b)
        let onsets = nonZero(a.samples)
        #expect(onsets.count == 16)
        for (i, onset) in onsets.enumerated() { #expect(abs(onset - i * 44100) <= 441) }
        #expect(onsets != (0..<16).map { $0 * 44100 })
        // Levels within ±1.5 dB.
        for i in onsets { #expect(a.samples[i] >= Float(pow(10, -1.5 / 20)) - 1e-6 && a.samples[i] <= Float(pow(10, 1.5 / 20)) + 1e-6) }
        options.seed = 43
        #expect(try Renderer(bank: bank(["Na"], impulse), options: options).render(c) != a)
    }

    @Test func compoundBolsWithoutASampleAreMixedFromTheirStrokes() throws {
        // Dhi = Ge + Ti; Kran = Ke then Na 25 ms later (a flam).
        let b = bank(["Ge"], [0.25]).merging(bank(["Ti"], [0.5])).merging(bank(["Ke"], [0.125])).merging(bank(["Na"], [1]))
        let c = teentaal("Dhi Kran Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        let audio = try Renderer(bank: b, options: rawOptions()).render(c)
        #expect(audio.samples[0] == 0.75)
        #expect(audio.samples[44100] == 0.125)
        #expect(audio.samples[44100 + 1103] == 1)
    }
}

extension SampleBank {
    /// Both banks' takes in one.
    func merging(_ other: SampleBank) -> SampleBank {
        SampleBank(takes: takes.merging(other.takes) { a, _ in a }, rate: rate, origin: origin)
    }
}

@Suite("Timeline: repeats on the grid")
struct RepeatGridTests {
    @Test func aSamEndingPieceRepeatedKeepsEverySamOnTheGrid() throws {
        // 16 matras and a landing Ge on sam, at 60 matras a minute, three times: the landing
        // is played by the next repeat's own sam, so sams fall every 16 s (the last landing too).
        let c = composition("""
            taal: teentaal
            laya: 60
            ends: sam
            Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na ||
            Ge
            """)
        var options = rawOptions()
        options.repeatCount = 3
        let (onsets, end) = try Renderer(bank: bank(["Na", "Ge"], [1]), options: options).timeline(c)
        #expect(onsets.filter(\.isSam).map(\.time) == [0, 16, 32, 48])
        #expect(onsets.map(\.time) == (0...48).map(Double.init))
        #expect(onsets.map(\.bol.name) == Array(repeating: "Na", count: 48) + ["Ge"])
        #expect(end == 49)
    }

    @Test func aMukhdaFromMatraNineWaitsForItsMatraAfterTheLanding() throws {
        let c = composition("""
            taal: teentaal
            laya: 60
            start: 9
            ends: sam
            Na Na Na Na | Na Na Na Na ||
            Ge
            """)
        var options = rawOptions()
        options.repeatCount = 2
        let (onsets, _) = try Renderer(bank: bank(["Na", "Ge"], [1]), options: options).timeline(c)
        // Second repeat: the landing Ge at 8 s, then silence until matra 9 of the next cycle (16 s).
        #expect(onsets.map(\.time) == (0...8).map(Double.init) + (16...24).map(Double.init))
        #expect(onsets.filter(\.isSam).map(\.time) == [8, 24])
    }
}
