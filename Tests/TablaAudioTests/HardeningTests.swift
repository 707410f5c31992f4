import Foundation
import Testing
import TablaNotation
@testable import TablaAudio

/// Issue 13: renders that once trapped, ran for ever or wrote a file that lied about its size.
@Suite("Hardening: audio")
struct AudioHardeningTests {
    static let cycle = "Dha Dha Dha Dha | Dha Dha Dha Dha | Dha Dha Dha Dha | Dha Dha Dha Dha"

    /// A laya set in code (not parsed) that would give 10^302 seconds is refused, not trapped.
    @Test("a tiny laya is refused before any frame count is computed", arguments: [1e-300, 1e-4, 0])
    func tinyLaya(laya: Double) {
        var options = rawOptions()
        options.laya = laya
        let renderer = Renderer(bank: bank(["Dha"], [1]), options: options)
        #expect(throws: AudioError.self) { try renderer.render(teentaal(Self.cycle, laya: 60)) }
    }

    /// 16 matras at 60 matras per minute last 16 s: over a 10 s limit, under a 20 s one.
    @Test("the longest render is a limit the caller can raise")
    func longestRender() throws {
        var options = rawOptions()
        options.longestRender = 10
        #expect(throws: AudioError.tooLong(seconds: 16, limit: 10)) {
            try Renderer(bank: bank(["Dha"], [1]), options: options).render(teentaal(Self.cycle, laya: 60))
        }
        options.longestRender = 20
        let audio = try Renderer(bank: bank(["Dha"], [1]), options: options).render(teentaal(Self.cycle, laya: 60))
        #expect(audio.frames == 16 * 44100)
    }

    /// A 10 s recording in a 1 s piece (16 matras at 960 a minute, 8000 Hz): the render
    /// ends `ringOut` seconds after the last matra, 1 + 2 = 3 s, not at 15/16 + 10 s.
    @Test("a long take rings out only so far past the end")
    func ringOut() throws {
        var options = rawOptions()
        options.ringOut = 2
        let long = [Float](repeating: 0.1, count: 80_000)
        let audio = try Renderer(bank: bank(["Dha"], long, rate: 8000), options: options).render(teentaal(Self.cycle, laya: 960))
        #expect(audio.frames == 3 * 8000)
    }

    /// 2^32 - 1 - 4096 = 4,294,963,199 bytes fit; stereo 16-bit frames are 4 bytes, so
    /// 1,073,740,799 frames (4,294,963,196 bytes) fit and one frame more does not.
    @Test("the 4 GiB boundary of WAV and AIFF, worked out without writing 4 GiB")
    func boundary() {
        #expect(AudioFormat.wav.fits32BitSizes(frames: 1_073_740_799, channels: 2, sampleFormat: .int16))
        #expect(!AudioFormat.wav.fits32BitSizes(frames: 1_073_740_800, channels: 2, sampleFormat: .int16))
        #expect(!AudioFormat.aiff.fits32BitSizes(frames: 1_073_740_800, channels: 2, sampleFormat: .int16))
        // 24-bit mono: 3 bytes a frame; 4,294,963,199 / 3 = 1,431,654,399.67.
        #expect(AudioFormat.wav.fits32BitSizes(frames: 1_431_654_399, channels: 1, sampleFormat: .int24))
        #expect(!AudioFormat.wav.fits32BitSizes(frames: 1_431_654_400, channels: 1, sampleFormat: .int24))
        #expect(AudioFormat.flac.fits32BitSizes(frames: 1 << 40, channels: 2, sampleFormat: .int24))
        #expect(!AudioFormat.wav.fits32BitSizes(frames: Int.max, channels: 2, sampleFormat: .float32))
    }

    @Test("an AIFF over 4 GiB is refused before anything is written")
    func largeAIFF() {
        let path = temporaryFolder() + "/big.aiff"
        var produced = false
        #expect(throws: AudioError.self) {
            try AudioFile.write(to: path, format: .aiff, channels: 2, rate: 44100, frames: 1_073_740_800) { _ in produced = true; return 0 }
        }
        #expect(!produced)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a WAV over 4 GiB is written as RF64, which reads back")
    func rf64() throws {
        let path = temporaryFolder() + "/big.wav"
        let file = try SoundFile.open(writing: path, format: AudioFormat.wav.code(.int16, large: true), channels: 1, rate: 8000)
        let samples: [Float] = [0.5, -0.5, 0.25]
        try samples.withUnsafeBufferPointer { (b) throws(AudioError) in try file.write(b, as: .int16) }
        try file.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(String(decoding: bytes.prefix(4), as: UTF8.self) == "RF64")
        let back = try AudioFile.read(path)
        #expect(back.samples.map { ($0 * 32767).rounded() } == [16384, -16384, 8192])
    }

    /// A mono 32-bit float WAV written byte by byte, so any value (NaN, infinity) gets in.
    static func floatWAV(_ samples: [Float], rate: UInt32 = 8000) -> Data {
        var d = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        let bytes = UInt32(samples.count * 4)
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + bytes); d.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16); u16(3); u16(1); u32(rate); u32(rate * 4); u16(4); u16(32)
        d.append(contentsOf: Array("data".utf8)); u32(bytes)
        for s in samples { u32(s.bitPattern) }
        return d
    }

    @Test("a sample that is not a finite number is refused, naming the file", arguments: [Float.infinity, -.infinity, .nan])
    func nonFiniteSample(value: Float) throws {
        let folder = temporaryFolder("nonfinite\(value)")
        try Self.floatWAV([0.5, 0.25, value, 0.1]).write(to: URL(fileURLWithPath: folder + "/dha.wav"))
        do {
            _ = try SampleBank.load(directory: folder, rate: 8000)
            Issue.record("a bank with a non-finite sample loaded")
        } catch {
            #expect(error.file == folder + "/dha.wav")
            #expect(error.message.contains("sample 2 (channel 1) is"))
            #expect(error.message.contains("not a finite number"))
        }
        // The same file with the value made finite loads: the check is about the value.
        try Self.floatWAV([0.5, 0.25, 0.75, 0.1]).write(to: URL(fileURLWithPath: folder + "/dha.wav"))
        #expect(try SampleBank.load(directory: folder, rate: 8000).takes.count == 1)
    }

    @Test("a FIFO in a sample bank is refused, not waited on")
    func fifoInBank() throws {
        let folder = temporaryFolder()
        #expect(mkfifo(folder + "/dha.wav", 0o600) == 0)
        #expect(throws: AudioError.self) { try SampleBank.load(directory: folder, rate: 8000) }
    }
}
