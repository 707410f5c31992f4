import Foundation

/// A token-sequence model: embedding, stacked LSTM layers with inverted dropout, and a
/// dense softmax layer trained with categorical cross-entropy.
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// let model = try LSTMModel(config: LSTMConfig(vocabularySize: 48, embeddingSize: 32,
///                                              hiddenSize: 256, layerCount: 2, dropout: 0.2),
///                           rng: &rng)
/// let trainer = Trainer(model: model, learningRate: 1e-3, seed: 2)
/// let loss = try trainer.step(batch).loss
/// ```
///
/// Gate order inside each packed weight matrix is `i, f, g, o` (PyTorch's). Not
/// thread-safe: one model serves one training or inference loop at a time.
public final class LSTMModel {
    /// The model's shape.
    public let config: LSTMConfig
    let layout: ParameterLayout
    let parameters: FloatBuffer
    let gradients: FloatBuffer
    /// Most recently used last.
    private var workspaces: [TrainingWorkspace] = []
    /// Whether training and evaluation passes divide their work between the calling thread
    /// and one helper thread of the model's own, with BLAS single-threaded: every large
    /// product is split in two, and each recurrent step's units are split so that each
    /// thread multiplies its own gate columns and runs the cell kernel on its own units,
    /// one barrier per step. Otherwise BLAS's threads (however many it is set to) share
    /// each product and the cell kernels run on the calling thread alone: turn this off
    /// to train on one thread. Results differ between the two only in rounding. On by
    /// default: it measured faster (docs/ENGINE.md).
    public var usesThreadPair = true
    /// Which of the thread pair's products run on the engine's own kernel over a packed
    /// right operand (`PackedProduct`) instead of OpenBLAS's sgemm: none, the recurrent
    /// steps (weights packed once per layer and pass), or every product. The recurrent
    /// steps where the CPU runs that kernel (AVX-512): that measured fastest; the large
    /// products run at least as fast on OpenBLAS (docs/ENGINE.md). Anything but `none`
    /// also splits batch-1 generation's gate products between the pair, on the engine's
    /// own matrix-vector kernel. Without AVX-512 every setting falls back to OpenBLAS.
    /// Results differ between the settings only in rounding.
    public var packedKernelUse: PackedKernelUse = PackedProduct.isAvailable ? .recurrentSteps : .none
    /// Scratch for `product`'s packed operands, grown on demand.
    private var productPacking: FloatBuffer?
    /// Whether the last pass ran on the thread pair (tests check the path they meant).
    private(set) var lastPassUsedThreadPair = false
    /// The helper thread of `usesThreadPair`, created on first use.
    private var threadPair: ThreadPair?

    /// Creates a model with seeded random weights.
    ///
    /// LSTM and dense weights are uniform in ±1/√hidden (PyTorch's choice), the
    /// embedding uniform in ±0.1, biases zero except the forget gate's, which starts at 1
    /// so that early training keeps the cell state (Jozefowicz et al. 2015; Keras'
    /// `unit_forget_bias`).
    public init(config: LSTMConfig, rng: inout SplitMix64) throws(TablaMLError) {
        try config.validate()
        self.config = config
        layout = ParameterLayout(config)
        parameters = FloatBuffer(count: layout.count)
        gradients = FloatBuffer(count: layout.count)
        let p = parameters.pointer
        let h = config.hiddenSize
        func fill(_ offset: Int, _ count: Int, _ scale: Float) {
            for i in offset..<(offset + count) {
                p[i] = (rng.nextUnitFloat() * 2 - 1) * scale
            }
        }
        fill(layout.embedding, config.vocabularySize * config.embeddingSize, 0.1)
        let scale = 1 / Float(h).squareRoot()
        for layer in 0..<config.layerCount {
            fill(layout.layerWeights[layer], (config.inputSize(layer: layer) + h) * 4 * h, scale)
            for j in 0..<h {
                p[layout.layerBias[layer] + h + j] = 1
            }
        }
        if !config.tiedEmbedding {
            fill(layout.denseWeight, h * config.vocabularySize, scale)
        }
    }

    /// Creates a model from a flat parameter vector in checkpoint order.
    init(config: LSTMConfig, flatParameters: [Float]) throws(TablaMLError) {
        try config.validate()
        self.config = config
        layout = ParameterLayout(config)
        guard flatParameters.count == layout.count else {
            throw .invalidConfiguration(
                "expected \(layout.count) parameters, got \(flatParameters.count)")
        }
        parameters = FloatBuffer(count: layout.count)
        gradients = FloatBuffer(count: layout.count)
        parameters.copy(from: flatParameters)
    }

    /// Total number of trainable scalars.
    public var parameterCount: Int { layout.count }

    /// Every parameter as one flat vector, in storage order; settable for tests and tools.
    public var flatParameters: [Float] {
        get { parameters.array }
        set { parameters.copy(from: newValue) }
    }

    /// The gradients left by the last `forwardBackward`, in the same order.
    public var flatGradients: [Float] { gradients.array }

