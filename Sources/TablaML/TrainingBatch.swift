/// One batch of `batchSize` parallel streams of `steps` consecutive tokens.
///
/// All arrays are stream-major: element `(b, t)` sits at `b * steps + t` (times
/// `featureCount` for features). Stream `b` of the next batch must continue stream `b`
/// of this one for the carried state to mean anything.
public struct TrainingBatch: Equatable, Sendable {
    /// Number of parallel streams.
    public var batchSize: Int
    /// Time steps per stream.
    public var steps: Int
    /// Input token ids, `batchSize * steps`.
    public var tokens: [Int32]
    /// Token to predict at each step (usually the next input), `batchSize * steps`.
    public var targets: [Int32]
    /// Extra inputs per step, `batchSize * steps * featureCount`, or nil when the model
    /// has no features.
    public var features: [Float]?
    /// Weight of each step's loss (0 ignores the step), `batchSize * steps`; nil weighs
    /// every step 1. The loss is the weighted mean.
    public var mask: [Float]?

    /// Creates a batch; the model checks the sizes when it uses it.
    public init(
        batchSize: Int, steps: Int, tokens: [Int32], targets: [Int32],
        features: [Float]? = nil, mask: [Float]? = nil
    ) {
        self.batchSize = batchSize
        self.steps = steps
        self.tokens = tokens
        self.targets = targets
        self.features = features
        self.mask = mask
    }
}
