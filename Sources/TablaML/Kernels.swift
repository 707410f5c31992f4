/// Fused elementwise kernels: the LSTM gate nonlinearities and cell update for one time
/// step, forward and backward, in one pass over the gate buffer.
///
/// The hidden dimension runs in SIMD8 lanes with a scalar tail. `exp` is a Cephes-style
/// polynomial (relative error about 2e-7 over the clamped range), and sigmoid and tanh
/// are built on it, so the gates cost a handful of vector instructions instead of a
/// libm call each.
enum Kernels {
    typealias V8 = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V8 {
        UnsafeRawPointer(p).loadUnaligned(as: V8.self)
    }

    @inline(__always)
    static func store(_ v: V8, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    }

    /// e^x for eight lanes; inputs are clamped so the result stays a normal float.
    @inline(__always)
    static func exp(_ x0: V8) -> V8 {
        // Clamp with lane selects: `clamped` and `rounded` are not inlined for SIMD8
        // and fall back to per-lane calls (rintf), which cost more than the polynomial.
        var x = x0
        x.replace(with: V8(repeating: -87), where: x0 .< V8(repeating: -87))
        x.replace(with: V8(repeating: 88), where: x0 .> V8(repeating: 88))
        // x = n ln2 + r with |r| <= ln2 / 2; ln2 split in two so r is exact. Adding and
        // subtracting 1.5 * 2^23 rounds to the nearest integer in the FPU's default mode.
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p = V8(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * (r * r) + r + 1
        // 2^n from the exponent bits: the low mantissa bits of `shifted` hold n + 2^22
        // as an integer; rebias to n + 127 and move it into the exponent field.
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- (0x4B40_0000 - 127)
        let scale = unsafeBitCast(bits &<< 23, to: V8.self)
        return p * scale
    }

    @inline(__always)
    static func sigmoid(_ x: V8) -> V8 {
        1 / (1 + exp(-x))
    }

    @inline(__always)
    static func tanh(_ x: V8) -> V8 {
        // 1 - 2 / (1 + e^{2x}) saturates cleanly at both ends; absolute error ~1e-7.
        1 - 2 / (1 + exp(x + x))
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        sigmoid(V8(repeating: x))[0]
    }

    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        tanh(V8(repeating: x))[0]
    }

    /// Σ exp(x[k] - shift) over `count` values, optionally writing each exp back to `x`:
    /// the inner loop of softmax cross-entropy.
    static func sumExp(
        _ x: UnsafeMutablePointer<Float>, count: Int, minus shift: Float, storeInPlace: Bool
    ) -> Float {
        let s = V8(repeating: shift)
        var acc = V8(repeating: 0)
        var k = 0
        while k + 8 <= count {
            let e = exp(load(x + k) - s)
            if storeInPlace { store(e, x + k) }
            acc += e
            k += 8
        }
        var sum = acc.sum()
        while k < count {
            let e = exp(V8(repeating: x[k] - shift))[0]
            if storeInPlace { x[k] = e }
            sum += e
            k += 1
        }
        return sum
    }