    /// A zero recurrent state for `batchSize` streams.
    public func makeState(batchSize: Int) -> RecurrentState {
        RecurrentState(layerCount: config.layerCount, batchSize: batchSize, hiddenSize: config.hiddenSize)
    }

    // MARK: Training

    /// Forward and backward over one batch in training mode (dropout on): returns the mean
    /// masked cross-entropy, leaves the gradients in the model, and advances `state` to
    /// the state after the batch's last step.
    public func forwardBackward(
        _ batch: TrainingBatch, state: inout RecurrentState, rng: inout SplitMix64
    ) throws(TablaMLError) -> Float {
        let ws = try prepare(batch, state: state)
        return withThreadPair { pair in
            let loss = forward(batch, ws: ws, state: &state, training: true, rng: &rng, pair: pair)
            backward(ws: ws, pair: pair)
            return loss
        }
    }

    /// The mean masked cross-entropy of a batch in inference mode (no dropout, no
    /// gradients); advances `state` like training does.
    public func evaluate(_ batch: TrainingBatch, state: inout RecurrentState) throws(TablaMLError) -> Float {
        let ws = try prepare(batch, state: state)
        var unused = SplitMix64(seed: 0)
        return withThreadPair { pair in
            forward(batch, ws: ws, state: &state, training: false, rng: &unused, pair: pair)
        }
    }

    /// Logits of a whole batch in inference mode, shaped `[batchSize, steps, vocabulary]`
    /// (stream-major like the batch). Targets are only used for the loss and may be any
    /// valid ids.
    public func logits(_ batch: TrainingBatch, state: inout RecurrentState) throws(TablaMLError) -> Tensor {
        let ws = try prepare(batch, state: state)
        var unused = SplitMix64(seed: 0)
        _ = withThreadPair { pair in
            forward(batch, ws: ws, state: &state, training: false, rng: &unused, pair: pair)
        }
        let b = batch.batchSize, t = batch.steps, v = config.vocabularySize
        var out = [Float](repeating: 0, count: b * t * v)
        for s in 0..<t {
            for stream in 0..<b {
                let src = ws.logits.pointer + (s * b + stream) * v
                for k in 0..<v {
                    out[(stream * t + s) * v + k] = src[k]
                }
            }
        }
        return Tensor(shape: [b, t, v], scalars: out)
    }

    func validate(_ batch: TrainingBatch, state: RecurrentState) throws(TablaMLError) {
        let b = batch.batchSize, t = batch.steps, n = b * t
        guard b > 0, t > 0 else { throw .invalidBatch("batch size \(b) and steps \(t) must be positive") }
        guard batch.tokens.count == n, batch.targets.count == n else {
            throw .invalidBatch(
                "\(b) streams x \(t) steps need \(n) tokens and targets, got "
                    + "\(batch.tokens.count) and \(batch.targets.count)")
        }
        let v = Int32(config.vocabularySize)
        if let bad = batch.tokens.first(where: { $0 < 0 || $0 >= v }) ?? batch.targets.first(where: { $0 < 0 || $0 >= v }) {
            throw .invalidBatch("token id \(bad) is outside the vocabulary 0..<\(v)")
        }
        let f = config.featureCount
        if f > 0 {
            guard let features = batch.features, features.count == n * f else {
                throw .invalidBatch(
                    "the model takes \(f) features per step: expected \(n * f) feature values, got "
                        + "\(batch.features?.count ?? 0)")
            }
        } else if let features = batch.features, !features.isEmpty {
            throw .invalidBatch("the model takes no features, got \(features.count) values")
        }
        if let mask = batch.mask, mask.count != n {
            throw .invalidBatch("mask has \(mask.count) weights for \(n) steps")
        }
        guard state.batchSize == b, state.layerCount == config.layerCount,
            state.hiddenSize == config.hiddenSize
        else {
            throw .invalidBatch(
                "state is for \(state.batchSize) streams x \(state.layerCount) layers x \(state.hiddenSize) units, "
                    + "batch has \(b) streams and the model \(config.layerCount) x \(config.hiddenSize)")
        }
    }

    private func prepare(_ batch: TrainingBatch, state: RecurrentState) throws(TablaMLError) -> TrainingWorkspace {
        try validate(batch, state: state)
        if let i = workspaces.firstIndex(where: { $0.batchSize == batch.batchSize && $0.steps == batch.steps }) {
            let ws = workspaces.remove(at: i)
            workspaces.append(ws)
            return ws
        }
        // Keep the two most recent shapes, so alternating training and validation
        // batches of different shapes do not reallocate every time.
        if workspaces.count >= 2 {
            workspaces.removeFirst()
        }
        let ws = TrainingWorkspace(config: config, batchSize: batch.batchSize, steps: batch.steps)
        workspaces.append(ws)
        return ws
    }

