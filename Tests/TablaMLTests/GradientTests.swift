import Foundation
import Testing
@testable import TablaML

/// Finite-difference checks of every parameter tensor (embedding, each LSTM layer's
/// packed weights and bias, the dense layer) against a double-precision reference.
///
/// Tolerance: the reference's central differences (step 1e-6 in double) are exact to
/// ~1e-9; the engine computes in float32 with a polynomial exp, so its gradients carry
/// rounding noise. Measured, that noise stays under 2e-7 + 2e-5 |g| on these fixtures;
/// we allow |engine - reference| <= 1e-6 + 1e-4 |reference|, five times that, and still
/// tight enough that a 2% error in a single gate's derivative fails.
struct GradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let config: LSTMConfig
        let batchSize: Int
        let steps: Int
        let masked: Bool
        let randomInitialState: Bool
        var testDescription: String { name }
    }

    // Hidden sizes 8, 5/3 and 9 run the kernels' SIMD path, scalar tail, and both.
    static let cases: [Case] = [
        Case(name: "1 layer, no features",
             config: LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 8, layerCount: 1),
             batchSize: 2, steps: 4, masked: false, randomInitialState: false),
        Case(name: "2 layers, features, masks, carried state",
             config: LSTMConfig(vocabularySize: 6, embeddingSize: 3, hiddenSize: 5, layerCount: 2, featureCount: 2),
             batchSize: 3, steps: 4, masked: true, randomInitialState: true),
        Case(name: "1 stream of 1 step, 3 layers",
             config: LSTMConfig(vocabularySize: 3, embeddingSize: 2, hiddenSize: 3, layerCount: 3),
             batchSize: 1, steps: 1, masked: false, randomInitialState: true),
        Case(name: "2 layers, features, masks, dropout",
             config: LSTMConfig(vocabularySize: 4, embeddingSize: 2, hiddenSize: 9, layerCount: 2,
                                dropout: 0.3, featureCount: 1),
             batchSize: 2, steps: 3, masked: true, randomInitialState: true),
        Case(name: "1 layer, tied embedding",
             config: LSTMConfig(vocabularySize: 5, embeddingSize: 8, hiddenSize: 8, layerCount: 1,
                                tiedEmbedding: true),
             batchSize: 2, steps: 4, masked: false, randomInitialState: false),
        Case(name: "2 layers, tied, features, masks, variational and embedding dropout",
             config: LSTMConfig(vocabularySize: 6, embeddingSize: 9, hiddenSize: 9, layerCount: 2, dropout: 0.3,
                                featureCount: 2, tiedEmbedding: true, embeddingDropout: 0.4,
                                variationalDropout: true),
             batchSize: 3, steps: 4, masked: true, randomInitialState: true),
        Case(name: "2 layers, variational dropout",
             config: LSTMConfig(vocabularySize: 4, embeddingSize: 2, hiddenSize: 9, layerCount: 2,
                                dropout: 0.3, variationalDropout: true),
             batchSize: 2, steps: 3, masked: false, randomInitialState: true),
        Case(name: "1 layer, embedding dropout",
             config: LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 5, layerCount: 1,
                                embeddingDropout: 0.5),
             batchSize: 3, steps: 4, masked: false, randomInitialState: false),
    ]

    /// How a pass runs: on one thread, or split between the model's thread pair with
    /// OpenBLAS's sgemm throughout, the packed kernel for the recurrent steps, or the
    /// packed kernel for every product (a CPU without AVX-512 falls back to sgemm: then
    /// every split mode tests sgemm).
    enum Mode: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case oneThread = "one thread", pairSgemm = "pair, sgemm", pairPacked = "pair, packed steps"
        case pairPackedAll = "pair, packed products"
        var testDescription: String { rawValue }
    }

    @Test("Engine gradients match finite differences of the reference", arguments: cases, Mode.allCases)
    func gradientsMatchFiniteDifferences(_ c: Case, mode: Mode) throws {
        var rng = SplitMix64(seed: 11)
        let model = try LSTMModel(config: c.config, rng: &rng)
        let split = mode != .oneThread
        model.usesThreadPair = split
        model.packedKernelUse = mode == .pairPacked ? .recurrentSteps : mode == .pairPackedAll ? .allProducts : .none
        #expect(model.packedRecurrence == ([.pairPacked, .pairPackedAll].contains(mode) && PackedProduct.isAvailable))
        #expect(model.packedProducts == (mode == .pairPackedAll && PackedProduct.isAvailable))
        // Spread the weights wider than the initialiser so the gates leave their linear zone.
        model.flatParameters = model.flatParameters.map { $0 * 3 }
        let batch = Fixture.batch(config: c.config, batchSize: c.batchSize, steps: c.steps, seed: 5, masked: c.masked)
        let initial = c.randomInitialState
            ? Fixture.randomState(model, batchSize: c.batchSize, seed: 9) : model.makeState(batchSize: c.batchSize)
        var state = initial
        var dropRNG = SplitMix64(seed: 3)
        let loss = try model.forwardBackward(batch, state: &state, rng: &dropRNG)
        #expect(model.lastPassUsedThreadPair == split)
        let masks = model.lastDropoutMasks
        #expect(masks.isEmpty == (c.config.dropout == 0))
        let embeddingMask = model.lastEmbeddingDropoutMask
        #expect(embeddingMask.isEmpty == (c.config.embeddingDropout == 0))
        if !embeddingMask.isEmpty {
            // Both kinds of rows must occur, or the case would not test the dropout.
            #expect(embeddingMask.contains(0) && embeddingMask.contains { $0 > 0 })
        }

        let reference = ReferenceModel(config: c.config)
        var p = model.flatParameters.map(Double.init)
        let refLoss = reference.loss(parameters: p, batch: batch, initial: initial, dropoutMasks: masks,
                                     embeddingMask: embeddingMask)
        #expect(abs(Double(loss) - refLoss) < 1e-5 * max(1, refLoss), "loss \(loss) vs reference \(refLoss)")

        let grads = model.flatGradients
        let eps = 1e-6
        for entry in reference.layout.entries {
            var worst = 0.0
            var worstAt = ""
            for i in entry.offset..<(entry.offset + entry.count) {
                let saved = p[i]
                p[i] = saved + eps
                let up = reference.loss(parameters: p, batch: batch, initial: initial, dropoutMasks: masks,
                                        embeddingMask: embeddingMask)
                p[i] = saved - eps
                let down = reference.loss(parameters: p, batch: batch, initial: initial, dropoutMasks: masks,
                                          embeddingMask: embeddingMask)
                p[i] = saved
                let numeric = (up - down) / (2 * eps)
                let excess = abs(Double(grads[i]) - numeric) - (1e-6 + 1e-4 * abs(numeric))
                if excess > worst {
                    worst = excess
                    worstAt = "index \(i - entry.offset): engine \(grads[i]), reference \(numeric)"
                }
            }
            #expect(worst == 0, "\(entry.name): \(worstAt)")
        }
    }

    @Test("The fused cell kernel matches double-precision LSTM formulas")
    func cellKernelMatchesFormulas() {
        // Eleven units: one SIMD block of eight plus a scalar tail of three.
        let h = 11, rows = 2
        var rng = SplitMix64(seed: 4)
        let pre = (0..<(rows * 4 * h)).map { _ in (rng.nextUnitFloat() * 2 - 1) * 6 }
        let bias = (0..<(4 * h)).map { _ in rng.nextUnitFloat() - 0.5 }
        let cPrev = (0..<(rows * h)).map { _ in rng.nextUnitFloat() * 4 - 2 }
        var gates = pre
        var c = [Float](repeating: 0, count: rows * h)
        var tc = c, hOut = c
        gates.withUnsafeMutableBufferPointer { g in
            c.withUnsafeMutableBufferPointer { cp in
                tc.withUnsafeMutableBufferPointer { tp in
                    hOut.withUnsafeMutableBufferPointer { hp in
                        Kernels.cellForward(
                            rows: rows, hidden: h, gates: g.baseAddress!, bias: bias, cPrev: cPrev,
                            cOut: cp.baseAddress!, tanhCOut: tp.baseAddress!, hOut: hp.baseAddress!)
                    }
                }
            }
        }
        for r in 0..<rows {
            for j in 0..<h {
                func z(_ k: Int) -> Double { Double(pre[r * 4 * h + k * h + j]) + Double(bias[k * h + j]) }
                let i = 1 / (1 + Foundation.exp(-z(0))), f = 1 / (1 + Foundation.exp(-z(1)))
                let g = Foundation.tanh(z(2)), o = 1 / (1 + Foundation.exp(-z(3)))
                let cc = f * Double(cPrev[r * h + j]) + i * g
                #expect(abs(Double(c[r * h + j]) - cc) < 1e-6)
                #expect(abs(Double(hOut[r * h + j]) - o * Foundation.tanh(cc)) < 1e-6)
            }
        }
    }

    @Test("Vector exp, sigmoid and tanh stay within float32 noise of libm", arguments: [-90.0, -20.0, -3.0, -1e-3, 0.0, 0.5, 4.0, 30.0, 87.5])
    func fastMath(_ x: Double) {
        let v = Kernels.V8(repeating: Float(x))
        let e = Double(Kernels.exp(v)[0])
        let want = Foundation.exp(max(min(x, 88), -87))
        #expect(abs(e - want) <= 4e-7 * want)
        #expect(abs(Double(Kernels.sigmoid(v)[0]) - 1 / (1 + Foundation.exp(-x))) < 2e-7)
        #expect(abs(Double(Kernels.tanh(v)[0]) - Foundation.tanh(x)) < 3e-7)
    }
}

@Test("The softmax kernel's sum of exponentials matches double precision, SIMD blocks and tail")
func sumExpMatchesDouble() {
    var rng = SplitMix64(seed: 12)
    var x = (0..<19).map { _ in rng.nextUnitFloat() * 20 - 10 }
    let shift = x.max()!
    let want = x.reduce(0.0) { $0 + Foundation.exp(Double($1 - shift)) }
    let copy = x
    let sum = x.withUnsafeMutableBufferPointer {
        Kernels.sumExp($0.baseAddress!, count: 19, minus: shift, storeInPlace: true)
    }
    #expect(abs(Double(sum) - want) < 1e-6 * want)
    for k in 0..<19 {
        #expect(abs(Double(x[k]) - Foundation.exp(Double(copy[k] - shift))) < 1e-6)
    }
}
