import Foundation

/// The figures that describe an isolated stroke, used to calibrate the synthesiser
/// against real recordings (the same code measures both, see docs/SOUND.md).
///
/// ```swift
/// let m = SoundMeasurement(mono: samples, rate: 44100)
/// m.strongestPartial   // Hz
/// m.fall20             // seconds from the peak to 20 dB below it
/// ```
public struct SoundMeasurement: Hashable, Sendable {
    /// Frequency of the highest spectral peak between 40 Hz and 5 kHz, in hertz.
    public var strongestPartial: Double
    /// Magnitude-weighted mean frequency between 20 Hz and 15 kHz, in hertz.
    public var centroid: Double
    /// Seconds from the loudest 10 ms frame until the level first falls 20 dB below it
    /// (infinity when it never does within the analysis).
    public var fall20: Double
    /// Seconds from the loudest frame until the level first falls 40 dB below it
    /// (infinity when it never does within the analysis: a recording's noise floor).
    public var fall40: Double
    /// Spectral peaks between 40 Hz and 5 kHz standing above -40 dB (relative to the
    /// strongest): a few for a sum of partials, dozens to hundreds for noise.
    public var peakCount: Int
    /// Median level of the 1-5 kHz spectrum in dB relative to the strongest peak: the
    /// floor that noise lays under the partials.
    public var noiseFloor: Double
    /// Share of the first 50 ms's energy that is noise rather than partials (0-1).
    public var attackNoise: Double
    /// Share of the energy above 4 kHz (0-1): hiss.
    public var brightness: Double
    /// Relative pitch excess of the bayan (strongest peak 60-200 Hz) 5 ms after the
    /// onset over its pitch 150 ms after it (0.10: 10% higher at the strike).
    public var glide: Double
    /// The same between 75 ms and 150 ms: whether the glide is still moving.
    public var lateGlide: Double

    /// The number of samples the spectrum is taken over (0.37 s at 44.1 kHz).
    public static let spectrumLength = 16384

    /// The first sample reaching a tenth of the peak: where a stroke starts.
    public static func onset(_ mono: [Float]) -> Int {
        let peak = mono.reduce(Float(0)) { max($0, abs($1)) }
        return peak > 0 ? (mono.firstIndex { abs($0) >= peak * 0.1 } ?? 0) : 0
    }

    /// Measures a mono stroke.
    ///
    /// Analysis starts at the onset (``onset(_:)``) and covers at most `window`
    /// seconds after it, so a long synthetic stroke can be measured over the same span
    /// as a short recording of it.
    /// - The spectrum: a Hann-windowed FFT of the first ``spectrumLength`` samples,
    ///   zero-padded to twice that; the strongest partial is interpolated between bins.
    ///   A peak is a bin that is the largest within ±6 bins (±8 Hz, wider than the
    ///   window's main lobe, so its side lobes are not counted).
    /// - The fall times: RMS over Hann-weighted 10 ms frames every 1 ms, in dB below the loudest frame;
    ///   the time from that frame to the first frame 20 (40) dB down. No slope is fitted:
    ///   a closed stroke that falls 20 dB in 30 ms and then sits on a noise floor reads
    ///   30 ms, not the slope of the floor.
    /// - Attack noise: a Hann-windowed FFT of the first 50 ms; a bin is tonal when its
    ///   power is ten times the median power within ±250 Hz (white noise passes that
    ///   with probability 0.001), and the noise share is the power of the other bins.
    public init(mono: [Float], rate: Double, window: Double? = nil) {
        let onset = Self.onset(mono)
        var end = mono.count
        if let window { end = min(end, onset + Int((window * rate).rounded())) }
        let segment = Array(mono[onset..<max(onset, end)])

        // Spectrum.
        let n = Self.spectrumLength, padded = 2 * n
        let magnitude = Self.spectrum(segment, from: 0, length: n, padded: padded)
        let binHz = rate / Double(padded)
        let lo = Int((40 / binHz).rounded(.up)), hi = min(magnitude.count - 2, Int(5000 / binHz))
        var best = lo
        for k in lo...hi where magnitude[k] > magnitude[best] { best = k }
        strongestPartial = Self.interpolated(magnitude, best) * binHz
        var weighted = 0.0, total = 0.0
        for k in Int((20 / binHz).rounded(.up))...min(magnitude.count - 1, Int(15000 / binHz)) {
            weighted += Double(k) * binHz * magnitude[k]
            total += magnitude[k]
        }
        centroid = total > 0 ? weighted / total : 0
        // Peaks, floor and brightness see the strike too: a window that rises over
        // 2 ms before the onset and falls over the last 10 ms (a Hann window starting
        // at the onset would hide the first milliseconds, where closed strokes are).
        let lead = min(onset, Int((0.002 * rate).rounded()))
        let tapered = Array(mono[(onset - lead)..<max(onset, end)].prefix(n))
        let fallLength = min(tapered.count / 2, Int((0.010 * rate).rounded()))
        var re = [Double](repeating: 0, count: padded), im = [Double](repeating: 0, count: padded)
        for (i, v) in tapered.enumerated() {
            var w = 1.0
            if i < lead { w = 0.5 - 0.5 * cos(Double.pi * Double(i) / Double(lead)) }
            let fromEnd = tapered.count - 1 - i
            if fromEnd < fallLength { w *= 0.5 - 0.5 * cos(Double.pi * Double(fromEnd) / Double(fallLength)) }
            re[i] = Double(v) * w
        }
        FFT.transform(&re, &im)
        let whole = (0...(padded / 2)).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }
        var strongest = lo
        for k in lo...hi where whole[k] > whole[strongest] { strongest = k }
        let top = whole[strongest]
        var peaks = 0
        if top > 0 {
            for k in lo...hi where whole[k] >= top * 0.01 {
                var isPeak = true
                for j in max(0, k - 6)...min(whole.count - 1, k + 6) where j != k && whole[j] >= whole[k] {
                    isPeak = false
                    break
                }
                if isPeak { peaks += 1 }
            }
        }
        peakCount = peaks
        let band = Array(whole[Int(1000 / binHz)...min(whole.count - 1, Int(5000 / binHz))]).sorted()
        noiseFloor = top > 0 ? 20 * log10(max(band[band.count / 2], 1e-12) / top) : -200
        var above = 0.0, all = 0.0
        for k in Int((20 / binHz).rounded(.up))..<whole.count {
            let p = whole[k] * whole[k]
            all += p
            if Double(k) * binHz >= 4000 { above += p }
        }
        brightness = all > 0 ? above / all : 0