    /// Runs the forward pass, time-major (row `t * B + b`) so each step's rows are
    /// contiguous for its recurrent product. Returns the mean masked loss and leaves the
    /// softmax probabilities in `ws.logits` (training) or the logits (inference).
    private func forward(
        _ batch: TrainingBatch, ws: TrainingWorkspace, state: inout RecurrentState,
        training: Bool, rng: inout SplitMix64, pair: ThreadPair?
    ) -> Float {
        let cfg = config
        let b = batch.batchSize, t = batch.steps, n = b * t
        let h = cfg.hiddenSize, h4 = 4 * h, v = cfg.vocabularySize
        let e = cfg.embeddingSize, f = cfg.featureCount, in0 = e + f
        let p = parameters.pointer

        // Embedding dropout: one keep/drop draw per token type for the whole batch, so
        // every occurrence of a dropped type sees a zero row.
        let applyEmbeddingDropout = training && cfg.embeddingDropout > 0
        ws.embeddingDropoutApplied = applyEmbeddingDropout
        if applyEmbeddingDropout {
            let drop = cfg.embeddingDropout
            let keep = 1 / (1 - drop)
            for k in 0..<v {
                ws.embeddingMask[k] = rng.nextUnitFloat() >= drop ? keep : 0
            }
        }

        // Gather embeddings and features into the first layer's input.
        let x0 = ws.input0.pointer
        for s in 0..<t {
            for stream in 0..<b {
                let row = s * b + stream
                let src = stream * t + s
                let token = Int(batch.tokens[src])
                ws.tokens[row] = Int32(token)
                ws.targets[row] = batch.targets[src]
                ws.mask[row] = batch.mask?[src] ?? 1
                (x0 + row * in0).update(from: p + layout.embedding + token * e, count: e)
                if applyEmbeddingDropout {
                    let scale = ws.embeddingMask[token]
                    for k in 0..<e {
                        x0[row * in0 + k] *= scale
                    }
                }
                if f > 0, let features = batch.features {
                    for k in 0..<f {
                        x0[row * in0 + e + k] = features[src * f + k]
                    }
                }
            }
        }

        let applyDropout = training && cfg.dropout > 0
        ws.dropoutApplied = applyDropout
        let keepScale = 1 / (1 - cfg.dropout)
        state.hidden.withUnsafeMutableBufferPointer { hState in
            state.cell.withUnsafeMutableBufferPointer { cState in
                for layer in 0..<cfg.layerCount {
                    let lw = ws.layers[layer]
                    let inSize = cfg.inputSize(layer: layer)
                    let x = layer == 0 ? x0 : ws.layers[layer - 1].output
                    let wx = p + layout.layerWeights[layer]
                    let wh = wx + inSize * h4
                    let bias = p + layout.layerBias[layer]
                    let stateOffset = layer * b * h
                    lw.hs.pointer.update(from: hState.baseAddress! + stateOffset, count: b * h)
                    lw.cs.pointer.update(from: cState.baseAddress! + stateOffset, count: b * h)
                    let split = pair == nil ? nil : Self.unitSplit(h)
                    lw.split = split != nil
                    // With the split, the layer works on a column-permuted copy of its
                    // weights and bias in which each thread's gate columns are contiguous.
                    var wxUsed = UnsafePointer(wx), whUsed = UnsafePointer(wh), biasUsed = UnsafePointer(bias)
                    if let split {
                        Self.permuteColumns(from: wx, to: lw.permutedWeights.pointer, rows: inSize + h, hidden: h, split: split)
                        Self.permuteColumns(from: bias, to: lw.permutedBias.pointer, rows: 1, hidden: h, split: split)
                        wxUsed = UnsafePointer(lw.permutedWeights.pointer)
                        whUsed = wxUsed + inSize * h4
                        biasUsed = UnsafePointer(lw.permutedBias.pointer)
                    }
                    // The whole sequence's input projection in one product.
                    product(pair, m: n, n: h4, k: inSize, a: x, lda: inSize, b: wxUsed, ldb: h4,
                            beta: 0, c: lw.gates.pointer, ldc: h4)
                    let gates = lw.gates.pointer, hs = lw.hs.pointer, cs = lw.cs.pointer
                    let tanhC = lw.tanhC.pointer
                    if let split, let pair {
                        // Each thread multiplies its own gate columns (single-threaded
                        // BLAS, or the packed kernel on its own slice packed once) and
                        // updates its own units; one barrier per step.
                        let packed = packedRecurrence ? ws.packedWeights(hidden: h) : nil
                        pair.run { part in
                            let (u0, units) = split[part]
                            let own = packed.map { $0.pointer + part * ws.packedPartCount }
                            if let own {
                                PackedProduct.pack(k: h, n: 4 * units, b: whUsed + 4 * u0, ldb: h4, into: own)
                            }
                            var sense = false
                            for s in 0..<t {
                                let row = s * b
                                if let own {
                                    PackedProduct.multiply(m: b, n: 4 * units, k: h, a: hs + row * h, aRowStride: h,
                                                           packed: own, c: gates + row * h4 + 4 * u0, ldc: h4)
                                } else {
                                    sgemm(m: b, n: 4 * units, k: h, a: hs + row * h, lda: h, b: whUsed + 4 * u0,
                                          ldb: h4, beta: 1, c: gates + row * h4 + 4 * u0, ldc: h4)
                                }
                                Kernels.cellForward(
                                    rows: b, hidden: units, gates: gates + row * h4 + 4 * u0, bias: biasUsed + 4 * u0,
                                    cPrev: cs + row * h + u0, cOut: cs + (row + b) * h + u0,
                                    tanhCOut: tanhC + row * h + u0, hOut: hs + (row + b) * h + u0,
                                    gateStride: h4, stateStride: h)
                                pair.barrier(&sense)
                            }
                        }
                    } else {
                        // Each step's recurrent product uses all BLAS threads. (Splitting
                        // the streams between threads running single-threaded BLAS was
                        // measured 10-20% slower: every thread then packs all of Wh at
                        // every step; the split above divides the units instead.)
                        for s in 0..<t {
                            let row = s * b
                            sgemm(m: b, n: h4, k: h, a: hs + row * h, lda: h, b: wh, ldb: h4,
                                  beta: 1, c: gates + row * h4, ldc: h4)
                            Kernels.cellForward(
                                rows: b, hidden: h, gates: gates + row * h4, bias: bias,
                                cPrev: cs + row * h, cOut: cs + (row + b) * h,
                                tanhCOut: tanhC + row * h, hOut: hs + (row + b) * h)
                        }
                    }
                    (hState.baseAddress! + stateOffset).update(from: lw.hs.pointer + n * h, count: b * h)
                    (cState.baseAddress! + stateOffset).update(from: lw.cs.pointer + n * h, count: b * h)
                    if applyDropout {
                        let mask = lw.dropMask.pointer
                        let out = lw.dropped.pointer
                        let hOut = lw.hs.pointer + b * h
                        let drop = cfg.dropout
                        if cfg.variationalDropout {
                            // One mask per stream, drawn stream by stream and unit by unit,
                            // then repeated at every step.
                            for stream in 0..<b {
                                for j in 0..<h {
                                    mask[stream * h + j] = rng.nextUnitFloat() >= drop ? keepScale : 0
                                }
                            }
                            for s in 1..<max(t, 1) {
                                (mask + s * b * h).update(from: mask, count: b * h)
                            }
                            for i in 0..<(n * h) {
                                out[i] = hOut[i] * mask[i]
                            }
                        } else {
                            for i in 0..<(n * h) {
                                let keep: Float = rng.nextUnitFloat() >= drop ? keepScale : 0
                                mask[i] = keep
                                out[i] = hOut[i] * keep
                            }
                        }
                        lw.output = out
                    } else {
                        lw.output = lw.hs.pointer + b * h
                    }
                }
            }
        }

        // Dense layer and softmax cross-entropy, row by row.
        let top = ws.layers[cfg.layerCount - 1].output
        let logits = ws.logits.pointer
        if layout.tied {
            // The output weight is the embedding [V, H] read transposed.
            product(pair, transB: true, m: n, n: v, k: h, a: top, lda: h, b: p + layout.embedding, ldb: h,
                    beta: 0, c: logits, ldc: v)
        } else {
            product(pair, m: n, n: v, k: h, a: top, lda: h, b: p + layout.denseWeight, ldb: v,
                    beta: 0, c: logits, ldc: v)
        }
        let denseBias = p + layout.denseBias
        var lossSum: Double = 0
        var weightSum: Double = 0
        for row in 0..<n {
            let l = logits + row * v
            var maxLogit = -Float.infinity
            for k in 0..<v {
                l[k] += denseBias[k]
                maxLogit = max(maxLogit, l[k])
            }
            let w = ws.mask[row]
            if !training && w == 0 { continue }
            let target = Int(ws.targets[row])
            let targetLogit = l[target]
            // Training keeps exp(l - max) in place, then scales it to the probabilities
            // the backward pass needs; inference leaves the logits untouched.
            let sum = Kernels.sumExp(l, count: v, minus: maxLogit, storeInPlace: training)
            let logProb = targetLogit - maxLogit - Foundation.log(sum)
            lossSum -= Double(w) * Double(logProb)
            weightSum += Double(w)
            if training {
                let inv = 1 / sum
                for k in 0..<v {
                    l[k] *= inv
                }
            }
        }
        ws.weightSum = Float(weightSum)
        return weightSum > 0 ? Float(lossSum / weightSum) : 0
    }

