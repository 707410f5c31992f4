/// The shape of an `LSTMModel`: token embedding, stacked LSTM layers and a softmax
/// output over the vocabulary, with optional per-step input features.
public struct LSTMConfig: Codable, Equatable, Hashable, Sendable {
    /// Number of distinct tokens (inputs and outputs).
    public var vocabularySize: Int
    /// Width of the token embedding.
    public var embeddingSize: Int
    /// Units in each LSTM layer.
    public var hiddenSize: Int
    /// Number of stacked LSTM layers.
    public var layerCount: Int
    /// Inverted-dropout probability applied to each LSTM layer's output during training.
    public var dropout: Float
    /// Extra float inputs per step, concatenated to the embedding at the first layer
    /// (e.g. the position in the taal cycle).
    public var featureCount: Int
    /// Weight tying (Press & Wolf 2017; Inan et al. 2017): the output layer's weight is
    /// the embedding matrix transposed, so the model has no separate `dense.weight`
    /// (the output bias stays). Requires `embeddingSize == hiddenSize`.
    public var tiedEmbedding: Bool
    /// Embedding dropout (Gal & Ghahramani 2016): in training, each token type's whole
    /// embedding row is dropped with this probability for the batch (every occurrence of
    /// the type in the batch at once) and the kept rows are scaled by `1/(1-p)`.
    public var embeddingDropout: Float
    /// Variational dropout (Gal & Ghahramani 2016): the `dropout` mask on each LSTM
    /// layer's output is drawn once per stream and batch and reused at every time step,
    /// instead of afresh for every step.
    public var variationalDropout: Bool

    /// Creates a configuration; `validate()` checks it. The defaults of the three
    /// regularizers (off) give the engine's original model.
    public init(
        vocabularySize: Int, embeddingSize: Int, hiddenSize: Int, layerCount: Int,
        dropout: Float = 0, featureCount: Int = 0, tiedEmbedding: Bool = false,
        embeddingDropout: Float = 0, variationalDropout: Bool = false
    ) {
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.dropout = dropout
        self.featureCount = featureCount
        self.tiedEmbedding = tiedEmbedding
        self.embeddingDropout = embeddingDropout
        self.variationalDropout = variationalDropout
    }

    private enum CodingKeys: String, CodingKey {
        case vocabularySize, embeddingSize, hiddenSize, layerCount, dropout, featureCount
        case tiedEmbedding, embeddingDropout, variationalDropout
    }

