import Foundation
import TablaNotation

/// A notation format `tabla import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// CompMusic Tabla Solo score text (`##` header, `''Section''`, `!S:n` ... `!E`).
    case compmusic
    /// Tabalchi `.tabla` JSON (`mainTheme` bhari/khali, `paltas`, `tihai`).
    case tabalchi
    /// Bol Processor data items (`4+4+4+4/4 dha ti dha ge . na dha tr kt ...`).
    case bolprocessor

    /// The name a reader knows the format by, for `source:` lines.
    public var displayName: String {
        switch self {
        case .compmusic: "CompMusic Tabla Solo score"
        case .tabalchi: "Tabalchi"
        case .bolprocessor: "Bol Processor"
        }
    }
}

/// One composition read from another format, ready to write as a `.bol` file.
public struct ImportedComposition: Sendable {
    /// The composition as built from the input.
    public var composition: Composition
    /// The composition printed by ``Printer``: `.bol` text that `tabla check` accepts.
    public var text: String
    /// A file name stem safe on any file system, derived from the title: `dilli-quayda-1`.
    public var baseName: String
    /// The input file it came from, as given.
    public var file: String
    /// Warnings `tabla check` gives for `text` (line and column in `text`).
    public var checkWarnings: [Diagnostic]
}

/// What one input file gave: the compositions imported and everything worth reporting.
public struct ImportResult: Sendable {
    /// Compositions that were imported and check without errors.
    public var compositions: [ImportedComposition] = []
    /// Problems, in input order: errors for compositions not imported, warnings for losses.
    public var diagnostics: [ImportDiagnostic] = []
    /// Compositions in the input that could not be imported.
    public var failed = 0
    /// What could not be carried over, counted by kind.
    public var summary = ImportSummary()

    /// Creates an empty result.
    public init() {}
}

/// Reads other notation formats into ``Composition`` values and `.bol` text.
///
/// Each composition is built as a value, printed with ``Printer`` and read back with
/// ``NotationParser/check(_:)``: only text that checks without errors is returned.
///
/// ```swift
/// let importer = Importer()
/// let result = importer.read(.compmusic, text: score, file: "dli_1.txt")
/// for c in result.compositions { print(c.baseName, c.text) }
/// ```
public struct Importer: Sendable {
    /// Taals a source may name (`--taal-file` adds to it).
    public var catalogue: TaalCatalogue
    /// Syllable spellings of the user's own, lowercased syllable to bols: they take
    /// precedence over every built-in table.
    public var syllables: [String: [Bol]]
    /// The taal for sources that name none (a CompMusic score without TALA), or whose
    /// time signature it fits (a Bol Processor `4+4+4+4`); nil picks from the catalogue.
    public var defaultTaal: Taal?