    /// One LSTM step for `rows` streams. `gates` holds the pre-activations (input
    /// projection plus recurrent product, without bias) laid out `[i f g o]` per row;
    /// they are replaced by the activated gates, which the backward pass reuses.
    /// `gateStride` and `stateStride` are the row strides of `gates` and of the state
    /// rows (`cPrev`, `cOut`, `tanhCOut`, `hOut`) when the kernel works on a slice of
    /// `h` units of wider rows (one thread's share); they default to a whole row.
    static func cellForward(
        rows: Int, hidden h: Int,
        gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
        cPrev: UnsafePointer<Float>,
        cOut: UnsafeMutablePointer<Float>, tanhCOut: UnsafeMutablePointer<Float>,
        hOut: UnsafeMutablePointer<Float>, gateStride: Int? = nil, stateStride: Int? = nil
    ) {
        let h4 = gateStride ?? 4 * h
        let hs = stateStride ?? h
        let vectorEnd = h - h % 8
        for row in 0..<rows {
            let g = gates + row * h4
            let cp = cPrev + row * hs
            let co = cOut + row * hs
            let tc = tanhCOut + row * hs
            let ho = hOut + row * hs
            var j = 0
            while j < vectorEnd {
                let ig = sigmoid(load(g + j) + load(bias + j))
                let fg = sigmoid(load(g + h + j) + load(bias + h + j))
                let gg = tanh(load(g + 2 * h + j) + load(bias + 2 * h + j))
                let og = sigmoid(load(g + 3 * h + j) + load(bias + 3 * h + j))
                let c = fg * load(cp + j) + ig * gg
                let t = tanh(c)
                store(ig, g + j)
                store(fg, g + h + j)
                store(gg, g + 2 * h + j)
                store(og, g + 3 * h + j)
                store(c, co + j)
                store(t, tc + j)
                store(og * t, ho + j)
                j += 8
            }
            while j < h {
                let ig = sigmoid(g[j] + bias[j])
                let fg = sigmoid(g[h + j] + bias[h + j])
                let gg = tanh(g[2 * h + j] + bias[2 * h + j])
                let og = sigmoid(g[3 * h + j] + bias[3 * h + j])
                let c = fg * cp[j] + ig * gg
                let t = tanh(c)
                g[j] = ig
                g[h + j] = fg
                g[2 * h + j] = gg
                g[3 * h + j] = og
                co[j] = c
                tc[j] = t
                ho[j] = og * t
                j += 1
            }
        }
    }

    /// Backward through one LSTM step. `dH` is the full gradient reaching this step's
    /// output (from above plus the recurrent term), `dC` carries the cell gradient from
    /// the next step in and to the previous step out, `dGates` receives the gradient of
    /// the gate pre-activations. Strides as in `cellForward`.
    static func cellBackward(
        rows: Int, hidden h: Int,
        gates: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
        dH: UnsafePointer<Float>, dC: UnsafeMutablePointer<Float>,
        dGates: UnsafeMutablePointer<Float>, gateStride: Int? = nil, stateStride: Int? = nil
    ) {
        let h4 = gateStride ?? 4 * h
        let hs = stateStride ?? h
        let vectorEnd = h - h % 8
        let one = V8(repeating: 1)
        for row in 0..<rows {
            let g = gates + row * h4
            let dg = dGates + row * h4
            let cp = cPrev + row * hs
            let tc = tanhC + row * hs
            let dh = dH + row * hs
            let dc = dC + row * hs
            var j = 0
            while j < vectorEnd {
                let ig = load(g + j), fg = load(g + h + j)
                let gg = load(g + 2 * h + j), og = load(g + 3 * h + j)
                let t = load(tc + j)
                let dhv = load(dh + j)
                let dcv = dhv * og * (one - t * t) + load(dc + j)
                store(dcv * gg * ig * (one - ig), dg + j)
                store(dcv * load(cp + j) * fg * (one - fg), dg + h + j)
                store(dcv * ig * (one - gg * gg), dg + 2 * h + j)
                store(dhv * t * og * (one - og), dg + 3 * h + j)
                store(dcv * fg, dc + j)
                j += 8
            }
            while j < h {
                let ig = g[j], fg = g[h + j], gg = g[2 * h + j], og = g[3 * h + j]
                let t = tc[j]
                let dcv = dh[j] * og * (1 - t * t) + dc[j]
                dg[j] = dcv * gg * ig * (1 - ig)
                dg[h + j] = dcv * cp[j] * fg * (1 - fg)
                dg[2 * h + j] = dcv * ig * (1 - gg * gg)
                dg[3 * h + j] = dh[j] * t * og * (1 - og)
                dc[j] = dcv * fg
                j += 1
            }
        }
    }
}
