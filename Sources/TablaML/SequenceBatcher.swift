/// Cuts one long token sequence into `batchSize` parallel streams and serves consecutive
/// `steps`-long batches of them, the layout stateful truncated BPTT needs.
///
/// Stream `b` covers the `b`-th contiguous slice of the corpus, so batch `i + 1`
/// continues batch `i` in every stream. Shuffling windows would break that continuity,
/// so each epoch is randomised by a seeded phase offset instead: the batch boundaries
/// move, and the model sees different truncation points every epoch.
public struct SequenceBatcher: Sendable {
    /// Streams per batch.
    public let batchSize: Int
    /// Steps per batch.
    public let steps: Int
    /// Features per token (0 when none).
    public let featureCount: Int
    private let tokens: [Int32]
    private let features: [Float]?
    private let mask: [Float]?
    private let streamLength: Int

    /// Creates a batcher. `features` holds `featureCount` values per token, `mask` one
    /// loss weight per token (applied where that token is the target).
    public init(
        tokens: [Int32], features: [Float]? = nil, featureCount: Int = 0, mask: [Float]? = nil,
        batchSize: Int, steps: Int
    ) throws(TablaMLError) {
        guard batchSize > 0, steps > 0 else {
            throw .invalidBatch("batch size \(batchSize) and steps \(steps) must be positive")
        }
        // Each stream needs at least one window plus the target after it.
        let length = (tokens.count - 1) / batchSize
        guard length >= steps else {
            throw .invalidBatch(
                "\(tokens.count) tokens are too few for \(batchSize) streams of \(steps) steps")
        }
        if featureCount > 0 {
            guard let f = features, f.count == tokens.count * featureCount else {
                throw .invalidBatch(
                    "expected \(tokens.count * featureCount) feature values, got \(features?.count ?? 0)")
            }
        }
        if let m = mask, m.count != tokens.count {
            throw .invalidBatch("mask has \(m.count) weights for \(tokens.count) tokens")
        }
        self.tokens = tokens
        self.features = featureCount > 0 ? features : nil
        self.featureCount = featureCount
        self.mask = mask
        self.batchSize = batchSize
        self.steps = steps
        streamLength = length
    }

    /// A random phase offset in `0..<steps` for a new epoch.
    public func randomOffset(using rng: inout SplitMix64) -> Int {
        Int(rng.next() % UInt64(steps))
    }

    /// Batches in an epoch started at `offset`.
    public func batchCount(offset: Int = 0) -> Int {
        max(0, (streamLength - offset) / steps)
    }

    /// Batch `index` of the epoch started at `offset`.
    public func batch(_ index: Int, offset: Int = 0) -> TrainingBatch {
        precondition(index >= 0 && index < batchCount(offset: offset), "batch \(index) out of range")
        let n = batchSize * steps
        var x = [Int32](repeating: 0, count: n)
        var y = x
        var f: [Float]? = features == nil ? nil : [Float](repeating: 0, count: n * featureCount)
        var w: [Float]? = mask == nil ? nil : [Float](repeating: 0, count: n)
        for b in 0..<batchSize {
            let start = b * streamLength + offset + index * steps
            for t in 0..<steps {
                let i = b * steps + t
                x[i] = tokens[start + t]
                y[i] = tokens[start + t + 1]
                w?[i] = mask![start + t + 1]
                if let src = features {
                    for k in 0..<featureCount {
                        f![i * featureCount + k] = src[(start + t) * featureCount + k]
                    }
                }
            }
        }
        return TrainingBatch(batchSize: batchSize, steps: steps, tokens: x, targets: y, features: f, mask: w)
    }
}
