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
    var summary = ImportSummary()

    /// Reports an unknown syllable and counts it for the summary.
    mutating func unknownSyllable(_ syllable: String, at location: SourceLocation?, _ message: String) {
        error(location, message)
        summary.unknownSyllables[syllable.uppercased(), default: 0] += 1
    }

    mutating func error(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(ImportDiagnostic(.error, file: file, at: location, message))
    }

    mutating func warning(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(ImportDiagnostic(.warning, file: file, at: location, message))
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}

/// What an import run could not carry over, counted by kind, for the closing summary.
public struct ImportSummary: Hashable, Sendable {
    /// Unknown syllables (upper case) and how often each occurred.
    public var unknownSyllables: [String: Int] = [:]
    /// Bol Processor items left out for polymetric structures or copies.
    public var polymetricItems = 0
    /// Sections whose start matra was inferred because they are not whole cycles.
    public var inferredStarts = 0

    /// An empty summary.
    public init() {}

    /// Adds another file's counts.
    public mutating func add(_ other: ImportSummary) {
        unknownSyllables.merge(other.unknownSyllables, uniquingKeysWith: +)
        polymetricItems += other.polymetricItems
        inferredStarts += other.inferredStarts
    }

    /// One line per kind of loss, most frequent syllables first; empty when nothing was lost.
    ///
    /// ```text
    /// unknown syllables: DA (3), DING (1); give each a bol with --map SYLLABLE=BOL
    /// ```
    public var lines: [String] {
        var out: [String] = []
        if !unknownSyllables.isEmpty {
            let list = unknownSyllables.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) (\($0.value))" }
            out.append("unknown syllables: \(list.joined(separator: ", ")); give each a bol with --map SYLLABLE=BOL")
        }
        if polymetricItems > 0 {
            out.append("\(polymetricItems) Bol Processor item\(polymetricItems == 1 ? "" : "s") with polymetric structures or copies not imported")
        }
        if inferredStarts > 0 {
            out.append("\(inferredStarts) section\(inferredStarts == 1 ? "" : "s") not of whole cycles: start matra inferred, check 'start:'")
        }
        return out
    }
}
