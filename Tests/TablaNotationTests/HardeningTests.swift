import Foundation
import Testing
@testable import TablaNotation
import TablaSupport

/// Issue 13: numeric edges of the notation, each once a crash or a silent pass.
@Suite("Hardening: notation")
struct NotationHardeningTests {
    static let body = "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    /// A tempo in the header and the same tempo as a section attribute get the same verdict.
    @Test("laya is checked the same in the header and in a section", arguments: [
        ("1e-300", "error"), ("0.5", "error"), ("0", "error"), ("2001", "error"), ("-3", "error"),
        ("5", "warning"), ("1", "warning"), ("900", "warning"), ("90", "none"), ("2000", "warning"),
    ])
    func layaAgrees(value: String, verdict: String) {
        let header = NotationParser().check("taal: teentaal\nlaya: \(value)\n\n" + Self.body).1
        let section = NotationParser().check("taal: teentaal\n\n[a laya=\(value)]\n" + Self.body).1
        for diagnostics in [header, section] {
            let about = diagnostics.filter { $0.message.contains("laya") }
            switch verdict {
            case "error": #expect(about.contains { $0.severity == .error && $0.message.contains("between 1 and 2000") })
            case "warning": #expect(about.count == 1 && about[0].severity == .warning)
            default: #expect(about.isEmpty)
            }
        }
    }

    @Test("the laya range is 1 to 2000 matras per minute")
    func layaRange() {
        #expect(LayaName.problem(1) == nil)
        #expect(LayaName.problem(2000) == nil)
        #expect(LayaName.problem(0.999) != nil)
        #expect(LayaName.problem(.nan) != nil)
        #expect(LayaName.problem(.infinity) != nil)
    }

    /// 300 repeated `laya:` lines give 299 "given twice" warnings: 100 are kept and one
    /// note counts the other 199.
    @Test("warnings are capped at 100 per file, the rest counted in one note")
    func warningsCapped() {
        let text = "taal: teentaal\n" + String(repeating: "laya: 90\n", count: 300) + "\n" + Self.body
        let d = NotationParser().check(text).1
        #expect(d.count { $0.severity == .warning } == 100)
        let notes = d.filter { $0.code == .tooManyWarnings }
        #expect(notes.map(\.message) == ["199 more warnings not shown"])
    }

    @Test("a message echoing a huge line is clipped in the middle, keeping its end")
    func clippedEcho() {
        let word = String(repeating: "x", count: 1_000_000)
        let d = NotationParser().check("taal: \(word)\n\n" + Self.body).1
        let message = try! #require(d.first { $0.severity == .error }?.message)
        #expect(message.count < 500)
        #expect(message.hasPrefix("unknown taal 'xxx"))
        #expect(message.contains("characters clipped"))
    }

    @Test("invisible characters in messages are shown escaped", arguments: [
        ("teentaal\u{202E}", "unknown taal 'teentaal\\u{202E}'"),
        ("teen\u{FEFF}taal", "unknown taal 'teen\\u{FEFF}taal'"),
        ("teen\u{0}taal", "unknown taal 'teen\\0taal'"),
    ])
    func escaped(taal: String, prefix: String) {
        let d = NotationParser().check("taal: \(taal)\n\n" + Self.body).1
        #expect(d.first?.message.hasPrefix(prefix) == true)
    }

    /// "title: caf" is 10 characters, so the Latin-1 é (0xE9) is at column 11.
    @Test("Latin-1 text is an error naming the byte, not a silent U+FFFD")
    func latin1() {
        let bytes = Array("title: caf".utf8) + [0xE9] + Array("\ntaal: teentaal\n\n".utf8) + Array(Self.body.utf8)
        let d = NotationParser().check(bytes: bytes).1
        #expect(d.first.map { "\($0)" } == "1:11: error: the file is not UTF-8 (byte 0xE9 here, perhaps Latin-1); save it as UTF-8")
    }

    @Test("valid UTF-8 of every length passes the check, broken sequences do not", arguments: [
        ([0x41], nil), ([0xC3, 0xA9], nil), ([0xE0, 0xA4, 0xA7], nil), ([0xF0, 0x9F, 0x8E, 0xB5], nil),
        ([0x41, 0xE9], 1), ([0xC3], 0), ([0xE0, 0x80, 0x80], 0), ([0xED, 0xA0, 0x80], 0), ([0xFF], 0), ([0x41, 0x80], 1),
    ] as [([UInt8], Int?)])
    func utf8(bytes: [UInt8], bad: Int?) {
        #expect(NotationParser.firstInvalidUTF8(bytes) == bad)
    }

    @Test("an empty name= is refused; the vibhag limit is stated")
    func taalDefinitions() throws {
        #expect(throws: TaalDefinitionError.self) { try Taal(definition: "3+2+2 name=") }
        do {
            _ = try Taal(definition: Array(repeating: "1", count: 33).joined(separator: "+"))
            Issue.record("33 vibhags were accepted")
        } catch {
            #expect(error.message.contains("has 33 vibhags; a taal has 1 to 32"))
        }
        #expect(try Taal(definition: Array(repeating: "1", count: 32).joined(separator: "+")).vibhags.count == 32)
    }

    /// The streamed JSON must be byte for byte what the encoder gives for the whole
    /// document at once (the independent computation here).
    @Test("JSON written a cycle at a time equals the whole document encoded at once", arguments: [
        "taal: dadra\n\n[x laya=90]\nDha Dhin Na | Dha Tin Na ||\n[y]\nDha Dha Dha | Ta Ta Ta ||\nDha - Na | Dha Tin Na ||\n",
        "title: a\"b\\c/d\ntaal: teentaal\n",
        "taal: teentaal\n\n" + body + body,
    ])
    func streamedJSON(text: String) throws {
        let (c, _) = NotationParser().check(text)
        let printer = Printer()
        let whole = String(decoding: try JSONFormat.encoder(pretty: true).encode(printer.document(c)), as: UTF8.self) + "\n"
        var chunks: [String] = []
        printer.writeJSON(c) { chunks.append($0) }
        #expect(chunks.joined() == whole)
        #expect(printer.json(c) == whole)
    }
}