    /// Backpropagates the loss of the last training forward pass into `gradients`.
    private func backward(ws: TrainingWorkspace, pair: ThreadPair?) {
        let cfg = config
        let b = ws.batchSize, t = ws.steps, n = b * t
        let h = cfg.hiddenSize, h4 = 4 * h, v = cfg.vocabularySize
        let e = cfg.embeddingSize
        let p = parameters.pointer
        let g = gradients.pointer
        gradients.zero()

        // d loss / d logits = (softmax - onehot) * weight / total weight.
        let dLogits = ws.logits.pointer
        let norm: Float = ws.weightSum > 0 ? 1 / ws.weightSum : 0
        for row in 0..<n {
            let l = dLogits + row * v
            let w = ws.mask[row] * norm
            for k in 0..<v {
                l[k] *= w
            }
            l[Int(ws.targets[row])] -= w
        }
        let top = ws.layers[cfg.layerCount - 1].output
        var dOut = ws.dA.pointer
        var dIn = ws.dB.pointer
        if layout.tied {
            // The output use of the embedding: dE += dLogitsᵀ · top ([V, H]); the input
            // use adds its rows below, into the same tensor.
            product(pair, transA: true, m: v, n: h, k: n, a: dLogits, lda: v, b: top, ldb: h,
                    beta: 1, c: g + layout.embedding, ldc: h)
            product(pair, m: n, n: h, k: v, a: dLogits, lda: v, b: p + layout.embedding, ldb: h,
                    beta: 0, c: dOut, ldc: h)
        } else {
            product(pair, transA: true, m: h, n: v, k: n, a: top, lda: h, b: dLogits, ldb: v,
                    beta: 0, c: g + layout.denseWeight, ldc: v)
            product(pair, transB: true, m: n, n: h, k: v, a: dLogits, lda: v, b: p + layout.denseWeight, ldb: v,
                    beta: 0, c: dOut, ldc: h)
        }
        columnSums(dLogits, rows: n, cols: v, ones: ws.ones.pointer, into: g + layout.denseBias)

        for layer in stride(from: cfg.layerCount - 1, through: 0, by: -1) {
            let lw = ws.layers[layer]
            let inSize = cfg.inputSize(layer: layer)
            let wx = p + layout.layerWeights[layer]
            let gwx = g + layout.layerWeights[layer]
            let dc = ws.dCell.pointer
            let dG = ws.dGates.pointer
            let mask: UnsafeMutablePointer<Float>? = ws.dropoutApplied ? lw.dropMask.pointer : nil
            let gates = lw.gates.pointer, cs = lw.cs.pointer, tanhC = lw.tanhC.pointer
            dc.update(repeating: 0, count: b * h)
            // The split forward left gates (and so dG) in its permuted column order; the
            // products below use the permuted weights to match, and the weight and bias
            // gradients are permuted back at the end.
            let split = lw.split ? Self.unitSplit(h) : nil
            let wxUsed = split == nil ? UnsafePointer(wx) : UnsafePointer(lw.permutedWeights.pointer)
            let whUsed = wxUsed + inSize * h4
            let gwxUsed = split == nil ? gwx : ws.permutedGradient.pointer
            let gwhUsed = gwxUsed + inSize * h4
            let gbUsed = split == nil ? g + layout.layerBias[layer] : ws.permutedGradient.pointer + (inSize + h) * h4
            if let split, let pair {
                let dOutNow = dOut
                let packed = packedRecurrence ? ws.packedWeights(hidden: h) : nil
                pair.run { part in
                    let (u0, units) = split[part]
                    // This thread's rows of Wh are the columns of its slice of Wh^T.
                    let own = packed.map { $0.pointer + part * ws.packedPartCount }
                    if let own {
                        PackedProduct.pack(k: h4, n: units, b: whUsed + u0 * h4, ldb: h4, transposed: true, into: own)
                    }
                    var sense = false
                    for s in stride(from: t - 1, through: 0, by: -1) {
                        let row = s * b
                        let dh = dOutNow + row * h
                        if let mask {
                            let m = mask + row * h
                            for r in 0..<b {
                                for j in (r * h + u0)..<(r * h + u0 + units) {
                                    dh[j] *= m[j]
                                }
                            }
                        }
                        if s < t - 1 {
                            if let own {
                                PackedProduct.multiply(m: b, n: units, k: h4, a: dG + (row + b) * h4, aRowStride: h4,
                                                       packed: own, c: dh + u0, ldc: h)
                            } else {
                                sgemm(transB: true, m: b, n: units, k: h4, a: dG + (row + b) * h4, lda: h4,
                                      b: whUsed + u0 * h4, ldb: h4, beta: 1, c: dh + u0, ldc: h)
                            }
                        }
                        Kernels.cellBackward(
                            rows: b, hidden: units, gates: gates + row * h4 + 4 * u0, cPrev: cs + row * h + u0,
                            tanhC: tanhC + row * h + u0, dH: dh + u0, dC: dc + u0, dGates: dG + row * h4 + 4 * u0,
                            gateStride: h4, stateStride: h)
                        pair.barrier(&sense)
                    }
                }
            } else {
            for s in stride(from: t - 1, through: 0, by: -1) {
                let row = s * b
                let dh = dOut + row * h
                if let mask {
                    // Inverted dropout backward, fused into the step that reads dh.
                    let m = mask + row * h
                    for i in 0..<(b * h) {
                        dh[i] *= m[i]
                    }
                }
                if s < t - 1 {
                    // The recurrent path: this step's output also fed the next step's gates.
                    sgemm(transB: true, m: b, n: h, k: h4, a: dG + (row + b) * h4, lda: h4,
                          b: whUsed, ldb: h4, beta: 1, c: dh, ldc: h)
                }
                Kernels.cellBackward(
                    rows: b, hidden: h, gates: gates + row * h4, cPrev: cs + row * h,
                    tanhC: tanhC + row * h, dH: dh, dC: dc, dGates: dG + row * h4)
            }
            }
            let x = layer == 0 ? ws.input0.pointer : ws.layers[layer - 1].output
            // Weight gradients for the whole sequence in two products.
            product(pair, transA: true, m: inSize, n: h4, k: n, a: x, lda: inSize, b: dG, ldb: h4,
                    beta: 0, c: gwxUsed, ldc: h4)
            product(pair, transA: true, m: h, n: h4, k: n, a: lw.hs.pointer, lda: h, b: dG, ldb: h4,
                    beta: 0, c: gwhUsed, ldc: h4)
            columnSums(dG, rows: n, cols: h4, ones: ws.ones.pointer, into: gbUsed)
            if let split {
                Self.unpermuteColumns(from: gwxUsed, to: gwx, rows: inSize + h, hidden: h, split: split)
                Self.unpermuteColumns(from: gbUsed, to: g + layout.layerBias[layer], rows: 1, hidden: h, split: split)
            }
            if layer > 0 {
                product(pair, transB: true, m: n, n: h, k: h4, a: dG, lda: h4, b: wxUsed, ldb: h4,
                        beta: 0, c: dIn, ldc: h)
                swap(&dOut, &dIn)
            } else {
                // Only the embedding columns of the input need a gradient.
                let dx = ws.dEmbedding.pointer
                product(pair, transB: true, m: n, n: e, k: h4, a: dG, lda: h4, b: wxUsed, ldb: h4,
                        beta: 0, c: dx, ldc: e)
                let ge = g + layout.embedding
                let embeddingDropout = ws.embeddingDropoutApplied
                for row in 0..<n {
                    let token = Int(ws.tokens[row])
                    let dst = ge + token * e
                    let src = dx + row * e
                    if embeddingDropout {
                        let scale = ws.embeddingMask[token]
                        if scale == 0 { continue }
                        for k in 0..<e {
                            dst[k] += src[k] * scale
                        }
                    } else {
                        for k in 0..<e {
                            dst[k] += src[k]
                        }
                    }
                }
            }
        }
    }

