import CSampleRate

/// Sample-rate conversion through libsamplerate.
enum Resampler {
    /// Resamples by `ratio` (output rate over input rate) and labels the result with
    /// `rate`. Playing a recording resampled by 1/p at its old rate raises its pitch by
    /// p, which is how a bank is retuned to another Sa.
    static func resample(_ buffer: AudioBuffer, ratio: Double, rate: Int, path: String) throws(AudioError) -> AudioBuffer {
        if ratio == 1 { return AudioBuffer(channels: buffer.channels, rate: rate, samples: buffer.samples) }
        guard ratio >= 1.0 / 256, ratio <= 256 else {
            throw .resampling(path: path, reason: "conversion ratio \(ratio) is outside 1/256...256")
        }
        let inFrames = buffer.frames
        let outFrames = Int((Double(inFrames) * ratio).rounded(.up)) + 1
        var out = [Float](repeating: 0, count: outFrames * buffer.channels)
        var produced = 0
        let status: Int32 = buffer.samples.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(inFrames)
                data.data_out = output.baseAddress
                data.output_frames = Int(outFrames)
                data.src_ratio = ratio
                data.end_of_input = 1
                let status = src_simple(&data, Int32(SRC_SINC_BEST_QUALITY), Int32(buffer.channels))
                produced = Int(data.output_frames_gen)
                return status
            }
        }
        guard status == 0 else { throw .resampling(path: path, reason: String(cString: src_strerror(status))) }
        // Exactly round(frames x ratio) frames, so lengths are predictable: the
        // converter's own count can differ by a frame or two at the edges.
        let wanted = Int((Double(inFrames) * ratio).rounded())
        if produced < wanted { out.replaceSubrange((produced * buffer.channels)..<(wanted * buffer.channels),
                                                   with: repeatElement(0, count: (wanted - produced) * buffer.channels)) }
        out.removeLast((outFrames - wanted) * buffer.channels)
        return AudioBuffer(channels: buffer.channels, rate: rate, samples: out)
    }
}