    /// Creates an importer.
    public init(catalogue: TaalCatalogue = .standard, syllables: [String: [Bol]] = [:], defaultTaal: Taal? = nil) {
        self.catalogue = catalogue
        self.syllables = Dictionary(syllables.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.defaultTaal = defaultTaal
    }

    /// Reads the compositions in `bytes`, an input file in `format`; `file` names it in
    /// diagnostics and `source:` lines.
    public func read(_ format: ImportFormat, bytes: [UInt8], file: String) -> ImportResult {
        var reporter = Reporter(file: file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            reporter.error(nil, "the file is not valid UTF-8 text; is it a \(format.displayName) file?")
            var result = ImportResult()
            result.diagnostics = reporter.diagnostics
            result.failed = 1
            return result
        }
        return read(format, text: text, file: file)
    }

    /// Reads the compositions in `text`, an input file in `format`.
    public func read(_ format: ImportFormat, text: String, file: String) -> ImportResult {
        var reporter = Reporter(file: file)
        // Line ends and a byte order mark are the file system's business, not the format's.
        var clean = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if clean.hasPrefix("\u{FEFF}") { clean.removeFirst() }
        let drafts: [Draft?]
        switch format {
        case .compmusic: drafts = CompMusicReader(importer: self).read(clean, reporter: &reporter)
        case .tabalchi: drafts = TabalchiReader(importer: self).read(clean, reporter: &reporter)
        case .bolprocessor: drafts = BolProcessorReader(importer: self).read(clean, reporter: &reporter)
        }
        var result = ImportResult()
        for draft in drafts {
            guard let draft else { result.failed += 1; continue }
            if let done = finish(draft, reporter: &reporter) { result.compositions.append(done) } else { result.failed += 1 }
        }
        result.diagnostics = reporter.diagnostics
        result.summary = reporter.summary
        return result
    }

    /// Prints the draft and checks the text, as `tabla check` will.
    func finish(_ draft: Draft, reporter: inout Reporter) -> ImportedComposition? {
        var composition = draft.composition
        // `#` starts a comment and `[` `]` a section line in .bol: such characters in names
        // from the source would change what the text means.
        composition.title = composition.title.map { headerSafe($0, dropping: "#") }
        composition.source = composition.source.map { headerSafe($0, dropping: "#") }
        for i in composition.sections.indices {
            composition.sections[i].name = composition.sections[i].name.map { headerSafe($0, dropping: "#[]") }
                .flatMap { $0.isEmpty ? "part \(i + 1)" : $0 }
        }
        // The header's start and ends are the first section's, so a one-section file reads plainly.
        if let first = composition.sections.first {
            composition.start = first.start
            composition.ends = first.ends
        }
        let text = Printer().text(composition)
        let (_, diagnostics) = NotationParser(catalogue: catalogue).check(text)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            let lines = errors.prefix(3).map { "  <output>:\($0)" }.joined(separator: "\n")
            reporter.error(draft.location, "'\(draft.title)' was built but its .bol text does not check; not imported:\n\(lines)")
            return nil
        }
        return ImportedComposition(composition: composition, text: text, baseName: FileNames.slug(draft.title, fallback: draft.fallbackName),
                                   file: reporter.file, checkWarnings: diagnostics.filter { $0.severity == .warning })
    }

    /// Resolves a taal name from a source, reporting a failure.
    func taal(named name: String, at location: SourceLocation?, reporter: inout Reporter) -> Taal? {
        switch NotationParser(catalogue: catalogue).resolveTaal(name) {
        case .success(let taal): return taal
        case .failure(let error):
            reporter.error(location, "\(error.message); define it in a .taal file and pass --taal-file")
            return nil
        }
    }

    /// The form for a source's type name: the whole name, else its words from the last
    /// (`GAT TUKDA` is a tukda), else `other` with a warning.
    func form(_ type: String, at location: SourceLocation?, reporter: inout Reporter) -> Form {
        let spellings: [String: Form] = ["quayda": .kaida, "qayda": .kaida, "chakradhar": .chakradar, "chakkardar": .chakradar]
        let words = type.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).map(String.init)
        for candidate in [words.joined(separator: " ")] + words.reversed() {
            if let form = spellings[candidate] ?? Form(spelling: candidate) { return form }
        }
        reporter.warning(location, "type '\(type)' has no form in tabla; written as 'form: other' (the type is kept in 'source:')")
        return .other
    }
}

/// A composition read from a source, before printing.
struct Draft {
    var title: String
    var composition: Composition
    /// Where the composition begins in the input.
    var location: SourceLocation?
    /// A file name stem when the title gives none (a Devanagari title): the input's stem.
    var fallbackName: String
}

/// The last path component without its extension: `dli_1` for `score/dli_1.txt`.
func fileStem(_ path: String) -> String {
    let last = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = last.lastIndex(of: "."), dot != last.startIndex { return String(last[..<dot]) }
    return last
}

/// The last path component: `dli_1.txt`.
func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

/// `text` without the characters in `dropping`, its whitespace runs made single spaces.
func headerSafe(_ text: String, dropping: String) -> String {
    text.filter { !dropping.contains($0) }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// `DILLI` -> `Dilli`, `USTAD ALLA RAKHA` -> `Ustad Alla Rakha`.
func titleCased(_ text: String) -> String {
    text.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var stripped: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
