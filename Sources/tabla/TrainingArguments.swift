import ArgumentParser
import TablaGeneration
import TablaML

/// The training hyperparameters as options, parsed straight into ``TrainingOptions``
/// (whose defaults they show), for `tabla train`.
struct TrainingArguments: ParsableArguments {
    @Option(help: "Embedding size of an untied model (--no-tied; a tied one's is the --hidden size).")
    var embedding = TrainingOptions().embedding
    @Option(help: "LSTM units per layer.") var hidden = TrainingOptions().hidden
    @Option(help: "LSTM layers.") var layers = TrainingOptions().layers
    @Option(help: "Dropout between layers.") var dropout = TrainingOptions().dropout
    @Flag(inversion: .prefixedNo, help: "Tie the output layer to the embedding (weight tying; the embedding takes the --hidden size).")
    var tied = TrainingOptions().tied
    @Option(help: "Share of bol types whose embedding is dropped for a whole batch.")
    var embeddingDropout = TrainingOptions().embeddingDropout
    @Flag(help: "One dropout mask per stream for all steps of a batch (variational dropout).")
    var variationalDropout = TrainingOptions().variationalDropout
    @Option(name: .customLong("lr"), help: "Adam learning rate.") var learningRate = TrainingOptions().learningRate
    @Option(help: "Parallel streams per batch.") var batchSize = TrainingOptions().batchSize
    @Option(help: "Steps of truncated backpropagation.") var steps = TrainingOptions().steps
    @Option(help: "Most epochs.") var epochs = TrainingOptions().epochs
    @Option(help: "Stop after this many epochs without a better validation loss.") var patience = TrainingOptions().patience
    @Option(help: "Share of compositions for validation (0: train all --epochs, keep the last).") var validation = TrainingOptions().validationShare
    @Option(help: "Share of compositions held out for testing (0: none).") var test = TrainingOptions().testShare
    @Option(help: "Seed for the split, initialisation, dropout and shuffling.") var seed: UInt64 = TrainingOptions().seed

    func validate() throws {
        guard embedding > 0, hidden > 0, layers > 0, batchSize > 0, steps > 0, epochs > 0, patience > 0 else {
            throw ValidationError("sizes, epochs and patience must be positive")
        }
        guard (0..<1).contains(dropout) else { throw ValidationError("--dropout must be in [0, 1)") }
        guard (0..<1).contains(embeddingDropout) else { throw ValidationError("--embedding-dropout must be in [0, 1)") }
        for (flag, value, limit) in [("--embedding", embedding, LSTMConfig.Limits.embedding), ("--hidden", hidden, LSTMConfig.Limits.hidden),
                                     ("--layers", layers, LSTMConfig.Limits.layers), ("--batch-size", batchSize, 4096),
                                     ("--steps", steps, 4096), ("--epochs", epochs, 100_000), ("--patience", patience, 100_000)]
        where value > limit {
            throw ValidationError("\(flag) \(value) is more than the largest supported, \(limit)")
        }
        guard learningRate.isFinite, learningRate > 0, learningRate <= 1 else {
            throw ValidationError("--lr \(learningRate) must be a number above 0 and at most 1 (the default is \(TrainingOptions().learningRate))")
        }
        guard validation >= 0, test >= 0, validation + test < 0.9 else {
            throw ValidationError("--validation and --test must be 0 or more and leave most of the corpus for training")
        }
    }

    /// The options as the trainer takes them.
    var options: TrainingOptions {
        var o = TrainingOptions()
        o.embedding = embedding
        o.hidden = hidden
        o.layers = layers
        o.dropout = dropout
        o.tied = tied
        o.embeddingDropout = embeddingDropout
        o.variationalDropout = variationalDropout
        o.learningRate = learningRate
        o.batchSize = batchSize
        o.steps = steps
        o.epochs = epochs
        o.patience = patience
        o.validationShare = validation
        o.testShare = test
        o.seed = seed
        return o
    }
}
