/// Interleaved floating-point audio in memory.
///
/// ```swift
/// let silence = AudioBuffer(channels: 2, rate: 44100, frames: 44100)
/// silence.duration   // 1.0
/// ```
public struct AudioBuffer: Hashable, Sendable {
    /// Channels per frame (1 mono, 2 stereo).
    public var channels: Int
    /// Frames per second.
    public var rate: Int
    /// Samples, frame after frame, `channels` per frame, nominally in -1...1.
    public var samples: [Float]

    /// Creates a buffer from interleaved samples.
    public init(channels: Int, rate: Int, samples: [Float]) {
        precondition(channels > 0 && samples.count % channels == 0, "samples must fill whole frames")
        self.channels = channels
        self.rate = rate
        self.samples = samples
    }

    /// Creates a silent buffer.
    public init(channels: Int, rate: Int, frames: Int) {
        self.init(channels: channels, rate: rate, samples: [Float](repeating: 0, count: channels * frames))
    }

    /// Number of frames.
    public var frames: Int { samples.count / channels }
    /// Length in seconds.
    public var duration: Double { Double(frames) / Double(rate) }

    /// The largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// The channels averaged into one.
    public var mono: [Float] {
        guard channels > 1 else { return samples }
        var out = [Float](repeating: 0, count: frames)
        for f in 0..<frames {
            var sum: Float = 0
            for c in 0..<channels { sum += samples[f * channels + c] }
            out[f] = sum / Float(channels)
        }
        return out
    }

    /// The same audio with `count` channels: mono copied to each, or the first
    /// channels kept.
    public func withChannels(_ count: Int) -> AudioBuffer {
        guard count != channels else { return self }
        var out = [Float](repeating: 0, count: frames * count)
        for f in 0..<frames {
            for c in 0..<count { out[f * count + c] = samples[f * channels + min(c, channels - 1)] }
        }
        return AudioBuffer(channels: count, rate: rate, samples: out)
    }
}
