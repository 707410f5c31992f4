import Foundation

/// Three figures that describe an isolated stroke, used to calibrate the synthesiser
/// against real recordings (the same code measures both, see docs/SOUND.md).
///
/// ```swift
/// let m = SoundMeasurement(mono: samples, rate: 44100)
/// m.strongestPartial   // Hz
/// ```
public struct SoundMeasurement: Hashable, Sendable {
    /// Frequency of the highest spectral peak between 40 Hz and 5 kHz, in hertz.
    public var strongestPartial: Double
    /// Magnitude-weighted mean frequency between 20 Hz and 15 kHz, in hertz.
    public var centroid: Double
    /// Seconds the level takes to fall by 40 dB, from the decay rate fitted to the
    /// envelope (infinity when the level does not fall).
    public var decay40: Double

    /// Creates a measurement from its figures.
    public init(strongestPartial: Double, centroid: Double, decay40: Double) {
        self.strongestPartial = strongestPartial
        self.centroid = centroid
        self.decay40 = decay40
    }

    /// The number of samples the spectrum is taken over (0.37 s at 44.1 kHz).
    public static let spectrumLength = 16384

    /// Measures a mono stroke.
    ///
    /// Analysis starts at the onset (the first sample reaching a tenth of the peak)
    /// and covers at most `window` seconds after it, so a long synthetic stroke can be
    /// measured over the same span as a short recording of it.
    /// - The spectrum: a Hann-windowed FFT of the first ``spectrumLength`` samples,
    ///   zero-padded to twice that; the strongest partial is interpolated between bins.
    /// - The decay: RMS over 10 ms frames every 5 ms, in dB below the loudest frame; a
    ///   least-squares line from that frame until the level first falls 40 dB or the
    ///   analysis ends; `decay40` = 40 dB divided by its slope. Recordings shorter than
    ///   the decay are extrapolated this way, as room acoustics does for T60 from T30.
    public init(mono: [Float], rate: Double, window: Double? = nil) {
        let peak = mono.reduce(Float(0)) { max($0, abs($1)) }
        let onset = peak > 0 ? (mono.firstIndex { abs($0) >= peak * 0.1 } ?? 0) : 0
        var end = mono.count
        if let window { end = min(end, onset + Int((window * rate).rounded())) }
        let segment = Array(mono[onset..<max(onset, end)])

        // Spectrum.
        let n = Self.spectrumLength, padded = 2 * n
        var re = [Double](repeating: 0, count: padded), im = [Double](repeating: 0, count: padded)
        for i in 0..<min(n, segment.count) {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n - 1))
            re[i] = Double(segment[i]) * w
        }
        FFT.transform(&re, &im)
        let binHz = rate / Double(padded)
        var magnitude = [Double](repeating: 0, count: padded / 2 + 1)
        for k in magnitude.indices { magnitude[k] = (re[k] * re[k] + im[k] * im[k]).squareRoot() }
        let lo = Int((40 / binHz).rounded(.up)), hi = min(magnitude.count - 2, Int(5000 / binHz))
        var best = lo
        for k in lo...hi where magnitude[k] > magnitude[best] { best = k }
        let (a, b, c) = (magnitude[best - 1], magnitude[best], magnitude[best + 1])
        let denominator = a - 2 * b + c
        let shift = denominator == 0 ? 0 : 0.5 * (a - c) / denominator
        strongestPartial = (Double(best) + shift) * binHz
        var weighted = 0.0, total = 0.0
        for k in Int((20 / binHz).rounded(.up))...min(magnitude.count - 1, Int(15000 / binHz)) {
            weighted += Double(k) * binHz * magnitude[k]
            total += magnitude[k]
        }
        centroid = total > 0 ? weighted / total : 0

        // Decay.
        let frame = max(1, Int((rate * 0.010).rounded())), hop = max(1, Int((rate * 0.005).rounded()))
        var levels: [Double] = []
        var start = 0
        while start + frame <= segment.count {
            var sum = 0.0
            for i in start..<(start + frame) { sum += Double(segment[i]) * Double(segment[i]) }
            levels.append(10 * log10(max(sum / Double(frame), 1e-20)))
            start += hop
        }
        guard let loudest = levels.indices.max(by: { levels[$0] < levels[$1] }) else {
            decay40 = 0
            return
        }
        var last = levels.count - 1
        if let fallen = levels[loudest...].firstIndex(where: { $0 <= levels[loudest] - 40 }) { last = fallen }
        if last - loudest < 2 {
            decay40 = last > loudest ? Double(last - loudest) * Double(hop) / rate : .infinity
            return
        }
        let count = Double(last - loudest + 1)
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for i in loudest...last {
            let x = Double(i - loudest) * Double(hop) / rate, y = levels[i]
            sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let slope = (count * sxy - sx * sy) / (count * sxx - sx * sx)
        decay40 = slope < 0 ? 40 / -slope : .infinity
    }
}

/// In-place iterative radix-2 FFT on split real and imaginary arrays.
enum FFT {
    static func transform(_ re: inout [Double], _ im: inout [Double]) {
        let n = re.count
        precondition(n > 0 && n & (n - 1) == 0 && im.count == n, "FFT length must be a power of two")
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            let (wr, wi) = (cos(angle), sin(angle))
            var start = 0
            while start < n {
                var (cr, ci) = (1.0, 0.0)
                for k in 0..<(length / 2) {
                    let a = start + k, b = a + length / 2
                    let tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                    (cr, ci) = (cr * wr - ci * wi, cr * wi + ci * wr)
                }
                start += length
            }
            length <<= 1
        }
    }
}
