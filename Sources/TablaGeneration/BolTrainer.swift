import Foundation
import TablaML
import TablaNotation

/// Hyperparameters of `tabla train`.
public struct TrainingOptions: Sendable, Codable, Equatable {
    public var embedding = 24
    public var hidden = 96
    public var layers = 2
    public var dropout: Float = 0.3
    /// Weight tying: the output layer is the embedding transposed (the embedding then has
    /// the hidden size and `embedding` is not used). Off by default: it predicts better
    /// but generates further from the corpus (docs/MODEL.md, "Choosing the LSTM's defaults").
    public var tied = false
    /// Share of token types whose embedding is dropped for a whole batch (training only).
    public var embeddingDropout: Float = 0
    /// One dropout mask per stream for all steps of a batch, not one per step.
    public var variationalDropout = false
    public var learningRate: Float = 3e-3
    public var batchSize = 16
    public var steps = 48
    public var epochs = 200
    /// Stop after this many epochs without a better validation loss.
    public var patience = 20
    public var clipNorm: Float = 5
    public var seed: UInt64 = 1
    /// Share of compositions held out for early stopping; 0 trains all `epochs` epochs
    /// and keeps the last.
    public var validationShare = 0.15
    /// Share of compositions never seen in training, for `tabla eval`; 0 holds none out.
    public var testShare = 0.15

    /// The defaults.
    public init() {}
}

/// One epoch's figures, reported as training goes.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var validationAccuracy: Double
    public var tokensPerSecond: Double
    public var seconds: Double
    /// Whether this epoch's weights were kept as the best so far.
    public var improved: Bool
}

/// Trains a ``BolModel`` on a corpus with early stopping on validation loss.
public final class BolTrainer {
    /// The corpus.
    public let corpus: Corpus
    /// Hyperparameters.
    public let options: TrainingOptions
    /// Compositions by role.
    public private(set) var train: [Corpus.Entry] = []
    public private(set) var validation: [Corpus.Entry] = []
    public private(set) var test: [Corpus.Entry] = []

    /// Splits the corpus by composition with the seed.
    public init(corpus: Corpus, options: TrainingOptions) throws(CorpusError) {
        self.corpus = corpus
        self.options = options
        var rng = SplitMix64(seed: options.seed ^ 0x5EED_5917)
        var shuffled = corpus.entries
        shuffled.shuffle(using: &rng)
        let n = shuffled.count
        let testing = options.testShare > 0, validating = options.validationShare > 0
        guard n >= 1 + (testing ? 1 : 0) + (validating ? 1 : 0) else { throw .tooFewCompositions(found: n) }
        // At least one composition in each part asked for, whatever the shares.
        let testCount = testing ? min(n - 1 - (validating ? 1 : 0), max(1, Int((Double(n) * options.testShare).rounded()))) : 0
        let validationCount = validating
            ? min(n - 1 - testCount, max(1, Int((Double(n) * options.validationShare).rounded()))) : 0
        test = Array(shuffled[0..<testCount])
        validation = Array(shuffled[testCount..<(testCount + validationCount)])
        train = Array(shuffled[(testCount + validationCount)...])
    }

