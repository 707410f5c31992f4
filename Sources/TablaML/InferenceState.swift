/// Stateful step-by-step inference: carries every layer's (h, c) for `batchSize`
/// streams, so producing token t costs one step, never a re-run of a window.
///
/// ```swift
/// let gen = InferenceState(model: model, batchSize: 1)
/// var rng = SplitMix64(seed: 3)
/// var token: Int32 = 0
/// for _ in 0..<100 {
///     let logits = try gen.step(token: token)
///     token = Int32(Sampler.sample(logits: logits, temperature: 0.8, rng: &rng))
/// }
/// ```
///
/// Each layer's `[x; h]` times the packed `[Wx; Wh]` is one product (a matrix-vector
/// product at batch 1), followed by the fused gate kernel. No dropout.
public final class InferenceState {
    /// The model stepped through; weights are read live, so training between steps is seen.
    public let model: LSTMModel
    /// Number of parallel streams.
    public let batchSize: Int
    private let hidden: FloatBuffer
    private let cell: FloatBuffer
    private let z: FloatBuffer
    private let gates: FloatBuffer
    private let tanhC: FloatBuffer
    private let logits: FloatBuffer
    /// Each layer's weight count (`[in + H, 4H]`) and the pair's gate columns, fixed by
    /// the model's shape: worked out once, not per token.
    private let layerWeightCounts: [Int]
    private let pairColumns: [(Int, Int)]

    /// Creates a zero state for `batchSize` streams of `model`.
    public init(model: LSTMModel, batchSize: Int = 1) {
        precondition(batchSize > 0, "batch size must be positive")
        self.model = model
        self.batchSize = batchSize
        let c = model.config
        let h = c.hiddenSize
        hidden = FloatBuffer(count: c.layerCount * batchSize * h)
        cell = FloatBuffer(count: c.layerCount * batchSize * h)
        z = FloatBuffer(count: batchSize * (max(c.inputSize(layer: 0), h) + h))
        gates = FloatBuffer(count: batchSize * 4 * h)
        tanhC = FloatBuffer(count: batchSize * h)
        logits = FloatBuffer(count: batchSize * c.vocabularySize)
        layerWeightCounts = (0..<c.layerCount).map { (c.inputSize(layer: $0) + h) * 4 * h }
        pairColumns = Self.columnSplit(4 * h)
    }

    /// The carried (h, c) of every layer; set it to resume from a training state.
    public var state: RecurrentState {
        get {
            var s = model.makeState(batchSize: batchSize)
            s.hidden = hidden.array
            s.cell = cell.array
            return s
        }
        set {
            precondition(
                newValue.batchSize == batchSize && newValue.layerCount == model.config.layerCount
                    && newValue.hiddenSize == model.config.hiddenSize, "state shape does not match")
            hidden.copy(from: newValue.hidden)
            cell.copy(from: newValue.cell)
        }
    }

    /// Zeroes every stream's state.
    public func reset() {
        hidden.zero()
        cell.zero()
    }

    /// One step at batch 1: feeds `token` (and its features) and returns the logits of
    /// the next token, `vocabularySize` values.
    public func step(token: Int32, features: [Float]? = nil) throws(TablaMLError) -> [Float] {
        try step(tokens: [token], features: features)
    }

    /// One step for every stream: `tokens` has `batchSize` ids, `features` holds
    /// `batchSize * featureCount` values; returns `batchSize * vocabularySize` logits.
    public func step(tokens: [Int32], features: [Float]? = nil) throws(TablaMLError) -> [Float] {
        try advance(tokens: tokens, features: features)
        return logits.array
    }

    /// One step that hands the logits to `body` without copying them out, for tight
    /// generation loops.
    public func step<R>(
        tokens: [Int32], features: [Float]? = nil, _ body: (UnsafeBufferPointer<Float>) throws -> R
    ) throws -> R {
        try advance(tokens: tokens, features: features)
        return try body(UnsafeBufferPointer(start: logits.pointer, count: logits.count))
    }

