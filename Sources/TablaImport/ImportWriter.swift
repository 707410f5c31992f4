import Foundation

/// File names derived from titles, safe on every file system and in every shell.
public enum FileNames {
    /// The longest stem written, in characters.
    public static let maxLength = 60

    /// `Dilli Quayda 1` -> `dilli-quayda-1`: lowercase ASCII letters and digits, words
    /// joined by `-`, accents folded, at most ``maxLength`` characters; `fallback` (slugged
    /// the same way) when nothing is left, then `composition`.
    public static func slug(_ title: String, fallback: String = "") -> String {
        for candidate in [title, fallback] {
            let folded = candidate.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            var out = ""
            var dash = false
            for scalar in folded.unicodeScalars {
                // qa'ida -> qaida: an apostrophe joins, it does not separate.
                if scalar == "'" || scalar == "\u{2019}" { continue }
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    if dash, !out.isEmpty { out += "-" }
                    dash = false
                    out.unicodeScalars.append(scalar)
                } else {
                    dash = true
                }
                if out.count > maxLength { break }
            }
            // Cut at the last whole word that fits.
            if out.count > maxLength {
                out = String(out.prefix(maxLength))
                if let dash = out.lastIndex(of: "-") { out = String(out[..<dash]) }
            }
            while out.hasSuffix("-") { out.removeLast() }
            if !out.isEmpty { return out.lowercased() }
        }
        return "composition"
    }
}

/// Why a file could not be written.
public struct ImportWriteError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public var path: String
    /// What went wrong and what to do.
    public var message: String
    /// `path: error: message`.
    public var description: String { "\(path): error: \(message)" }
}

/// Writes imported compositions into a folder: names made unique, existing files
/// refused unless overwriting is asked for, each file written atomically and read back.
public struct ImportWriter: Sendable {
    /// The output folder (created if missing).
    public var directory: String
    /// Whether existing files may be replaced (`--force`).
    public var overwrite: Bool

    /// Creates a writer.
    public init(directory: String, overwrite: Bool = false) {
        self.directory = directory
        self.overwrite = overwrite
    }

    /// The path for each composition, in order: `DIR/stem.bol`, with `-2`, `-3`... for
    /// stems already taken earlier in the list.
    public func paths(for compositions: [ImportedComposition]) -> [String] {
        var taken: Set<String> = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return compositions.map { c in
            var stem = c.baseName
            var n = 2
            while taken.contains(stem) { stem = "\(c.baseName)-\(n)"; n += 1 }
            taken.insert(stem)
            return (base.isEmpty ? "." : base) + "/" + stem + ".bol"
        }
    }

    /// The paths among `paths` that exist already.
    public func existing(_ paths: [String]) -> [String] {
        paths.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Creates the output folder if it is missing.
    public func prepareDirectory() throws(ImportWriteError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ImportWriteError(path: directory, message: "exists and is not a folder; give a folder to -o")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ImportWriteError(path: directory, message: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// Writes `text` to `path` atomically (a temporary file in the same folder, then a
    /// rename), refusing to replace an existing file unless ``overwrite``, and reads the
    /// file back to confirm it holds exactly `text`.
    public func write(_ text: String, to path: String) throws(ImportWriteError) {
        let data = Data(text.utf8)
        let url = URL(fileURLWithPath: path)
        do {
            if overwrite {
                try data.write(to: url, options: .atomic)
            } else {
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw ImportWriteError(path: path, message: "exists already; not overwritten (use --force to replace it)")
                }
                // The move fails if the file appeared meanwhile, so nothing is replaced.
                let temporary = url.deletingLastPathComponent()
                    .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
                try data.write(to: temporary, options: .atomic)
                do {
                    try FileManager.default.moveItem(at: temporary, to: url)
                } catch {
                    try? FileManager.default.removeItem(at: temporary)
                    throw error
                }
            }
        } catch let error as ImportWriteError {
            throw error
        } catch {
            throw ImportWriteError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        guard let back = FileManager.default.contents(atPath: path), back == data else {
            throw ImportWriteError(path: path, message: "written, but reading it back gave different contents; the disk may be full")
        }
    }
}
