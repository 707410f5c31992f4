import CSndFile
import Foundation
import TablaNotation

/// An open libsndfile handle, closed when the value goes away.
///
/// The only type that holds a `SNDFILE*`; not `Sendable`, because libsndfile handles
/// must not be used from two threads at once.
final class SoundFile {
    private var handle: OpaquePointer?
    /// Format, rate, channels and frame count as libsndfile reports them.
    private(set) var info: SF_INFO
    let path: String

    private init(handle: OpaquePointer, info: SF_INFO, path: String) {
        self.handle = handle
        self.info = info
        self.path = path
    }

    deinit { if let handle { sf_close(handle) } }

    /// The most samples (frames times channels) read from one file: 2^28 floats, 1 GiB,
    /// over 50 minutes of stereo at 44.1 kHz, so a crafted header cannot make us allocate more.
    static let mostSamples = 1 << 28

    /// Opens a file for reading; only regular files (a FIFO would block for ever).
    static func open(reading path: String) throws(AudioError) -> SoundFile {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .cannotRead(path: path, reason: "not a regular file (a FIFO, device or socket); give an audio file")
        }
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw .cannotRead(path: path, reason: String(cString: sf_strerror(nil)))
        }
        return SoundFile(handle: handle, info: info, path: path)
    }

    /// Creates (or truncates) a file for writing.
    static func open(writing path: String, format: Int32, channels: Int, rate: Int) throws(AudioError) -> SoundFile {
        var info = SF_INFO()
        info.samplerate = Int32(rate)
        info.channels = Int32(channels)
        info.format = format
        guard sf_format_check(&info) != 0 else {
            throw .cannotWrite(path: path, reason: "libsndfile cannot write this format at \(rate) Hz with \(channels) channels")
        }
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw .cannotWrite(path: path, reason: String(cString: sf_strerror(nil)))
        }
        return SoundFile(handle: handle, info: info, path: path)
    }

    /// Reads every frame as interleaved floats in -1...1.
    func readAll() throws(AudioError) -> AudioBuffer {
        let channels = Int(info.channels), frames = Int(info.frames)
        guard channels > 0, info.samplerate > 0 else { throw .cannotRead(path: path, reason: "no audio channels") }
        guard frames >= 0, channels <= 64, frames <= Self.mostSamples / channels else {
            throw .cannotRead(path: path, reason: "\(frames) frames of \(channels) channels is more than tabla reads from one file "
                              + "(\(Self.mostSamples) samples)")
        }
        var samples = [Float](repeating: 0, count: channels * frames)
        let read = samples.withUnsafeMutableBufferPointer { buffer in
            sf_readf_float(handle, buffer.baseAddress, sf_count_t(frames))
        }
        if read < frames { samples.removeLast((frames - Int(read)) * channels) }
        // One infinite sample would make a whole render silent (peak normalisation by
        // infinity) and NaNs would pass into float output.
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw .cannotRead(path: path, reason: "sample \(bad / channels) (channel \(bad % channels + 1)) is \(samples[bad]), "
                              + "not a finite number; the file is damaged")
        }
        return AudioBuffer(channels: channels, rate: Int(info.samplerate), samples: samples)
    }

    /// Writes interleaved floats; 16-bit output is rounded here (to nearest, ties to
    /// even), other formats are converted by libsndfile.
    func write(_ samples: UnsafeBufferPointer<Float>, as sample: SampleFormat) throws(AudioError) {
        let channels = Int(info.channels)
        let frames = samples.count / channels
        let written: sf_count_t
        if sample == .int16 {
            if shorts.count < samples.count { shorts = [Int16](repeating: 0, count: samples.count) }
            written = shorts.withUnsafeMutableBufferPointer { target in
                // Adding 1.5 * 2^23 rounds to the nearest integer (ties to even) and
                // leaves it in the low mantissa bits: integer work only, so it vectorises.
                let magic: Float = 12_582_912
                for i in 0..<samples.count {
                    var v = samples[i] * 32767
                    v = v < -32768 ? -32768 : v
                    v = v > 32767 ? 32767 : v
                    target[i] = Int16(truncatingIfNeeded: Int32(bitPattern: (v + magic).bitPattern) &- 0x4B40_0000)
                }
                return sf_writef_short(handle, target.baseAddress, sf_count_t(frames))
            }
        } else {
            if !clipping {
                var on = Int32(SF_TRUE)
                sf_command(handle, Int32(SFC_SET_CLIPPING), &on, Int32(MemoryLayout<Int32>.size))
                clipping = true
            }
            written = sf_writef_float(handle, samples.baseAddress, sf_count_t(frames))
        }
        guard written == frames else {
            throw .cannotWrite(path: path, reason: String(cString: sf_strerror(handle)))
        }
    }

    private var shorts: [Int16] = []
    private var clipping = false

    /// Flushes and closes; errors that only show at close (a full disk) are reported.
    func close() throws(AudioError) {
        guard let h = handle else { return }
        handle = nil
        let status = sf_close(h)
        guard status == 0 else { throw .cannotWrite(path: path, reason: String(cString: sf_error_number(status))) }
    }
}