    private func advance(tokens: [Int32], features: [Float]?) throws(TablaMLError) {
        let cfg = model.config
        let b = batchSize, h = cfg.hiddenSize, h4 = 4 * h, v = cfg.vocabularySize
        let e = cfg.embeddingSize, f = cfg.featureCount
        guard tokens.count == b else {
            throw .invalidBatch("expected \(b) tokens (one per stream), got \(tokens.count)")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= v }) {
            throw .invalidBatch("token id \(bad) is outside the vocabulary 0..<\(v)")
        }
        if f > 0 {
            guard let features, features.count == b * f else {
                throw .invalidBatch(
                    "the model takes \(f) features per step: expected \(b * f) values, got \(features?.count ?? 0)")
            }
        } else if let features, !features.isEmpty {
            throw .invalidBatch("the model takes no features, got \(features.count) values")
        }
        let p = model.parameters.pointer
        let layout = model.layout
        let z = self.z.pointer
        // The pair only for layers whose product is large enough to pay for the hand-over.
        let minimum = pairMinimumProduct
        let pair = b == 1 && layerWeightCounts.contains { $0 >= minimum } ? model.generationPair() : nil
        let split = pairColumns
        var blasThreads: Int? = nil
        if pair != nil {
            blasThreads = BLAS.threadCount
            BLAS.setThreadCount(1)
        }
        defer { if let blasThreads { BLAS.setThreadCount(blasThreads) } }
        for layer in 0..<cfg.layerCount {
            let inSize = cfg.inputSize(layer: layer)
            let width = inSize + h
            let hs = hidden.pointer + layer * b * h
            let cs = cell.pointer + layer * b * h
            for row in 0..<b {
                let zr = z + row * width
                if layer == 0 {
                    zr.update(from: p + layout.embedding + Int(tokens[row]) * e, count: e)
                    if f > 0, let features {
                        for k in 0..<f {
                            zr[e + k] = features[row * f + k]
                        }
                    }
                } else {
                    zr.update(from: hidden.pointer + ((layer - 1) * b + row) * h, count: h)
                }
                (zr + inSize).update(from: hs + row * h, count: h)
            }
            let w = p + layout.layerWeights[layer]
            if b == 1, let pair, layerWeightCounts[layer] >= minimum {
                // Each thread multiplies its half of the gate columns with the engine's
                // AVX-512 kernel: the product streams the layer's weights from cache, and
                // two cores read them twice as fast (docs/ENGINE.md).
                let g = gates.pointer
                pair.run { part in
                    let (j0, count) = split[part]
                    PackedProduct.gemv(k: width, n: count, x: z, w: w + j0, ldw: h4, y: g + j0)
                }
            } else if b == 1 {
                sgemvRowVector(rows: width, cols: h4, a: w, x: z, beta: 0, y: gates.pointer)
            } else {
                sgemm(m: b, n: h4, k: width, a: z, lda: width, b: w, ldb: h4, beta: 0, c: gates.pointer, ldc: h4)
            }
            // In place: each element of c and h is read before it is overwritten.
            Kernels.cellForward(
                rows: b, hidden: h, gates: gates.pointer, bias: p + layout.layerBias[layer],
                cPrev: cs, cOut: cs, tanhCOut: tanhC.pointer, hOut: hs)
        }
        let top = hidden.pointer + (cfg.layerCount - 1) * b * h
        let out = logits.pointer
        for row in 0..<b {
            (out + row * v).update(from: p + layout.denseBias, count: v)
        }
        if layout.tied {
            // The output weight is the embedding [V, H] read transposed.
            if b == 1 {
                sgemvMatrixVector(rows: v, cols: h, a: p + layout.embedding, x: top, beta: 1, y: out)
            } else {
                sgemm(transB: true, m: b, n: v, k: h, a: top, lda: h, b: p + layout.embedding, ldb: h,
                      beta: 1, c: out, ldc: v)
            }
        } else if b == 1 {
            sgemvRowVector(rows: h, cols: v, a: p + layout.denseWeight, x: top, beta: 1, y: out)
        } else {
            sgemm(m: b, n: v, k: h, a: top, lda: h, b: p + layout.denseWeight, ldb: v, beta: 1, c: out, ldc: v)
        }
    }

    /// Weights (floats) a layer's batch-1 product must have for the thread pair to share
    /// it: 1 MB. Below that the single-threaded product is as fast and the helper's
    /// hand-over and spinning only cost: with the shipped 2 x 96 model (74k weights in
    /// its larger layer) `tabla eval` took 7-18% longer and 50% more CPU on the pair; with
    /// a 2 x 256 model it ran 18-35% faster. Tests lower it to reach the pair with a tiny
    /// model.
    var pairMinimumProduct = 262_144

    /// The pair's gate columns for batch-1 products, `(first, count)`: halves, the first
    /// ending on a whole 16-float vector where it can.
    static func columnSplit(_ columns: Int) -> [(Int, Int)] {
        let first = min(columns, ((columns + 1) / 2 + 15) / 16 * 16)
        return [(0, first), (first, columns - first)]
    }
}
