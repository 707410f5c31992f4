import TablaNotation

/// Something an import could not carry over, or a reason a composition was not imported,
/// printed as `file:line:column: severity: message`.
///
/// Errors mean the composition they belong to was not imported; warnings mean it was
/// imported with something lost or inferred (a start matra, a dropped header key).
public struct ImportDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious it is: `.error` (composition not imported), `.warning` (imported,
    /// with a loss or a guess worth checking), `.note` (context).
    public var severity: Diagnostic.Severity
    /// The input file, as given.
    public var file: String
    /// Where in the input file, when the problem has a place.
    public var location: SourceLocation?
    /// What happened, quoting the input and saying what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Diagnostic.Severity, file: String, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file:line:column: severity: message`, or `file: severity: message` without a place.
    public var description: String {
        let place = location.map { "\(file):\($0.line):\($0.column)" } ?? file
        return "\(place): \(severity.rawValue): \(message)"
    }
}

/// Collects diagnostics for one input file.
struct Reporter {
    let file: String
    var diagnostics: [ImportDiagnostic] = []

    mutating func error(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(ImportDiagnostic(.error, file: file, at: location, message))
    }

    mutating func warning(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(ImportDiagnostic(.warning, file: file, at: location, message))
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}