    /// Decodes a configuration; the regularizer fields are optional, so checkpoints
    /// written before they existed load as the model they always were.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        embeddingSize = try c.decode(Int.self, forKey: .embeddingSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        layerCount = try c.decode(Int.self, forKey: .layerCount)
        dropout = try c.decode(Float.self, forKey: .dropout)
        featureCount = try c.decode(Int.self, forKey: .featureCount)
        tiedEmbedding = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbedding) ?? false
        embeddingDropout = try c.decodeIfPresent(Float.self, forKey: .embeddingDropout) ?? 0
        variationalDropout = try c.decodeIfPresent(Bool.self, forKey: .variationalDropout) ?? false
    }

    /// Encodes a configuration, writing each regularizer field only when it is not its
    /// default, so a model without them is written byte for byte as before.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vocabularySize, forKey: .vocabularySize)
        try c.encode(embeddingSize, forKey: .embeddingSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(layerCount, forKey: .layerCount)
        try c.encode(dropout, forKey: .dropout)
        try c.encode(featureCount, forKey: .featureCount)
        if tiedEmbedding { try c.encode(true, forKey: .tiedEmbedding) }
        if embeddingDropout != 0 { try c.encode(embeddingDropout, forKey: .embeddingDropout) }
        if variationalDropout { try c.encode(true, forKey: .variationalDropout) }
    }

    /// The largest sizes accepted, in training options and in model files alike.
    public enum Limits {
        /// Most tokens in a vocabulary.
        public static let vocabulary = 65_536
        /// Widest embedding.
        public static let embedding = 4096
        /// Most LSTM units per layer.
        public static let hidden = 4096
        /// Most stacked layers.
        public static let layers = 16
        /// Most per-step features.
        public static let features = 1024
        /// Most parameters in all (2^28 floats, 1 GiB).
        public static let parameters = 1 << 28
    }

    /// The number of parameters, computed with checked arithmetic; nil when it
    /// overflows (a crafted file claiming hidden size 2^40).
    public func checkedParameterCount() -> Int? {
        func mul(_ a: Int, _ b: Int) -> Int? { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? nil : r }
        func add(_ a: Int, _ b: Int) -> Int? { let (r, o) = a.addingReportingOverflow(b); return o ? nil : r }
        guard vocabularySize >= 0, embeddingSize >= 0, hiddenSize >= 0, layerCount >= 0, featureCount >= 0,
              let gates = mul(4, hiddenSize), var total = mul(vocabularySize, embeddingSize) else { return nil }
        for layer in 0..<min(layerCount, Limits.layers + 1) {
            let input = layer == 0 ? add(embeddingSize, featureCount) : hiddenSize
            guard let input, let rows = add(input, hiddenSize), let w = mul(rows, gates),
                  let t1 = add(total, w), let t2 = add(t1, gates) else { return nil }
            total = t2
        }
        guard let dense = tiedEmbedding ? 0 : mul(hiddenSize, vocabularySize), let t1 = add(total, dense),
              let t2 = add(t1, vocabularySize) else { return nil }
        return t2
    }

    /// Throws when a size is not positive or past ``Limits``, a dropout is outside [0, 1),
    /// or the embedding is tied while its width differs from the hidden size.
    public func validate() throws(TablaMLError) {
        if vocabularySize < 1 || embeddingSize < 1 || hiddenSize < 1 || layerCount < 1 {
            throw .invalidConfiguration(
                "vocabulary \(vocabularySize), embedding \(embeddingSize), hidden \(hiddenSize) "
                    + "and layers \(layerCount) must all be at least 1")
        }
        for (name, value, limit) in [("vocabulary", vocabularySize, Limits.vocabulary), ("embedding", embeddingSize, Limits.embedding),
                                     ("hidden", hiddenSize, Limits.hidden), ("layers", layerCount, Limits.layers),
                                     ("features", featureCount, Limits.features)] where value > limit {
            throw .invalidConfiguration("\(name) \(value) is more than the largest supported, \(limit)")
        }
        guard let count = checkedParameterCount(), count <= Limits.parameters else {
            throw .invalidConfiguration("the model would have more than \(Limits.parameters) parameters")
        }
        if featureCount < 0 {
            throw .invalidConfiguration("feature count \(featureCount) is negative")
        }
        if !(dropout >= 0 && dropout < 1) {
            throw .invalidConfiguration("dropout \(dropout) must be in [0, 1)")
        }
        if !(embeddingDropout >= 0 && embeddingDropout < 1) {
            throw .invalidConfiguration("embedding dropout \(embeddingDropout) must be in [0, 1)")
        }
        if tiedEmbedding && embeddingSize != hiddenSize {
            throw .invalidConfiguration(
                "a tied embedding is also the output layer's weight, so its size must equal the hidden size: "
                    + "embedding \(embeddingSize), hidden \(hiddenSize); set both to the same value or untie them")
        }
    }

    /// Width of the input to LSTM layer `layer`.
    public func inputSize(layer: Int) -> Int {
        layer == 0 ? embeddingSize + featureCount : hiddenSize
    }

    /// Multiply-adds per token of the forward pass (the embedding lookup is free).
    /// A training step costs three times this: forward, and two products backward.
    public var forwardMultiplyAddsPerToken: Int {
        var total = hiddenSize * vocabularySize
        for layer in 0..<layerCount {
            total += (inputSize(layer: layer) + hiddenSize) * 4 * hiddenSize
        }
        return total
    }
}

/// Where each named tensor lives in the flat parameter vector.
///
/// All parameters share one contiguous buffer (and gradients and Adam moments the same
/// layout), so the optimizer, the gradient norm and checkpoints are single loops. Each
/// LSTM layer's input weights `Wx` (`[input, 4H]`) are followed directly by its recurrent
/// weights `Wh` (`[H, 4H]`): together they form one `[input + H, 4H]` matrix, so a
/// batch-1 inference step is a single matrix-vector product on `[x; h]`.
struct ParameterLayout: Equatable {
    struct Entry: Equatable {
        let name: String
        let shape: [Int]
        let offset: Int
        var count: Int { shape.reduce(1, *) }
    }

    let entries: [Entry]
    let count: Int
    let embedding: Int
    let layerWeights: [Int]
    let layerBias: [Int]
    /// Offset of `dense.weight` `[H, V]`; for a tied model, the embedding's `[V, H]`,
    /// which holds the transposed output weight (see `tied`).
    let denseWeight: Int
    let denseBias: Int
    /// Whether the output weight is the embedding transposed (no `dense.weight` tensor).
    let tied: Bool

    init(_ config: LSTMConfig) {
        var entries: [Entry] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let start = offset
            entries.append(Entry(name: name, shape: shape, offset: start))
            offset += shape.reduce(1, *)
            return start
        }
        let h = config.hiddenSize
        embedding = add("embedding", [config.vocabularySize, config.embeddingSize])
        var weights: [Int] = []
        var biases: [Int] = []
        for layer in 0..<config.layerCount {
            weights.append(add("lstm.\(layer).weight", [config.inputSize(layer: layer) + h, 4 * h]))
            biases.append(add("lstm.\(layer).bias", [4 * h]))
        }
        layerWeights = weights
        layerBias = biases
        tied = config.tiedEmbedding
        denseWeight = tied ? embedding : add("dense.weight", [h, config.vocabularySize])
        denseBias = add("dense.bias", [config.vocabularySize])
        self.entries = entries
        count = offset
    }
}
