import Foundation
import Testing
import TablaNotation
import TablaSynthesis
@testable import TablaAudio

@Suite("Files")
struct FileTests {
    static let cases: [(String, AudioFormat, SampleFormat, Int)] = [
        ("wav", .wav, .int16, 44100), ("wav", .wav, .int24, 48000), ("wav", .wav, .float32, 22050),
        ("flac", .flac, .int16, 44100), ("flac", .flac, .int24, 96000), ("ogg", .ogg, .int16, 44100),
        ("aiff", .aiff, .int16, 44100), ("aif", .aiff, .int24, 32000), ("aiff", .aiff, .float32, 48000),
    ]

    @Test(arguments: cases)
    func everyFormatReadsBackWithItsRateChannelsAndLength(ext: String, format: AudioFormat, sample: SampleFormat, rate: Int) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let c = teentaal("Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha", laya: 240)
        #expect(AudioFormat(path: "x/y." + ext) == format)
        for channels in [1, 2] {
            let path = folder + "/out\(channels)." + ext
            let b = SampleBank.synthesized(rate: rate)
            let stereo = SampleBank(takes: b.takes.mapValues { $0.map { $0.withChannels(channels) } }, rate: rate, origin: "stereo")
            let summary = try Renderer(bank: stereo).render(c, to: path, format: format, sampleFormat: sample)
            let back = try AudioFile.read(path)
            #expect(back.rate == rate)
            #expect(back.channels == channels)
            #expect(back.frames == summary.frames)
            // 16 matras at 240/min = 4 s, plus the last Dha's tail; the Dha starts its
            // lead (the frames before its hit) before 3.75 s. It is the theka's sixth
            // Dha, so with the built-in bank's four takes in turn, its take 1.
            let dha = Bol.named("Dha")!
            let lead = b.hits[dha]![1]
            #expect(lead > 0 && lead < rate / 1000)
            #expect(summary.frames == Int((3.75 * Double(rate)).rounded()) - lead + b.takes[dha]![1].frames)
            #expect(b.takes[dha]![1].frames == Synthesizer(rate: Double(rate)).render(dha, take: 1)!.count)
            #expect(back.peak > 0.5 && back.peak <= 1)
        }
    }

    @Test func flacCannotHoldFloats() {
        #expect(throws: AudioError.unsupportedSampleFormat(format: .flac, sampleFormat: .float32)) {
            try AudioFile.write(AudioBuffer(channels: 1, rate: 44100, frames: 10), to: "/tmp/never.flac", format: .flac, sampleFormat: .float32)
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.flac"))
    }

    @Test func unknownExtensionsHaveNoFormat() {
        for path in ["out.mp3", "out", "out.wav/", "dir.wav/out"] { #expect(AudioFormat(path: path) == nil, "\(path)") }
    }

    @Test func aFailingWriteLeavesNothingBehind() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let c = teentaal("Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha", laya: 240)
        let renderer = Renderer(bank: .synthesized())
        // The rename at the end fails: the target is a folder. The temporary goes.
        let target = folder + "/taken.wav"
        try FileManager.default.createDirectory(atPath: target + "/inside", withIntermediateDirectories: true)
        #expect(throws: AudioError.self) { try renderer.render(c, to: target, format: .wav) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken.wav"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["inside"])
        // A folder nobody may create files in, not even root.
        #expect(throws: AudioError.self) { try renderer.render(c, to: "/proc/tabla-test.wav", format: .wav) }
        #expect(!FileManager.default.fileExists(atPath: "/proc/tabla-test.wav"))
        // A folder that does not exist.
        #expect(throws: AudioError.self) { try renderer.render(c, to: folder + "/missing/x.wav", format: .wav) }
    }

    @Test func anErrorKeepsTheExistingFileUntouched() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/song.wav"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        // Ra has no sample: the render fails before anything is written.
        let c = teentaal("TiRaKiTa Dha Dha Dha | Dha Dha Dha Dha | Dha Dha Dha Dha | Dha Dha Dha Dha", laya: 60)
        let b = bank(["Ti", "Ke", "Ta", "Dha"], [1])
        #expect(throws: AudioError.unsoundable(bol: "Ra", missing: ["Ra"], directory: "test bank")) {
            try Renderer(bank: b).render(c, to: path, format: .wav)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["song.wav"])
        // A successful render replaces it.
        try Renderer(bank: .synthesized()).render(c, to: path, format: .wav)
        #expect(try AudioFile.read(path).frames > 16 * 44100)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["song.wav"])
    }
}

extension Synthesizer {
    /// Frames of a bank sound at `rate`.
    static func render(bolNamed name: String, rate: Int) -> Int {
        Synthesizer(rate: Double(rate)).render(Bol.named(name)!)!.count
    }
}