    /// The inverted-dropout multipliers of the last training pass, one `[T*B, H]`
    /// time-major array per layer (empty when dropout was off); tests replay them.
    var lastDropoutMasks: [[Float]] {
        guard let ws = workspaces.last, ws.dropoutApplied else { return [] }
        return ws.layers.map { $0.dropMask.array }
    }

    /// Whether the thread pair's recurrent products use the packed kernel: asked for, and
    /// the CPU runs it (so turning it on elsewhere falls back to sgemm, never crashes).
    public var packedRecurrence: Bool {
        packedKernelUse != .none && PackedProduct.isAvailable
    }

    /// Whether the thread pair's other products use it too.
    public var packedProducts: Bool {
        packedKernelUse == .allProducts && PackedProduct.isAvailable
    }

    /// Whether a pass uses the thread pair: on, and at least one unit for each thread.
    var splitsWork: Bool {
        usesThreadPair && config.hiddenSize >= 2
    }

    /// Runs one pass. With the thread pair on (and its helper thread available), BLAS runs
    /// single-threaded for the whole pass and the two threads divide every product and the
    /// recurrence between them, so BLAS's own threads never wake; the previous thread
    /// count is restored afterwards.
    private func withThreadPair<R>(_ body: (ThreadPair?) -> R) -> R {
        guard splitsWork, let pair = pairThread() else {
            lastPassUsedThreadPair = false
            return body(nil)
        }
        lastPassUsedThreadPair = true
        let threads = BLAS.threadCount ?? 2
        BLAS.setThreadCount(1)
        defer { BLAS.setThreadCount(threads) }
        return body(pair)
    }

