#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Synchronization
import TablaSupport

/// Writes to standard output and standard error that are checked, never trapping:
/// `tabla print c.bol > /dev/full` must exit non-zero, and `tabla check c.bol 2> /dev/full`
/// must not die of a trap in FileHandle.
enum StandardStreams {
    /// Set once a write to standard error has failed; the process then exits 1
    /// (there is nowhere left to say why).
    nonisolated(unsafe) static var standardErrorFailed = false

    /// What a long-running command says if it is interrupted (`train`: which epoch the
    /// model file holds), printed after the temporaries are removed.
    static let interruptNote = Mutex<String?>(nil)

    /// Removes temporaries and prints ``interruptNote`` on SIGINT or SIGTERM.
    static func handleInterrupts() {
        AtomicFile.cleanUpOnInterrupt { _ in
            if let note = interruptNote.withLock({ $0 }) { writeError("\n" + note + "\n") }
        }
    }

    /// Writes `text` to standard error, all of it or nothing more once a write fails.
    static func writeError(_ text: String) {
        guard !standardErrorFailed else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { standardErrorFailed = true; return }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Flushes standard output (which `print` buffers) and returns why it could not be
    /// written, or nil when everything printed reached it.
    static func flushOutput() -> String? {
        let flushed = fflush(stdout) == 0
        let reason = flushed ? nil : String(cString: strerror(errno))
        if !flushed || ferror(stdout) != 0 { return reason ?? "a write failed" }
        return nil
    }

    /// Ends the process with `code`, made 1 when any output could not be written: the
    /// reason for standard output is the one line printed to standard error.
    static func exit(_ code: Int32) -> Never {
        var code = code
        if let reason = flushOutput() {
            writeError("error: cannot write to standard output: \(reason)\n")
            if code == 0 { code = 1 }
        }
        if standardErrorFailed && code == 0 { code = 1 }
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }
}
