import Foundation
@testable import TablaML

/// A deliberately plain double-precision re-implementation of the model's loss: nested
/// loops, libm functions, no BLAS, no shared code with the engine. Finite differences
/// taken on it are exact to ~1e-9, so comparing them with the engine's float32
/// gradients measures only the engine's own error.
struct ReferenceModel {
    let config: LSTMConfig
    let layout: ParameterLayout

    init(config: LSTMConfig) {
        self.config = config
        layout = ParameterLayout(config)
    }

    /// Mean masked cross-entropy. `dropoutMasks[layer]` are the engine's multipliers,
    /// time-major `[t * B + b][unit]`, or empty for no dropout; `embeddingMask[token]`
    /// scales that token type's embedding row, or is empty for no embedding dropout.
    /// A tied model reads its output weight `[H, V]` as the embedding `[V, H]` transposed.
    func loss(
        parameters p: [Double], batch: TrainingBatch, initial: RecurrentState,
        dropoutMasks: [[Float]] = [], embeddingMask: [Float] = []
    ) -> Double {
        let all = logits(parameters: p, batch: batch, initial: initial, dropoutMasks: dropoutMasks,
                         embeddingMask: embeddingMask)
        var total = 0.0, weight = 0.0
        for i in 0..<all.count {
            let logits = all[i]
            let m = logits.max()!
            let lse = m + Foundation.log(logits.reduce(0) { $0 + Foundation.exp($1 - m) })
            let wgt = Double(batch.mask?[i] ?? 1)
            total += wgt * (lse - logits[Int(batch.targets[i])])
            weight += wgt
        }
        return weight > 0 ? total / weight : 0
    }

    /// The logits of every step, stream-major like the batch (`[b * steps + t][token]`).
    func logits(
        parameters p: [Double], batch: TrainingBatch, initial: RecurrentState,
        dropoutMasks: [[Float]] = [], embeddingMask: [Float] = []
    ) -> [[Double]] {
        let c = config
        let b = batch.batchSize, t = batch.steps, h = c.hiddenSize, v = c.vocabularySize
        let e = c.embeddingSize, f = c.featureCount
        // inputs[stream][step] -> vector
        var inputs = [[[Double]]](repeating: [], count: b)
        for s in 0..<b {
            for k in 0..<t {
                let i = s * t + k
                let tok = Int(batch.tokens[i])
                let keep = embeddingMask.isEmpty ? 1 : Double(embeddingMask[tok])
                var x = (0..<e).map { p[layout.embedding + tok * e + $0] * keep }
                for j in 0..<f { x.append(Double(batch.features![i * f + j])) }
                inputs[s].append(x)
            }
        }
        for layer in 0..<c.layerCount {
            let inSize = c.inputSize(layer: layer)
            let w = layout.layerWeights[layer]
            let bias = layout.layerBias[layer]
            var outputs = [[[Double]]](repeating: [], count: b)
            for s in 0..<b {
                var hPrev = (0..<h).map { Double(initial.hidden[(layer * b + s) * h + $0]) }
                var cPrev = (0..<h).map { Double(initial.cell[(layer * b + s) * h + $0]) }
                for k in 0..<t {
                    let x = inputs[s][k]
                    var z = [Double](repeating: 0, count: 4 * h)
                    for gate in 0..<(4 * h) {
                        var sum = p[bias + gate]
                        for i in 0..<inSize { sum += x[i] * p[w + i * 4 * h + gate] }
                        for i in 0..<h { sum += hPrev[i] * p[w + (inSize + i) * 4 * h + gate] }
                        z[gate] = sum
                    }
                    var hNew = [Double](repeating: 0, count: h)
                    var cNew = [Double](repeating: 0, count: h)
                    for j in 0..<h {
                        let ig = 1 / (1 + Foundation.exp(-z[j]))
                        let fg = 1 / (1 + Foundation.exp(-z[h + j]))
                        let gg = Foundation.tanh(z[2 * h + j])
                        let og = 1 / (1 + Foundation.exp(-z[3 * h + j]))
                        cNew[j] = fg * cPrev[j] + ig * gg
                        hNew[j] = og * Foundation.tanh(cNew[j])
                    }
                    var out = hNew
                    if !dropoutMasks.isEmpty {
                        for j in 0..<h { out[j] *= Double(dropoutMasks[layer][(k * b + s) * h + j]) }
                    }
                    outputs[s].append(out)
                    hPrev = hNew
                    cPrev = cNew
                }
            }
            inputs = outputs
        }
        var all: [[Double]] = []
        for s in 0..<b {
            for k in 0..<t {
                let x = inputs[s][k]
                var logits = [Double](repeating: 0, count: v)
                for o in 0..<v {
                    var sum = p[layout.denseBias + o]
                    for j in 0..<h {
                        let weight = c.tiedEmbedding ? p[layout.embedding + o * e + j] : p[layout.denseWeight + j * v + o]
                        sum += x[j] * weight
                    }
                    logits[o] = sum
                }
                all.append(logits)
            }
        }
        return all
    }
}

/// Small deterministic fixtures.
enum Fixture {
    static func batch(
        config: LSTMConfig, batchSize: Int, steps: Int, seed: UInt64, masked: Bool = false
    ) -> TrainingBatch {
        var rng = SplitMix64(seed: seed)
        let n = batchSize * steps
        let v = UInt64(config.vocabularySize)
        let tokens = (0..<n).map { _ in Int32(rng.next() % v) }
        let targets = (0..<n).map { _ in Int32(rng.next() % v) }
        let features: [Float]? = config.featureCount == 0 ? nil
            : (0..<(n * config.featureCount)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        // Masks mix 0, fractional and 1 weights so each case is exercised.
        let mask: [Float]? = masked ? (0..<n).map { i in [0, 1, 0.5, 1][i % 4] } : nil
        return TrainingBatch(
            batchSize: batchSize, steps: steps, tokens: tokens, targets: targets,
            features: features, mask: mask)
    }

    static func randomState(_ model: LSTMModel, batchSize: Int, seed: UInt64) -> RecurrentState {
        var rng = SplitMix64(seed: seed)
        var s = model.makeState(batchSize: batchSize)
        for i in s.hidden.indices {
            s.hidden[i] = rng.nextUnitFloat() - 0.5
            s.cell[i] = rng.nextUnitFloat() * 2 - 1
        }
        return s
    }
}