    /// `sgemm`, or with a pair, the same product divided between the two threads (each
    /// running single-threaded BLAS on its part): the rows of `op(A)` and `C` when there
    /// are more of them than columns, else the columns of `op(B)` and `C`, so that each
    /// thread packs half of the larger operand and all of the smaller one.
    private func product(
        _ pair: ThreadPair?, transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard let pair, max(m, n) >= 2 else {
            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                  beta: beta, c: c, ldc: ldc)
            return
        }
        let byRows = m > n
        let split = Self.unitSplit(byRows ? m : n)
        if packedProducts {
            packedProduct(pair, transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                          beta: beta, c: c, ldc: ldc, byRows: byRows, split: split)
            return
        }
        pair.run { part in
            let (first, count) = split[part]
            if byRows {
                // Row `first` of op(A) is row `first` of A, or its column when transposed.
                sgemm(transA: transA, transB: transB, m: count, n: n, k: k,
                      a: transA ? a + first : a + first * lda, lda: lda, b: b, ldb: ldb,
                      beta: beta, c: c + first * ldc, ldc: ldc)
            } else {
                // Column `first` of op(B) is column `first` of B, or its row when transposed.
                sgemm(transA: transA, transB: transB, m: m, n: count, k: k, a: a, lda: lda,
                      b: transB ? b + first * ldb : b + first, ldb: ldb, beta: beta, c: c + first, ldc: ldc)
            }
        }
    }

    /// `product` on the packed kernel. Split by rows, both threads pack half of op(B)'s
    /// panels, then each multiplies its rows by all of them; split by columns, each
    /// thread packs and multiplies its own columns of op(B).
    private func packedProduct(
        _ pair: ThreadPair, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, byRows: Bool, split: [(Int, Int)]
    ) {
        precondition(beta == 0 || beta == 1, "the packed kernel overwrites or accumulates")
        let parts = byRows ? [0, 0] : [PackedProduct.size(k: k, n: split[0].1), PackedProduct.size(k: k, n: split[1].1)]
        let needed = byRows ? PackedProduct.size(k: k, n: n) : parts[0] + parts[1]
        if (productPacking?.count ?? 0) < needed {
            productPacking = FloatBuffer(count: needed)
        }
        let scratch = productPacking!.pointer
        let ars = transA ? 1 : lda, acs = transA ? lda : 1
        let accumulate = beta != 0
        // Columns j.. of op(B): column j of B, or row j of B when transposed.
        func column(_ j: Int) -> UnsafePointer<Float> { transB ? b + j * ldb : b + j }
        if byRows {
            let panels = (n + PackedProduct.panel - 1) / PackedProduct.panel
            let panelSplit = Self.unitSplit(panels)
            pair.run { part in
                let (p0, count) = panelSplit[part]
                let j0 = p0 * PackedProduct.panel
                let width = min(n, (p0 + count) * PackedProduct.panel) - j0
                if width > 0 {
                    PackedProduct.pack(k: k, n: width, b: column(j0), ldb: ldb, transposed: transB,
                                       into: scratch + j0 * k)
                }
            }
            pair.run { part in
                let (first, count) = split[part]
                PackedProduct.multiply(m: count, n: n, k: k, a: a + first * ars, aRowStride: ars, aColumnStride: acs,
                                       packed: scratch, c: c + first * ldc, ldc: ldc, accumulate: accumulate)
            }
        } else {
            pair.run { part in
                let (first, count) = split[part]
                let own = scratch + (part == 0 ? 0 : parts[0])
                PackedProduct.pack(k: k, n: count, b: column(first), ldb: ldb, transposed: transB, into: own)
                PackedProduct.multiply(m: m, n: count, k: k, a: a, aRowStride: ars, aColumnStride: acs,
                                       packed: own, c: c + first, ldc: ldc, accumulate: accumulate)
            }
        }
    }

    /// The thread pair for batch-1 generation's gate products: when passes use the pair
    /// and the packed kernel (whose AVX-512 matrix-vector product it runs), else nil.
    func generationPair() -> ThreadPair? {
        splitsWork && packedRecurrence ? pairThread() : nil
    }

    private func pairThread() -> ThreadPair? {
        if threadPair == nil {
            threadPair = ThreadPair()
        }
        return threadPair!.isAvailable ? threadPair : nil
    }

    /// The two threads' units: `(first unit, count)`, the first part taking the odd one.
    static func unitSplit(_ hidden: Int) -> [(Int, Int)] {
        let first = (hidden + 1) / 2
        return [(0, first), (first, hidden - first)]
    }

    /// Copies `rows` rows of `[i f g o]` gate columns (`4 * hidden` wide) into the split
    /// order: part 0's units for all four gates, then part 1's. Column `g * hidden + u0 + j`
    /// of the source goes to `4 * u0 + g * units + j`.
    static func permuteColumns(
        from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, rows: Int, hidden h: Int,
        split: [(Int, Int)]
    ) {
        let h4 = 4 * h
        for r in 0..<rows {
            let s = src + r * h4, d = dst + r * h4
            for (u0, units) in split {
                for gate in 0..<4 {
                    (d + 4 * u0 + gate * units).update(from: s + gate * h + u0, count: units)
                }
            }
        }
    }

    /// The inverse of `permuteColumns`.
    static func unpermuteColumns(
        from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, rows: Int, hidden h: Int,
        split: [(Int, Int)]
    ) {
        let h4 = 4 * h
        for r in 0..<rows {
            let s = src + r * h4, d = dst + r * h4
            for (u0, units) in split {
                for gate in 0..<4 {
                    (d + gate * h + u0).update(from: s + 4 * u0 + gate * units, count: units)
                }
            }
        }
    }

    /// The embedding-dropout multipliers (0 or 1/(1-p)) of the last training pass, one per
    /// token type, or empty when embedding dropout was off; tests replay them.
    var lastEmbeddingDropoutMask: [Float] {
        guard let ws = workspaces.last, ws.embeddingDropoutApplied else { return [] }
        return ws.embeddingMask
    }

    /// Column sums of a row-major matrix as one matrix-vector product with ones.
    private func columnSums(
        _ a: UnsafePointer<Float>, rows: Int, cols: Int, ones: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        sgemvRowVector(rows: rows, cols: cols, a: a, x: ones, beta: 0, y: out)
    }
}

