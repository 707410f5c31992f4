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
    /// Files skipped for their errors, with their diagnostics formatted for the user.
    public var rejected: [(path: String, diagnostics: [String])]

    /// Reads every `.bol` file under `folder`; a file with errors is reported and skipped.
    public init(folder: URL, parser: NotationParser = NotationParser()) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(folder.path)
        }
        var paths: [String] = []
        // A folder given through a symbolic link is searched like the folder itself.
        let root = folder.resolvingSymlinksInPath().standardizedFileURL
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "bol" {
                paths.append(String(url.resolvingSymlinksInPath().standardizedFileURL.path.dropFirst(root.path.count + 1)))
            }
        }
        entries = []
        rejected = []
        for path in paths.sorted() {
            let url = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                rejected.append((path, ["\(url.path): error: cannot read the file"]))
                continue
            }
            let bytes = Array(data)
            let (composition, diagnostics) = parser.check(bytes: bytes)
            let errors = diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                rejected.append((path, errors.map { $0.formatted(file: url.path) }))
                continue
            }
            entries.append(Entry(path: path, hash: fnvHex(bytes), composition: composition, stream: TokenStream(composition)))
        }
    }

    /// Total tokens.
    public var tokenCount: Int { entries.reduce(0) { $0 + $1.stream.count } }
}

/// Why a corpus could not be read.
public enum CorpusError: Error, CustomStringConvertible, Sendable {
    case notAFolder(String)
    case empty(String)
    case tooSmall(String)

    public var description: String {
        switch self {
        case .notAFolder(let p): "\(p): error: not a folder of .bol files"
        case .empty(let p): "\(p): error: no valid .bol compositions found"
        case .tooSmall(let m): "error: \(m)"
        }
    }
}