        // Attack noise: 50 ms.
        let attackLength = Int((0.05 * rate).rounded())
        var attackPadded = 1
        while attackPadded < 2 * attackLength { attackPadded <<= 1 }
        let attack = Self.spectrum(segment, from: 0, length: attackLength, padded: attackPadded)
        let attackBin = rate / Double(attackPadded)
        let reach = max(1, Int((250 / attackBin).rounded()))
        let first = Int((20 / attackBin).rounded(.up)), last = min(attack.count - 1, Int(15000 / attackBin))
        let power = attack.map { $0 * $0 }
        var noise = 0.0, energy = 0.0
        if first < last {
            for k in first...last {
                let neighbours = Array(power[max(first, k - reach)...min(last, k + reach)]).sorted()
                energy += power[k]
                if power[k] < 10 * neighbours[neighbours.count / 2] { noise += power[k] }
            }
        }
        attackNoise = energy > 0 ? noise / energy : 0

        // Bayan pitch at 5, 75 and 150 ms.
        func bayanPitch(at seconds: Double) -> Double {
            let start = Int((seconds * rate).rounded()), length = 2048
            guard start + length <= segment.count else { return .nan }
            let m = Self.spectrum(segment, from: start, length: length, padded: 32768)
            let bin = rate / 32768
            var b = Int(60 / bin)
            for k in Int(60 / bin)...Int(200 / bin) where m[k] > m[b] { b = k }
            return Self.interpolated(m, b) * bin
        }
        let (early, middle, late) = (bayanPitch(at: 0.005), bayanPitch(at: 0.075), bayanPitch(at: 0.150))
        glide = early / late - 1
        lateGlide = middle / late - 1

        // Fall times: Hann-weighted 10 ms frames, so a low partial's period does not
        // make the level ripple by decibels from frame to frame.
        let frame = max(2, Int((rate * 0.010).rounded())), hop = max(1, Int((rate * 0.001).rounded()))
        let weights = (0..<frame).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(frame)) }
        let weightSum = weights.reduce(0, +)
        var levels: [Double] = []
        var start = 0
        while start + frame <= segment.count {
            var sum = 0.0
            for i in 0..<frame { sum += weights[i] * Double(segment[start + i]) * Double(segment[start + i]) }
            levels.append(10 * log10(max(sum / weightSum, 1e-20)))
            start += hop
        }
        guard let loudest = levels.indices.max(by: { levels[$0] < levels[$1] }) else {
            (fall20, fall40) = (0, 0)
            return
        }
        func fall(_ db: Double) -> Double {
            guard let i = levels[loudest...].firstIndex(where: { $0 <= levels[loudest] - db }) else { return .infinity }
            return Double(i - loudest) * Double(hop) / rate
        }
        (fall20, fall40) = (fall(20), fall(40))
    }

    /// Magnitudes of a Hann-windowed, zero-padded FFT of `length` samples from `from`.
    static func spectrum(_ x: [Float], from: Int, length: Int, padded: Int) -> [Double] {
        var re = [Double](repeating: 0, count: padded), im = [Double](repeating: 0, count: padded)
        for i in 0..<max(0, min(length, x.count - from)) {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(length - 1))
            re[i] = Double(x[from + i]) * w
        }
        FFT.transform(&re, &im)
        return (0...(padded / 2)).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }
    }

    /// The bin of a peak, refined by a parabola through it and its neighbours.
    static func interpolated(_ m: [Double], _ k: Int) -> Double {
        guard k > 0 && k + 1 < m.count else { return Double(k) }
        let (a, b, c) = (m[k - 1], m[k], m[k + 1])
        let denominator = a - 2 * b + c
        return Double(k) + (denominator == 0 ? 0 : 0.5 * (a - c) / denominator)
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