/// Per-batch-shape buffers for training, allocated once and reused while the batch shape
/// stays the same.
final class TrainingWorkspace {
    final class Layer {
        /// Activated gates per step, `[T*B, 4H]`.
        let gates: FloatBuffer
        /// Hidden outputs with the initial state as block 0, `[(T+1)*B, H]`.
        let hs: FloatBuffer
        /// Cell states with the initial state as block 0, `[(T+1)*B, H]`.
        let cs: FloatBuffer
        /// tanh of each cell state, `[T*B, H]`.
        let tanhC: FloatBuffer
        /// Inverted-dropout multipliers (0 or 1/(1-p)) and the dropped outputs.
        let dropMask: FloatBuffer
        let dropped: FloatBuffer
        /// Where this layer's output (dropped or not) lives for the layer above.
        var output: UnsafeMutablePointer<Float>
        /// Whether the last forward pass split the recurrence, leaving `gates` in the
        /// permuted column order of `permutedWeights` and `permutedBias`.
        var split = false
        /// The layer's weights `[in + H, 4H]` and bias with columns in the split order;
        /// allocated on first use.
        lazy var permutedWeights = FloatBuffer(count: weightCount)
        lazy var permutedBias = FloatBuffer(count: 4 * hiddenSize)
        let weightCount: Int
        let hiddenSize: Int

