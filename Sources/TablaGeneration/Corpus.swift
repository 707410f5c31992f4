import Foundation
import TablaNotation

/// The compositions of a corpus folder, read and checked.
public struct Corpus: Sendable {
    /// One checked composition.
    public struct Entry: Sendable {
        /// Path relative to the corpus folder.
        public var path: String
        /// FNV-1a 64 of the file, hex.
        public var hash: String
        /// The composition.
        public var composition: Composition
        /// Its token stream.
        public var stream: TokenStream
    }

    /// Compositions without errors, in path order.
    public var entries: [Entry]
    /// Files skipped, with their errors; no diagnostics means the file could not be read.
    public var rejected: [(path: String, diagnostics: [Diagnostic])]

    /// Reads every `.bol` file under `folder`; a file with errors is reported and skipped.
    public init(folder: URL, parser: NotationParser = NotationParser()) throws(CorpusError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(path: folder.path)
        }
        let root = folder.resolvingSymlinksInPath().standardizedFileURL
        entries = []
        rejected = []
        for path in BolFiles.relativePaths(under: folder) {
            let url = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                rejected.append((path, []))
                continue
            }
            let bytes = Array(data)
            let (composition, diagnostics) = parser.check(bytes: bytes)
            let errors = diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                rejected.append((path, errors))
                continue
            }
            entries.append(Entry(path: path, hash: FNV1a64.hex(bytes), composition: composition, stream: TokenStream(composition)))
        }
    }

    /// Total tokens.
    public var tokenCount: Int { entries.reduce(0) { $0 + $1.stream.count } }
}

/// Why a corpus could not be read, split or scored.
public enum CorpusError: ReportableError, Equatable, Sendable {
    /// The path is not a folder.
    case notAFolder(path: String)
    /// The folder holds no composition without errors.
    case empty(path: String)
    /// Fewer than 3 compositions: nothing to split into train, validation and test.
    case tooFewCompositions(found: Int)
    /// The training compositions hold too few tokens for one batch of `steps` steps.
    case tooFewTokens(compositions: Int, tokens: Int, steps: Int)
    /// Every composition was trained or early-stopped on: nothing is held out to score.
    case nothingHeldOut
    /// None of the model's training compositions is in the corpus, so no baseline can be trained.
    case noTrainingCompositions

    /// The corpus folder, if the error is about it.
    public var file: String? {
        switch self {
        case .notAFolder(let path), .empty(let path): path
        default: nil
        }
    }

    /// What is wrong and what to do.
    public var message: String {
        switch self {
        case .notAFolder: "not a folder of .bol files"
        case .empty: "no valid .bol compositions found"
        case .tooFewCompositions(let n):
            "a corpus needs at least 3 compositions to split into train, validation and test; found \(n)"
        case .tooFewTokens(let compositions, let tokens, let steps):
            "the \(compositions) training compositions hold \(tokens) tokens, too few for batches of \(steps) steps; "
                + "lower --steps or add compositions"
        case .nothingHeldOut:
            "every composition in the corpus was used in training or early stopping; nothing is held out"
        case .noTrainingCompositions:
            "none of the model's training compositions is in this corpus, so the baselines can't be trained on the same data"
        }
    }
}