    /// Uses a split made elsewhere (a cross-validation fold).
    public init(corpus: Corpus, options: TrainingOptions, train: [Corpus.Entry], validation: [Corpus.Entry],
                test: [Corpus.Entry]) {
        self.corpus = corpus
        self.options = options
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Tokens, input-aligned features (row j describes the slot of token j+1, the one
    /// being predicted) and target masks of compositions put one after another.
    static func trainingArrays(_ entries: [Corpus.Entry]) -> (tokens: [Int32], features: [Float], mask: [Float]) {
        var stream = TokenStream()
        for e in entries { stream.append(e.stream) }
        let f = SlotFeatures.count
        var features = [Float](repeating: 0, count: stream.count * f)
        for j in 0..<(stream.count - 1) { SlotFeatures.write(stream.slots[j + 1], into: &features, at: j * f) }
        let mask = stream.tokens.map { $0 == TokenVocabulary.boundary ? Float(0) : 1 }
        return (stream.tokens, features, mask)
    }

    /// Trains, saving the best model to `output` each time validation improves, on
    /// `threads` threads: two run the engine's own thread pair (`LSTMModel.usesThreadPair`,
    /// measured fastest on two cores), any other count is BLAS's threads sharing each product.
    public func run(command: String, output: URL, threads: Int = 2,
                    progress: (EpochReport) -> Void) throws -> (BolModel, [EpochReport]) {
        BLAS.setThreadCount(threads)
        let o = options
        let config = LSTMConfig(vocabularySize: TokenVocabulary.standard.count, embeddingSize: o.tied ? o.hidden : o.embedding,
                                hiddenSize: o.hidden, layerCount: o.layers, dropout: o.dropout, featureCount: SlotFeatures.count,
                                tiedEmbedding: o.tied, embeddingDropout: o.embeddingDropout,
                                variationalDropout: o.variationalDropout)
        var initRNG = SplitMix64(seed: o.seed)
        let network = try LSTMModel(config: config, rng: &initRNG)
        network.usesThreadPair = threads == 2
        let trainer = Trainer(model: network, learningRate: o.learningRate, clipNorm: o.clipNorm, carriesState: true, seed: o.seed)
        var shuffleRNG = SplitMix64(seed: o.seed &+ 1)
        let trainTokens = train.reduce(0) { $0 + $1.stream.count }
        // Each stream must hold a whole batch after the epoch's random phase offset
        // (up to steps - 1 tokens), so every epoch trains on at least one batch.
        guard trainTokens - 1 >= 2 * o.steps else {
            throw CorpusError.tooFewTokens(compositions: train.count, tokens: trainTokens, steps: o.steps)
        }
        let batchSize = max(1, min(o.batchSize, (trainTokens - 1) / (2 * o.steps)))
        var corpusFiles = train.map { ModelInfo.CorpusFile(path: $0.path, hash: $0.hash, role: .train) }
        corpusFiles += validation.map { ModelInfo.CorpusFile(path: $0.path, hash: $0.hash, role: .validation) }
        corpusFiles += test.map { ModelInfo.CorpusFile(path: $0.path, hash: $0.hash, role: .test) }

        var reports: [EpochReport] = []
        var best = Double.infinity
        var sinceBest = 0
        for epoch in 1...max(1, o.epochs) {
            let start = Date()
            var order = train
            order.shuffle(using: &shuffleRNG)
            let arrays = Self.trainingArrays(order)
            let batcher = try SequenceBatcher(tokens: arrays.tokens, features: arrays.features, featureCount: SlotFeatures.count,
                                              mask: arrays.mask, batchSize: batchSize, steps: o.steps)
            let offset = batcher.randomOffset(using: &shuffleRNG)
            trainer.resetState()
            var lossSum = 0.0
            var batches = 0
            for i in 0..<batcher.batchCount(offset: offset) {
                lossSum += Double(try trainer.step(batcher.batch(i, offset: offset)).loss)
                batches += 1
            }
            let trainSeconds = Date().timeIntervalSince(start)
            // Without validation compositions every epoch is kept, so the file ends with the last.
            let score = validation.isEmpty
                ? Evaluation.Score(crossEntropy: .nan, accuracy: .nan, count: 0)
                : try Evaluation.score(network: network, entries: validation)
            let trainLoss = lossSum / Double(max(1, batches))
            // Without validation compositions an epoch is kept when its training loss is
            // finite (a diverged epoch is not), so the run's last good epoch is the file.
            let improved = validation.isEmpty ? trainLoss.isFinite : score.crossEntropy < best
            let report = EpochReport(epoch: epoch, trainLoss: trainLoss,
                                     validationLoss: score.crossEntropy, validationAccuracy: score.accuracy,
                                     tokensPerSecond: Double(batches * batchSize * o.steps) / max(trainSeconds, 1e-9),
                                     seconds: Date().timeIntervalSince(start), improved: improved)
            reports.append(report)
            if improved {
                best = validation.isEmpty ? trainLoss : score.crossEntropy
                sinceBest = 0
                var info = ModelInfo(vocabulary: TokenVocabulary.standard.names, features: SlotFeatures.names, corpus: corpusFiles,
                                     command: command, seed: o.seed, bestEpoch: epoch,
                                     validationLoss: validation.isEmpty ? 0 : score.crossEntropy,
                                     validationAccuracy: validation.isEmpty ? 0 : score.accuracy, trainingTokens: arrays.tokens.count)
                if !validation.isEmpty {
                    // The mixture's exponent is chosen on the same compositions as the epoch.
                    let trace = try PredictionTrace.make(network: network, entries: validation)
                    info.mixtureExponent = trace.bestExponent(longTerm: trace.lstm, shortTerm: trace.shortTermOverLSTM).exponent
                }
                try BolModel(network: network, info: info).save(to: output, training: trainer.summary())
            } else {
                sinceBest += 1
            }
            progress(report)
            if sinceBest >= o.patience { break }
        }
        // Without a finite validation loss (or, with no validation compositions, a finite
        // training loss) nothing was saved: the file at `output`, if any, is an older
        // model, which must not be reported as this run's.
        guard best.isFinite else { throw TrainingError.diverged(path: output.path, epochs: reports.count) }
        // The network trained on past the best epoch; the file holds the best weights.
        return (try BolModel.load(from: output), reports)
    }
}