        init(rows: Int, batch: Int, input: Int, hidden: Int, dropout: Bool) {
            weightCount = (input + hidden) * 4 * hidden
            hiddenSize = hidden
            gates = FloatBuffer(count: rows * 4 * hidden)
            hs = FloatBuffer(count: (rows + batch) * hidden)
            cs = FloatBuffer(count: (rows + batch) * hidden)
            tanhC = FloatBuffer(count: rows * hidden)
            dropMask = FloatBuffer(count: dropout ? rows * hidden : 0)
            dropped = FloatBuffer(count: dropout ? rows * hidden : 0)
            output = hs.pointer + batch * hidden
        }
    }

    let batchSize: Int
    let steps: Int
    let input0: FloatBuffer
    let layers: [Layer]
    let logits: FloatBuffer
    let dA: FloatBuffer
    let dB: FloatBuffer
    let dGates: FloatBuffer
    let dCell: FloatBuffer
    let dEmbedding: FloatBuffer
    let ones: FloatBuffer
    /// Each thread's packed recurrent weights (forward: its gate columns of Wh; backward:
    /// its rows of Wh as columns of Wh^T), `packedPartCount` floats per thread; allocated
    /// on first use and refilled per layer and pass.
    private var packed: FloatBuffer?
    private(set) var packedPartCount = 0

    func packedWeights(hidden h: Int) -> FloatBuffer {
        if let packed { return packed }
        let units = (h + 1) / 2
        packedPartCount = max(PackedProduct.size(k: h, n: 4 * units), PackedProduct.size(k: 4 * h, n: units))
        let buffer = FloatBuffer(count: 2 * packedPartCount)
        packed = buffer
        return buffer
    }
    /// A layer's weight and bias gradients in the split column order, before they are
    /// permuted back; allocated on first use.
    lazy var permutedGradient = FloatBuffer(count: permutedGradientCount)
    let permutedGradientCount: Int
    var tokens: [Int32]
    var targets: [Int32]
    var mask: [Float]
    var weightSum: Float = 0
    var dropoutApplied = false
    /// Embedding-dropout multiplier per token type for the current batch.
    var embeddingMask: [Float]
    var embeddingDropoutApplied = false

    init(config: LSTMConfig, batchSize: Int, steps: Int) {
        self.batchSize = batchSize
        self.steps = steps
        let n = batchSize * steps, h = config.hiddenSize
        input0 = FloatBuffer(count: n * config.inputSize(layer: 0))
        layers = (0..<config.layerCount).map { layer in
            Layer(rows: n, batch: batchSize, input: config.inputSize(layer: layer), hidden: h, dropout: config.dropout > 0)
        }
        let widestInput = (0..<config.layerCount).map { config.inputSize(layer: $0) }.max() ?? 0
        permutedGradientCount = (widestInput + h + 1) * 4 * h
        logits = FloatBuffer(count: n * config.vocabularySize)
        dA = FloatBuffer(count: n * h)
        dB = FloatBuffer(count: n * h)
        dGates = FloatBuffer(count: n * 4 * h)
        dCell = FloatBuffer(count: batchSize * h)
        dEmbedding = FloatBuffer(count: n * config.embeddingSize)
        ones = FloatBuffer(count: n)
        ones.pointer.update(repeating: 1, count: n)
        tokens = [Int32](repeating: 0, count: n)
        targets = tokens
        mask = [Float](repeating: 1, count: n)
        embeddingMask = [Float](repeating: 1, count: config.vocabularySize)
    }
}
