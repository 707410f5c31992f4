/// An error a user reads: what went wrong and, when it is about a file, which one.
///
/// Library errors say only that; the command line puts them in the one format it prints
/// every error in, `file: error: message` (or `error: message`), so no message carries
/// its own `error:` prefix and none is printed twice.
public protocol ReportableError: Error, CustomStringConvertible {
    /// The file, folder or option the error is about, as the user gave it; nil if none.
    var file: String? { get }
    /// What is wrong and, where one exists, what to do; no file name, no `error:` prefix.
    var message: String { get }
}

extension ReportableError {
    /// `file: message`, or the message alone.
    public var description: String { file.map { "\($0): \(message)" } ?? message }

    /// The line the command line prints: `file: error: message` or `error: message`.
    public var report: String { file.map { "\($0): error: \(message)" } ?? "error: \(message)" }
}
