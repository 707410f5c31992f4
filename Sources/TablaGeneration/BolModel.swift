import Foundation
import TablaML
import TablaNotation

/// What a composition of the corpus was used for in training; stored in the model by name.
public enum CorpusRole: String, Codable, Sendable, CaseIterable {
    /// Trained on.
    case train
    /// Early stopping: scored after each epoch, never trained on.
    case validation
    /// Held out: never seen in training.
    case test
}

/// What tabla records about a bol model beside the engine's own metadata.
public struct ModelInfo: Codable, Sendable, Equatable {
    /// One composition of the corpus the model was trained with.
    public struct CorpusFile: Codable, Sendable, Equatable {
        /// Path relative to the corpus folder.
        public var path: String
        /// FNV-1a 64 of the file's bytes, hex: recognises the file wherever it is.
        public var hash: String
        /// What the composition was used for.
        public var role: CorpusRole
    }
    /// Tokens by id.
    public var vocabulary: [String]
    /// Per-step feature names.
    public var features: [String]
    /// The corpus split.
    public var corpus: [CorpusFile]
    /// The `tabla train` command line that made the model.
    public var command: String
    /// Seed of the split, initialisation, dropout and shuffling.
    public var seed: UInt64
    /// Epoch whose weights were kept (lowest validation loss).
    public var bestEpoch: Int
    /// Validation cross-entropy (nats per bol) at the best epoch; 0 without validation compositions.
    public var validationLoss: Double
    /// Validation next-bol accuracy at the best epoch.
    public var validationAccuracy: Double
    /// Training tokens per epoch.
    public var trainingTokens: Int
    /// The entropy-weighting exponent of the LSTM + short-term mixture, chosen on the
    /// validation compositions; nil in models trained before the mixture (they use
    /// ``EntropyMixture/defaultExponent``).
    public var mixtureExponent: Double? = nil
}

/// Why a model could not be used.
public enum ModelError: ReportableError, Sendable {
    /// The engine rejected the checkpoint (truncated, corrupted, wrong version...).
    case checkpoint(TablaMLError)
    /// The model's tabla metadata could not be encoded for saving.
    case metadata(reason: String)
    /// The checkpoint was not written by `tabla train`, or for another vocabulary.
    case mismatch(path: String, reason: String)
    /// No model was given and none ships with this build.
    case noDefaultModel
    /// A file beside the model (its loss curves) could not be written.
    case cannotWrite(path: String, reason: String)

    /// The model file concerned, if any.
    public var file: String? {
        switch self {
        case .checkpoint(let e): e.file
        case .mismatch(let path, _), .cannotWrite(let path, _): path
        case .metadata, .noDefaultModel: nil
        }
    }

    /// What is wrong and what to do.
    public var message: String {
        switch self {
        case .checkpoint(let e): e.message
        case .metadata(let reason): "cannot encode the model metadata: \(reason)"
        case .mismatch(_, let reason): "not a tabla bol model for this build: \(reason)"
        case .cannotWrite(_, let reason): "cannot write: \(reason)"
        case .noDefaultModel: "no model given and none ships with this build; train one with `tabla train --corpus Compositions -o MODEL`"
        }
    }
}

/// A trained bol LSTM with the vocabulary and features it was trained with.
public final class BolModel {
    /// The network.
    public let network: LSTMModel
    /// The tabla metadata.
    public let info: ModelInfo

    /// Wraps a network and its metadata.
    public init(network: LSTMModel, info: ModelInfo) {
        self.network = network
        self.info = info
    }

    /// The vocabulary of the model.
    public var vocabulary: TokenVocabulary { TokenVocabulary(names: info.vocabulary) }

    /// Loads and checks a model file.
    public static func load(from url: URL) throws(ModelError) -> BolModel {
        // A loaded model runs one stream at a time, where BLAS threads only add overhead.
        BLAS.setThreadCount(1)
        let checkpoint: Checkpoint
        do { checkpoint = try LSTMModel.load(from: url) } catch { throw .checkpoint(error) }
        let info: ModelInfo?
        do { info = try checkpoint.metadata.user(as: ModelInfo.self) } catch {
            throw .mismatch(path: url.path, reason: "its tabla metadata does not decode (\(error))")
        }
        guard let info else { throw .mismatch(path: url.path, reason: "it carries no tabla metadata") }
        guard info.vocabulary == TokenVocabulary.standard.names else {
            throw .mismatch(path: url.path, reason: "its bol vocabulary differs from this build's; retrain it")
        }
        guard info.features == SlotFeatures.names, checkpoint.model.config.featureCount == SlotFeatures.count else {
            throw .mismatch(path: url.path, reason: "its taal features differ from this build's; retrain it")
        }
        return BolModel(network: checkpoint.model, info: info)
    }

    /// Saves atomically (temporary file and rename).
    public func save(to url: URL, training: TrainingSummary? = nil) throws(ModelError) {
        let user: JSONValue
        do { user = try JSONValue(encoding: info) } catch { throw .metadata(reason: "\(error)") }
        // Checked before the old file is touched: metadata that would not load back
        // (once, a seed past 2^53) must never replace a good model.
        do { _ = try user.decode(as: ModelInfo.self) } catch { throw .metadata(reason: "it would not load back (\(error))") }
        let metadata = CheckpointMetadata(model: network, vocabulary: info.vocabulary, featureNames: info.features,
                                          training: training, user: user)
        do { try network.save(to: url, metadata: metadata) } catch { throw .checkpoint(error) }
    }

    /// The model that ships inside the package, trained by `tabla train` on Compositions/.
    ///
    /// SwiftPM's `Bundle.module` stops the process when the resource bundle is missing
    /// (a binary copied away from it); so it is asked only when the bundle is beside the
    /// executable (a build folder, or an install by `make install`), and otherwise the
    /// answer is nil, which callers report as ``ModelError/noDefaultModel``.
    public static var bundledURL: URL? {
        let name = "tabla_TablaGeneration.resources"
        let beside = Bundle.main.bundleURL.appendingPathComponent(name).path
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let besideExecutable = executable.deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: beside) || FileManager.default.fileExists(atPath: besideExecutable) else {
            return nil
        }
        return Bundle.module.url(forResource: "default", withExtension: "tablamodel", subdirectory: "Resources")
    }

    /// Loads `url`, or the bundled model when nil.
    public static func load(_ url: URL?) throws(ModelError) -> BolModel {
        guard let url = url ?? bundledURL else { throw .noDefaultModel }
        return try load(from: url)
    }
}

