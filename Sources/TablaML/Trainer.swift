/// Training statistics recorded in checkpoints.
public struct TrainingSummary: Codable, Equatable, Sendable {
    /// Optimizer steps taken.
    public var steps: Int
    /// Tokens seen (batch size x steps per batch x optimizer steps).
    public var tokens: Int
    /// Loss of the last step, if any.
    public var lastLoss: Float?
    /// Learning rate of the last step.
    public var learningRate: Float
    /// Global-norm clipping threshold, or nil when off.
    public var clipNorm: Float?
    /// Streams per batch of the last step.
    public var batchSize: Int
    /// Steps per stream (the BPTT length) of the last step.
    public var sequenceLength: Int
    /// Seed of the trainer's dropout generator.
    public var seed: UInt64
    /// Wall-clock training time in seconds, if the caller measured it.
    public var seconds: Double?

    /// Creates a summary.
    public init(
        steps: Int, tokens: Int, lastLoss: Float?, learningRate: Float, clipNorm: Float?,
        batchSize: Int, sequenceLength: Int, seed: UInt64, seconds: Double? = nil
    ) {
        self.steps = steps
        self.tokens = tokens
        self.lastLoss = lastLoss
        self.learningRate = learningRate
        self.clipNorm = clipNorm
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.seed = seed
        self.seconds = seconds
    }
}

/// What one training step did.
public struct TrainingStepResult: Equatable, Sendable {
    /// Mean masked cross-entropy of the batch (nats per token), before the update.
    public var loss: Float
    /// Global L2 norm of the gradient before clipping.
    public var gradientNorm: Float
    /// Learning rate used for the update.
    public var learningRate: Float
}

/// Truncated-BPTT training: forward and backward over a batch, gradient clipping by
/// global norm, an Adam update, and the recurrent state carried to the next batch.
///
/// ```swift
/// let trainer = Trainer(model: model, learningRate: 1e-3, clipNorm: 5, seed: 7)
/// trainer.learningRateSchedule = { step in step < 1000 ? 1e-3 : 3e-4 }
/// for batch in batches { print(try trainer.step(batch).loss) }
/// ```
public final class Trainer {
    /// The model being trained.
    public let model: LSTMModel
    /// The optimizer; its `learningRate` is the base rate when no schedule is set.
    public let optimizer: Adam
    /// Clip the gradient to this global L2 norm; nil turns clipping off.
    public var clipNorm: Float?
    /// Learning rate for a given step number (0-based); nil keeps the optimizer's rate.
    public var learningRateSchedule: ((Int) -> Float)?
    /// Whether the state after one batch starts the next (stateful truncated BPTT).
    /// Off, every batch starts from zero.
    public var carriesState: Bool
    /// The state that the next batch starts from, if any.
    public private(set) var state: RecurrentState?
    /// Steps taken.
    public private(set) var stepCount = 0
    /// Tokens seen.
    public private(set) var tokenCount = 0
    /// Loss of the last step.
    public private(set) var lastLoss: Float?
    /// Seed of the dropout generator.
    public let seed: UInt64
    private var rng: SplitMix64
    private var lastShape = (batchSize: 0, steps: 0)

    /// Creates a trainer with Adam at `learningRate`, seeding dropout with `seed`.
    public init(
        model: LSTMModel, learningRate: Float = 1e-3, clipNorm: Float? = 5, carriesState: Bool = true,
        seed: UInt64
    ) {
        self.model = model
        optimizer = Adam(parameterCount: model.parameterCount, learningRate: learningRate)
        self.clipNorm = clipNorm
        self.carriesState = carriesState
        self.seed = seed
        rng = SplitMix64(seed: seed)
    }

    /// Trains on one batch and returns its loss; the state carries on to the next batch
    /// unless the batch size changes or `resetState()` was called. When the gradient is
    /// not finite the weights are left unchanged and `gradientNorm` reports it.
    @discardableResult
    public func step(_ batch: TrainingBatch) throws(TablaMLError) -> TrainingStepResult {
        var current: RecurrentState
        if carriesState, let s = state, s.batchSize == batch.batchSize {
            current = s
        } else {
            current = model.makeState(batchSize: batch.batchSize)
        }
        let loss = try model.forwardBackward(batch, state: &current, rng: &rng)
        state = carriesState ? current : nil
        let norm = Self.globalNorm(model.gradients)
        var scale: Float = 1
        if let clip = clipNorm, norm > clip {
            scale = clip / (norm + 1e-6)
        }
        if let schedule = learningRateSchedule {
            optimizer.learningRate = schedule(stepCount)
        }
        // A non-finite gradient would poison every weight through Adam's moments; skip
        // the update and let the caller see the NaN/inf loss or norm in the result.
        if norm.isFinite {
            optimizer.update(model, gradientScale: scale)
        }
        stepCount += 1
        tokenCount += batch.batchSize * batch.steps
        lastLoss = loss
        lastShape = (batch.batchSize, batch.steps)
        return TrainingStepResult(loss: loss, gradientNorm: norm, learningRate: optimizer.learningRate)
    }

    /// Forgets the carried state, e.g. at the start of an epoch.
    public func resetState() {
        state = nil
    }

    /// A summary for checkpoint metadata; pass the wall-clock seconds if measured.
    public func summary(seconds: Double? = nil) -> TrainingSummary {
        TrainingSummary(
            steps: stepCount, tokens: tokenCount, lastLoss: lastLoss,
            learningRate: optimizer.learningRate, clipNorm: clipNorm,
            batchSize: lastShape.batchSize, sequenceLength: lastShape.steps, seed: seed,
            seconds: seconds)
    }

    static func globalNorm(_ buffer: FloatBuffer) -> Float {
        // Accumulate in double: a million squared gradients in float lose digits.
        var sum: Double = 0
        let p = buffer.pointer
        var partial: Float = 0
        for i in 0..<buffer.count {
            partial += p[i] * p[i]
            if i & 1023 == 1023 {
                sum += Double(partial)
                partial = 0
            }
        }
        sum += Double(partial)
        return Float(sum.squareRoot())
    }
}
