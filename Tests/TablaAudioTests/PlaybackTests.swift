import Foundation
import Testing
import TablaNotation
import TablaSynthesis
@testable import TablaAudio

/// Recorded banks played on the hit, without clicks, and the built-in compound bols
/// choked one drum at a time (issue 12).
@Suite("Playing takes")
struct PlaybackTests {
    /// `lead` frames of silence, then a cosine at full level decaying 60 dB/s for
    /// 0.4 s, cut off while still loud: its hit is exactly frame `lead`.
    func take(lead: Int, hz: Double = 300) -> AudioBuffer {
        let body = (0..<17640).map { i -> Float in
            let t = Double(i) / 44100
            return Float(0.8 * cos(2 * .pi * hz * t) * pow(10, -60 * t / 20))
        }
        return AudioBuffer(channels: 1, rate: 44100, samples: [Float](repeating: 0, count: lead) + body)
    }

    /// A folder bank of Na and Tin files with 20 ms and 50 ms of silence before the stroke.
    func leadInBank() throws -> (bank: SampleBank, folder: String) {
        let folder = temporaryFolder()
        try AudioFile.write(take(lead: 882), to: folder + "/na.wav", format: .wav, sampleFormat: .float32)
        try AudioFile.write(take(lead: 2205, hz: 500), to: folder + "/tin.wav", format: .wav, sampleFormat: .float32)
        return (try SampleBank.load(directory: folder, rate: 44100), folder)
    }

    @Test func theHitOfATakeWithLeadInLandsOnTheGrid() throws {
        let (bank, folder) = try leadInBank()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(bank.hits[Bol.named("Na")!] == [882] && bank.hits[Bol.named("Tin")!] == [2205])
        // Na on 0 s (its lead-in falls before the file starts), Tin on 1 s, Na on 2 s:
        // at laya 60 each rings out before the next.
        let c = teentaal("Na Tin Na - | - - - - | - - - - | - - - -", laya: 60)
        let audio = try Renderer(bank: bank, options: rawOptions()).render(c)
        for beat in 0..<3 {
            let grid = beat * 44100
            // The first sound in the second around the beat, within 1 ms (44 frames).
            let window = max(0, grid - 3000)..<(grid + 3000)
            let first = window.first { abs(audio.samples[$0]) > 0.01 }!
            #expect(abs(first - grid) <= 44, "beat \(beat): sounds at \(first)")
            #expect(abs(audio.samples[grid] - 0.8) < 1e-4, "beat \(beat) starts at the cosine's peak")
        }
    }

    @Test func everyRecordedTakeEndsInSilence() throws {
        let (bank, folder) = try leadInBank()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The files stop at 0.8 x 10^(-60 x 0.4 / 20) = 0.050 of full scale, a click;
        // loaded, their last 8 ms (353 frames) ramp down to silence. 4 ms before the
        // end the cosine's envelope is 0.8 x 10^(-60 x 0.396 / 20) = 0.0519, and the
        // ramp is at 176/353, about a half.
        for (_, takes) in bank.takes {
            let s = takes[0].samples
            #expect(s.last == 0)
            let fade = 353
            // Halfway through the fade the level is at most half the file's last level.
            #expect(abs(s[s.count - 1 - fade / 2]) <= 0.0519 * 0.5 + 1e-4)
            #expect(s[(s.count - fade - 200)..<(s.count - fade)].contains { abs($0) > 0.04 }, "loud until the fade")
        }
        // Rendered, the sample after each take ends is silence: no step.
        let c = teentaal("Na Tin Na Tin | Na Tin Na Tin | Na Tin Na Tin | Na Tin Na Tin", laya: 60)
        let audio = try Renderer(bank: bank, options: rawOptions()).render(c)
        let naEnd = 44100 * 2 + 17640 - 1    // beat 2: lead 882 before, 882 + 17640 frames
        #expect(abs(audio.samples[naEnd]) < 1e-6 && abs(audio.samples[naEnd - 1]) < 0.001)
    }

    @Test func theBuiltInDhaIsTwoLayersThatAddUpToIt() throws {
        let bank = SampleBank.synthesized()
        let dha = Bol.named("Dha")!
        let layers = bank.layers[dha]![0]
        #expect(layers.map(\.drum) == [.bayan, .dayan])
        let whole = bank.takes[dha]![0].samples
        for i in stride(from: 0, to: whole.count, by: 97) {
            #expect(abs(layers[0].buffer.samples[i] + layers[1].buffer.samples[i] - whole[i]) < 1e-6)
        }
        #expect(try bank.voicing(dha) == .layered(dha))
    }

    @Test(arguments: [("Na", Drum.bayan), ("Ge", Drum.dayan)])
    func aStrokeAfterDhaChokesOnlyItsOwnDrum(next: String, ringsOn: Drum) throws {
        // Dha on beat 0, then a stroke on one drum on beat 1: 50 ms after it (past the
        // 30 ms fade) the mix is that stroke plus Dha's layer on the other drum,
        // which rings on untouched.
        let bank = SampleBank.synthesized()
        let c = teentaal("Dha \(next) - - | - - - - | - - - - | - - - -", laya: 60)
        let audio = try Renderer(bank: bank, options: rawOptions()).render(c)
        let layer = bank.layers[Bol.named("Dha")!]![0].first { $0.drum == ringsOn }!.buffer.samples
        let stroke = bank.takes[Bol.named(next)!]![0].samples
        let lead = bank.hits[Bol.named(next)!]![0], dhaLead = bank.hits[Bol.named("Dha")!]![0]
        for t in stride(from: 44100 + 2205, to: 44100 + 30000, by: 101) {
            let s = t - 44100 + lead
            let expected = layer[t + dhaLead] + (s < stroke.count ? stroke[s] : 0)
            #expect(abs(audio.samples[t] - expected) < 1e-5, "frame \(t)")
        }
    }
}

@Suite("Normalising takes")
struct TakeNormalisingTests {
    @Test func takesPlayAtTheirBolsMeanLoudnessOnlyWhenAsked() throws {
        // Two takes of Na, steady at 0.6 and 0.2: their RMS mean is 0.4, so with
        // normalising both play at 0.4; without, as recorded.
        let loud = AudioBuffer(channels: 1, rate: 44100, samples: [Float](repeating: 0.6, count: 22050))
        let soft = AudioBuffer(channels: 1, rate: 44100, samples: [Float](repeating: 0.2, count: 22050))
        let bank = SampleBank(takes: [Bol.named("Na")!: [loud, soft]], rate: 44100, origin: "test bank")
        let c = teentaal("Na Na - - | - - - - | - - - - | - - - -", laya: 60)
        var options = rawOptions()
        let plain = try Renderer(bank: bank, options: options).render(c)
        #expect(abs(plain.samples[1000] - 0.6) < 1e-6 && abs(plain.samples[44100 + 1000] - 0.2) < 1e-6)
        options.normalizeTakes = true
        let even = try Renderer(bank: bank, options: options).render(c)
        #expect(abs(even.samples[1000] - 0.4) < 1e-5 && abs(even.samples[44100 + 1000] - 0.4) < 1e-5)
    }
}
