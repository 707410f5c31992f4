import Foundation
import Synchronization

/// Sounds placed on a timeline, ready to be mixed block by block.
struct Mix {
    let sounds: [[Float]]
    /// Sorted by onset.
    let events: [Renderer.Event]
    let frames: Int
    let channels: Int
    let rate: Int
    let normalize: Bool
    /// The longest sound in frames, bounding how far back an event can still sound.
    let longest: Int

    init(sounds: [[Float]], events: [Renderer.Event], frames: Int, channels: Int, rate: Int, normalize: Bool) {
        self.sounds = sounds
        self.events = events
        self.frames = frames
        self.channels = channels
        self.rate = rate
        self.normalize = normalize
        // Events may start before their hit (a recording's lead-in): reach back that far too.
        longest = (sounds.map(\.count).max() ?? 0) / channels + (events.map(\.lead).max() ?? 0)
    }

    /// Frames mixed at a time: small enough to stay in cache.
    static let blockFrames = 16384

    /// Frames an event sounds for, its choke fade included.
    static func length(of e: Renderer.Event, in sounds: [[Float]], channels: Int) -> Int {
        let length = sounds[e.sound].count / channels
        return e.cut == .max ? length : min(length, e.cut + e.fade)
    }

    /// The whole mix in memory.
    func buffer() -> AudioBuffer {
        var out = [Float](repeating: 0, count: frames * channels)
        out.withUnsafeMutableBufferPointer { target in
            var start = 0
            while start < frames {
                let count = min(Self.blockFrames, frames - start)
                mix(from: start, into: UnsafeMutableBufferPointer(rebasing: target[(start * channels)..<((start + count) * channels)]))
                start += count
            }
        }
        var buffer = AudioBuffer(channels: channels, rate: rate, samples: out)
        if normalize { Renderer.normalize(&buffer.samples) }
        return buffer
    }

    /// The gain that brings the mix's peak to -1 dBFS (a first mixing pass, its
    /// blocks shared out between the cores: the peak is the same however they split).
    func gainToNormalize() -> Float {
        let blocks = (frames + Self.blockFrames - 1) / Self.blockFrames
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, blocks))
        let peaks = Mutex([Float](repeating: 0, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var block = [Float](repeating: 0, count: Self.blockFrames * channels)
            var peak: Float = 0
            block.withUnsafeMutableBufferPointer { target in
                var b = worker
                while b < blocks {
                    let start = b * Self.blockFrames
                    let count = min(Self.blockFrames, frames - start)
                    let slice = UnsafeMutableBufferPointer(rebasing: target[0..<(count * channels)])
                    mix(from: start, into: slice)
                    peak = max(peak, Renderer.peak(UnsafeBufferPointer(slice)))
                    b += workers
                }
            }
            peaks.withLock { $0[worker] = peak }
        }
        let peak = peaks.withLock { $0.max() ?? 0 }
        return peak > 0 ? RenderOptions.peak / peak : 1
    }

    /// Overwrites `target` with the frames from `start` on (as many as fit).
    func mix(from start: Int, into target: UnsafeMutableBufferPointer<Float>) {
        target.update(repeating: 0)
        let count = target.count / channels
        let end = start + count
        // Events are sorted by onset; the first one that can reach this block is found
        // by binary search on onsets minus the longest sound.
        var lo = 0, hi = events.count
        let earliest = start - longest
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].onset < earliest { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < events.count && events[i].onset < end {
            let e = events[i]
            i += 1
            let length = Self.length(of: e, in: sounds, channels: channels)
            guard e.onset + length > start else { continue }
            sounds[e.sound].withUnsafeBufferPointer { source in
                Renderer.mix(source, into: target, sourceFrom: max(0, start - e.onset) * channels,
                             targetFrom: max(0, e.onset - start) * channels, gain: e.gain,
                             cut: e.cut == .max ? Int.max : e.cut * channels, fade: e.fade, channels: channels)
            }
        }
    }
}

extension Renderer {
    /// Adds `source × gain` into `target`, source sample `sourceFrom` landing on
    /// target sample `targetFrom`, until either runs out; from source sample `cut` on,
    /// a linear fade of `fade` frames takes the sound to silence.
    static func mix(_ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>,
                    sourceFrom: Int, targetFrom: Int, gain: Float, cut: Int, fade: Int, channels: Int) {
        let offset = targetFrom - sourceFrom
        let available = min(source.count, target.count - offset)
        let steadyEnd = min(available, cut)
        if sourceFrom < steadyEnd {
            // Eight samples at a time through raw pointers: indexing the buffers with
            // `offset + i` kept the compiler from vectorising (an overflow check per
            // sample), and this loop is most of a render's time.
            let src = source.baseAddress! + sourceFrom, dst = target.baseAddress! + offset + sourceFrom
            let count = steadyEnd - sourceFrom
            let g = SIMD8<Float>(repeating: gain)
            var i = 0
            while i + 8 <= count {
                let s = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
                let t = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(dst + i).storeBytes(of: t + g * s, as: SIMD8<Float>.self)
                i += 8
            }
            while i < count {
                dst[i] += gain * src[i]
                i += 1
            }
        }
        guard cut < available else { return }
        let fadeEnd = min(available, cut + fade * channels)
        let step = gain / Float(fade)
        var i = max(cut, sourceFrom)
        while i < fadeEnd {
            target[offset + i] += (gain - step * Float((i - cut) / channels + 1)) * source[i]
            i += 1
        }
    }

    /// The largest magnitude in `samples` (0 for none), with eight running maxima:
    /// one running maximum waits on each comparison before the next, and the peak
    /// pass reads every sample of the mix. (The generic `pointwiseMax` on SIMD8 was
    /// not inlined: a call per eight samples.)
    static func peak(_ samples: UnsafeBufferPointer<Float>) -> Float {
        guard let p = samples.baseAddress else { return 0 }
        var m0: Float = 0, m1: Float = 0, m2: Float = 0, m3: Float = 0
        var m4: Float = 0, m5: Float = 0, m6: Float = 0, m7: Float = 0
        var i = 0
        let n = samples.count
        while i + 8 <= n {
            let a0 = abs(p[i]), a1 = abs(p[i + 1]), a2 = abs(p[i + 2]), a3 = abs(p[i + 3])
            let a4 = abs(p[i + 4]), a5 = abs(p[i + 5]), a6 = abs(p[i + 6]), a7 = abs(p[i + 7])
            m0 = a0 > m0 ? a0 : m0; m1 = a1 > m1 ? a1 : m1; m2 = a2 > m2 ? a2 : m2; m3 = a3 > m3 ? a3 : m3
            m4 = a4 > m4 ? a4 : m4; m5 = a5 > m5 ? a5 : m5; m6 = a6 > m6 ? a6 : m6; m7 = a7 > m7 ? a7 : m7
            i += 8
        }
        while i < n {
            let a = abs(p[i])
            m0 = a > m0 ? a : m0
            i += 1
        }
        return max(max(max(m0, m1), max(m2, m3)), max(max(m4, m5), max(m6, m7)))
    }

    /// Scales samples so the peak is -1 dBFS (silence stays silent).
    static func normalize(_ samples: inout [Float]) {
        samples.withUnsafeMutableBufferPointer { s in
            let peak = Renderer.peak(UnsafeBufferPointer(s))
            guard peak > 0 else { return }
            let scale = RenderOptions.peak / peak
            for i in s.indices { s[i] *= scale }
        }
    }
}
