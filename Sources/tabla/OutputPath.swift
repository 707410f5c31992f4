#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// Checks an output path before any work, so a long render or training run does not end
/// in a raw Foundation error about a hidden temporary file: one sentence naming the
/// user's path (`-o ""`, a folder, a FIFO or device, a missing or unwritable folder).
func checkOutputPath(_ path: String, flag: String) throws {
    guard !path.isEmpty else { throw ValidationError("\(flag) needs a file name") }
    guard !path.hasSuffix("/") else { throw ValidationError("\(flag) \(path) names a folder; give a file name") }
    var status = stat()
    if lstat(path, &status) == 0 {
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw ValidationError("\(flag) \(path) is a folder; give a file name")
        case S_IFREG: break
        case S_IFLNK:
            guard stat(path, &status) == 0 else { throw ValidationError("\(flag) \(path) is a symbolic link that leads nowhere (or in a loop)") }
            guard status.st_mode & S_IFMT == S_IFREG else { throw ValidationError("\(flag) \(path) does not lead to a regular file") }
        default:
            throw ValidationError("\(flag) \(path) is not a regular file (a FIFO, device or socket); tabla writes files by renaming a "
                                  + "finished one over the old, which would replace it")
        }
    }
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    var folderStatus = stat()
    guard stat(folder, &folderStatus) == 0, folderStatus.st_mode & S_IFMT == S_IFDIR else {
        throw ValidationError("\(flag) \(path): the folder \(folder) does not exist")
    }
    // Writing means creating a temporary beside the file, so the folder must be writable.
    guard access(folder, W_OK) == 0 else {
        throw ValidationError("\(flag) \(path): cannot write in the folder \(folder) (\(String(cString: strerror(errno))))")
    }
}
