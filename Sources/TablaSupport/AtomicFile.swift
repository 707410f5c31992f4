#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Writing a file so that readers see the old file or the whole new one, never half:
/// everything goes to a temporary file in the same folder, renamed over the target only
/// once it is complete. On failure the temporary is removed and the old file is untouched.
///
/// ```swift
/// try AtomicFile.write(Data(text.utf8), to: url) { reason in MyError.cannotWrite(path, reason) }
/// ```
public enum AtomicFile {
    /// Lets `body` write the temporary file at the path it is given, then renames it over
    /// `url`. `failure` turns the reason it could not be written into the caller's error type.
    public static func write<E: Error>(to url: URL, failure: (_ reason: String) -> E,
                                       _ body: (_ temporary: URL) throws(E) -> Void) throws(E) {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw failure("the folder \(directory.path) does not exist")
        }
        // Process id and a random suffix: two writers of the same file never share a temporary.
        var rng = SystemRandomNumberGenerator()
        let suffix = String(rng.next() & 0xFFFF_FFFF, radix: 16)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(suffix).tmp")
        pending.withLock { _ = $0.insert(temporary.path) }
        defer { pending.withLock { _ = $0.remove(temporary.path) } }
        do throws(E) {
            try body(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw failure(String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// Temporaries being written now: removed if the process is interrupted.
    static let pending = Mutex<Set<String>>([])

    /// Removes every temporary still being written (on the way out of an interrupted
    /// process); returns how many there were.
    @discardableResult
    public static func removePendingTemporaries() -> Int {
        pending.withLock { paths in
            for path in paths { unlink(path) }
            defer { paths.removeAll() }
            return paths.count
        }
    }

    /// On SIGINT or SIGTERM: removes the temporaries being written, calls `note` (which
    /// may print what was kept), then ends the process with 128 + the signal number, as
    /// a shell expects. The work runs on a dispatch queue, not in the signal handler,
    /// so it may take locks and allocate.
    public static func cleanUpOnInterrupt(note: @escaping @Sendable (_ signal: Int32) -> Void = { _ in }) {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                removePendingTemporaries()
                note(signal)
                exit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Keeps the signal sources alive for the life of the process (set up once, from
    /// the main thread, before any work starts).
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Writes `data` to `url` atomically.
    public static func write<E: Error>(_ data: Data, to url: URL, failure: (_ reason: String) -> E) throws(E) {
        try write(to: url, failure: failure) { (temporary) throws(E) in
            do { try data.write(to: temporary) } catch { throw failure(error.localizedDescription) }
        }
    }
}
