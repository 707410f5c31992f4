import Foundation

/// Finding `.bol` files: the one folder walk behind `tabla check` and the training corpus.
public enum BolFiles {
    /// The paths of the `.bol` files under `folder`, relative to it, sorted; a folder given
    /// through a symbolic link is searched like the folder itself.
    public static func relativePaths(under folder: URL) -> [String] {
        let base = folder.resolvingSymlinksInPath().standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension == "bol" {
            let path = url.standardizedFileURL.path
            found.append(path.hasPrefix(base.path + "/") ? String(path.dropFirst(base.path.count + 1)) : url.lastPathComponent)
        }
        return found.sorted()
    }
}
