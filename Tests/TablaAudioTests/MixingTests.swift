import Foundation
import Testing
import TablaNotation
import TablaSynthesis
@testable import TablaAudio

@Suite("Mixing")
struct MixingTests {
    let steady = [Float](repeating: 0.5, count: 3 * 44100)   // rings 3 s at a constant level
    let fade = 1323                                           // 30 ms at 44.1 kHz: strokes a second apart

    @Test func aStrokeOnTheSameDrumChokesTheLastOne() throws {
        // Na then Tin one second later (both dayan): the Na fades out over 30 ms.
        let c = teentaal("Na Tin - - | - - - - | - - - - | - - - -", laya: 60)
        let audio = try Renderer(bank: bank(["Na"], steady).merging(bank(["Tin"], steady)), options: rawOptions()).render(c)
        #expect(audio.samples[44099] == 0.5)
        #expect(audio.samples[44100] > 0.5 && audio.samples[44100] < 1)   // both, Na fading
        #expect(abs(audio.samples[44100 + fade / 2] - 0.75) < 0.01)         // halfway down
        #expect(audio.samples[44100 + fade] == 0.5)                        // Tin alone
        #expect(audio.samples[44100 + 5000] == 0.5)
        #expect(audio.frames == 16 * 44100)
    }

    @Test(arguments: [(0.040, 0.015), (0.060, 0.015), (0.100, 0.025), (0.120, 0.030), (1.0, 0.030)])
    func theChokeFadeIsAQuarterOfTheGapWithin15To30Ms(gap: Double, seconds: Double) {
        #expect(abs(RenderOptions.chokeSeconds(gap: gap) - seconds) < 1e-12)
    }

    @Test func fastStrokesChokeFaster() throws {
        // Four bols a matra at laya 160: 60 / 160 / 4 = 93.75 ms apart (4134.4 frames,
        // the Tin lands on frame round(4134.375) = 4134), so the Na fades over a
        // quarter of that, 23.4 ms = 1034 frames.
        let c = teentaal("NaTin-- ---- ---- ---- | ---- ---- ---- ---- | ---- ---- ---- ---- | ---- ---- ---- ----", laya: 160)
        let audio = try Renderer(bank: bank(["Na"], steady).merging(bank(["Tin"], steady)), options: rawOptions()).render(c)
        #expect(abs(audio.samples[4134 + 517] - 0.75) < 0.01)   // halfway down
        #expect(audio.samples[4134 + 1034] == 0.5)            // Tin alone
        #expect(audio.samples[4134 + 1000] > 0.5)   // the 16 matras outlast both
    }

    @Test func strokesOnTheOtherDrumRingOn() throws {
        // Ge (bayan) under Na (dayan): they overlap-add.
        let c = teentaal("Ge Na - - | - - - - | - - - - | - - - -", laya: 60)
        let audio = try Renderer(bank: bank(["Ge"], steady).merging(bank(["Na"], steady)), options: rawOptions()).render(c)
        #expect(audio.samples[44099] == 0.5)
        #expect(audio.samples[44100 + 5000] == 1.0)
        #expect(audio.samples[3 * 44100 + 100] == 0.5)   // Ge ended, Na rings on
    }

    @Test func aCompoundRecordingIsChokedByItsRingingDrum() throws {
        // A Dha recording rings on the bayan: Na (dayan) leaves it, Ge cuts it.
        // A Dhin recording rings on the dayan: Ge leaves it, Na cuts it.
        let c = teentaal("Dha Na Ge - | Dhin Ge Na - | - - - - | - - - -", laya: 60)
        let b = bank(["Dha", "Dhin"], steady).merging(bank(["Na", "Ge"], [0]))
        let audio = try Renderer(bank: b, options: rawOptions()).render(c)
        #expect(audio.samples[44100 + 1000] == 0.5)
        #expect(audio.samples[2 * 44100 + fade] == 0)
        #expect(audio.samples[5 * 44100 + 1000] == 0.5)
        #expect(audio.samples[6 * 44100 + fade] == 0)
        #expect(Renderer.ringingDrum(of: Bol.named("Dhi")!) == .bayan)
        #expect(Renderer.ringingDrum(of: Bol.named("Dhun")!) == .dayan)
        #expect(Renderer.ringingDrum(of: Bol.named("Kran")!) == .dayan)
    }

    @Test func realBankPeaksAtMinusOneDBFSAndNeverClips() throws {
        let c = teentaal("DhaDhaDhaDha DhaDhaDhaDha DhaDhaDhaDha DhaDhaDhaDha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha", laya: 240)
        var options = RenderOptions()
        options.click = true
        let audio = try Renderer(bank: .synthesized(), options: options).render(c)
        #expect(abs(audio.peak - Float(pow(10, -1.0 / 20))) < 1e-6)
        // Unnormalised the same mix exceeds full scale: normalising is what prevents clipping.
        options.normalize = false
        #expect(try Renderer(bank: .synthesized(), options: options).render(c).peak > 1)
        // Written as 16-bit, the loudest sample is 0.891 * 32767 = 29204.
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        options.normalize = true
        try Renderer(bank: .synthesized(), options: options).render(c, to: folder + "/x.wav", format: .wav)
        let back = try AudioFile.read(folder + "/x.wav")
        #expect(abs(back.peak * 32768 - 29204) <= 1)
    }

    @Test func clickTrackClapsOnTaaliAndTicksOnKhali() throws {
        // A silent Na: only the clicks sound, starting on the vibhag starts (matras 1, 5, 9, 13).
        var options = rawOptions()
        options.click = true
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        let audio = try Renderer(bank: bank(["Na"], [0]), options: options).render(c)
        let synth = Synthesizer()
        let clap = synth.render(Click.taali), tick = synth.render(Click.khali)
        let level = Float(pow(10, RenderOptions.clickLevel / 20))
        for (matra, sound) in [(0, clap), (4, clap), (8, tick), (12, clap)] {
            let at = matra * 44100
            for i in [0, 10, 100, 400] { #expect(abs(audio.samples[at + i] - level * sound[i]) < 1e-6) }
        }
        #expect(audio.samples[(44100 + clap.count + 10)..<(4 * 44100)].allSatisfy { $0 == 0 })
        #expect(clap != tick)
    }

    @Test func renderingToAFileEqualsRenderingInMemory() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let c = teentaal("DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe TinNa KeNa | TaTi TaKe TiNa KeNa | TiRaKiTa DhaGe DhiNa GeNa", laya: 90, cycles: 2)
        let renderer = Renderer(bank: .synthesized())
        let memory = try renderer.render(c)
        let summary = try renderer.render(c, to: folder + "/a.wav", format: .wav, sampleFormat: .float32)
        let file = try AudioFile.read(folder + "/a.wav")
        #expect(summary.frames == memory.frames && file.frames == memory.frames)
        #expect(zip(file.samples, memory.samples).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