/// Reading and writing audio files.
public enum AudioFile {
    /// Reads any file libsndfile can decode (WAV, AIFF, FLAC, Ogg Vorbis...).
    public static func read(_ path: String) throws(AudioError) -> AudioBuffer {
        try SoundFile.open(reading: path).readAll()
    }

    /// Writes `buffer` to `path` atomically (see ``write(to:format:sampleFormat:channels:rate:produce:)``).
    public static func write(_ buffer: AudioBuffer, to path: String, format: AudioFormat,
                             sampleFormat: SampleFormat = .int16) throws(AudioError) {
        var position = 0
        let blockFrames = 65536
        try write(to: path, format: format, sampleFormat: sampleFormat, channels: buffer.channels, rate: buffer.rate,
                  frames: buffer.frames) { block in
            let count = min(blockFrames, buffer.frames - position)
            guard count > 0 else { return 0 }
            if block.count < count * buffer.channels { block = [Float](repeating: 0, count: count * buffer.channels) }
            block.replaceSubrange(0..<(count * buffer.channels),
                                  with: buffer.samples[(position * buffer.channels)..<((position + count) * buffer.channels)])
            position += count
            return count
        }
    }

    /// Writes audio produced block by block to `path` atomically: into a temporary
    /// file in the same folder, renamed over `path` only once everything is written.
    /// On any error the temporary is removed and an existing file at `path` is left
    /// untouched.
    ///
    /// `produce` fills the start of its buffer (resized as it likes; 16384 frames to
    /// start with) and returns how many frames it wrote, 0 when done.
    ///
    /// `frames`, when known, picks the container: a WAV past 4 GiB is written as RF64
    /// and an AIFF past 4 GiB is refused before anything is written. When it is not
    /// known, writing stops with an error at the point a 32-bit size would wrap.
    public static func write(to path: String, format: AudioFormat, sampleFormat: SampleFormat = .int16,
                             channels: Int, rate: Int, frames expected: Int? = nil,
                             produce: (inout [Float]) -> Int) throws(AudioError) {
        guard format.sampleFormats.contains(sampleFormat) else {
            throw .unsupportedSampleFormat(format: format, sampleFormat: sampleFormat)
        }
        let large = expected.map { !format.fits32BitSizes(frames: $0, channels: channels, sampleFormat: sampleFormat) } ?? false
        if large && format == .aiff {
            throw .cannotWrite(path: path, reason: "the audio would be over 4 GiB, more than an AIFF file can describe; "
                               + "write a .wav (tabla writes RF64 when needed) or .flac instead")
        }
        try AtomicFile.write(to: URL(fileURLWithPath: path), failure: { AudioError.cannotWrite(path: path, reason: $0) }) {
            (url) throws(AudioError) in
            let temporary = url.path
            let file = try SoundFile.open(writing: temporary, format: format.code(sampleFormat, large: large), channels: channels, rate: rate)
            var block = [Float](repeating: 0, count: 16384 * channels)
            var written = 0
            while true {
                let frames = produce(&block)
                guard frames > 0 else { break }
                written += frames
                if !large && !format.fits32BitSizes(frames: written, channels: channels, sampleFormat: sampleFormat) {
                    throw .cannotWrite(path: path, reason: "the audio is over 4 GiB, more than a \(format) file with 32-bit sizes can describe")
                }
                try block.withUnsafeBufferPointer { (all) throws(AudioError) in
                    try file.write(UnsafeBufferPointer(rebasing: all[0..<(frames * channels)]), as: sampleFormat)
                }
            }
            try file.close()
        }
    }
}
