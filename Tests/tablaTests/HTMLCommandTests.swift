import Foundation
import Testing

/// Headless Chromium and poppler's pdftotext/pdfinfo, when installed
/// (`apt-get install chromium poppler-utils`).
enum Browser {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let poppler = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")
    static var available: Bool { chromium != nil && poppler }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Prints `html` to PDF as a user's "Print to PDF" would; returns the PDF's path.
    static func pdf(_ html: String) throws -> String {
        let pdf = html.replacingOccurrences(of: ".html", with: ".pdf")
        _ = try run(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                "--user-data-dir=" + URL(fileURLWithPath: html).deletingLastPathComponent().path + "/profile",
                                "--print-to-pdf=" + pdf, "file://" + html])
        return pdf
    }

    static func pages(_ pdf: String) throws -> Int {
        let info = try run("/usr/bin/pdfinfo", [pdf])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    /// The text of page `page` (1-based), each line's runs of spaces collapsed to one.
    static func text(_ pdf: String, page: Int) throws -> [String] {
        try run("/usr/bin/pdftotext", ["-layout", "-f", String(page), "-l", String(page), pdf, "-"])
            .split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }
}

@Suite("HTML notation sheet")
struct HTMLCommandTests {
    static let kaida = "Compositions/teentaal/kaida-dha-ti-dha-ge.bol"

    /// The cycles as the file writes them: the bols of each line up to its `||`, bars
    /// dropped; a landing sam after `||` is a cycle of its own.
    static func cycleLines(_ path: String) throws -> [String] {
        try String(contentsOf: Tabla.repository.appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("||") }
            .flatMap { line in
                line.components(separatedBy: "||").map { $0.split(separator: " ").filter { $0 != "|" }.joined(separator: " ") }
                    .filter { !$0.isEmpty }
            }
    }

    @Test func thePageStandsAlone() throws {
        let result = try Tabla.run(["print", Self.kaida, "--format", "html"])
        #expect(result.status == 0)
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Nothing fetched: no links, scripts, images, imports or URLs.
        for fetch in ["src=", "href=", "url(", "@import", "http:", "https:", "<script", "<link"] {
            #expect(!html.contains(fetch), "\(fetch)")
        }
        #expect(html.contains("<h1>Dilli kaida (DhaTi DhaGe DhiNa GeNa)</h1>"))
        #expect(html.contains("<dt>Laya</dt><dd>90 matras a minute</dd>"))
        #expect(html.contains("<dt>Form</dt><dd>kaida</dd>"))
        // 7 sections: six of 2 cycles, palta 5 of 4, and the tihai's landing sam: 17
        // cycles, each a table of 3 rows.
        #expect(html.components(separatedBy: "<h2>").count - 1 == 7)
        #expect(html.components(separatedBy: "<table class=\"cycle\"").count - 1 == 17)
        #expect(html.components(separatedBy: "<tr class=\"bols\">").count - 1 == 17)
        #expect(html.contains("<caption>cycle 3 of 3 (sam)</caption>"))
        #expect(html.contains("<tr class=\"marks\"><td>X</td><td></td><td></td><td></td><td class=\"vibhag\">2</td>"))
        #expect(html.contains("@page { size: A4;"))
    }

    @Test func devanagariUsesBhatkhandeMarks() throws {
        let result = try Tabla.run(["print", "Compositions/teentaal/theka.bol", "--format", "html", "--script", "devanagari"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<html lang=\"hi\">"))
        #expect(result.stdout.contains("<tr class=\"marks\"><td>×</td>"))
        #expect(result.stdout.contains("<td class=\"vibhag\">०</td>"))
        #expect(result.stdout.contains("<td>धा</td><td>धिं</td><td>धिं</td><td>धा</td>"))
        #expect(result.stdout.contains("<td>१</td>") && result.stdout.contains("<td class=\"vibhag\">१३</td>"))
    }

    @Test(.enabled(if: Browser.available, "needs headless Chromium and poppler-utils (apt-get install chromium poppler-utils)"))
    func aThekaPrintsOnOnePageWithItsBols() throws {
        let folder = temporaryFolder()
        let html = folder + "/theka.html"
        #expect(try Tabla.run(["print", "Compositions/teentaal/theka.bol", "--format", "html", "-o", html]).status == 0)
        let pdf = try Browser.pdf(html)
        #expect(try Browser.pages(pdf) == 1)
        let lines = try Browser.text(pdf, page: 1)
        #expect(lines.contains("Teentaal theka"))
        #expect(lines.contains("Dha Dhin Dhin Dha Dha Dhin Dhin Dha Dha Tin Tin Ta Ta Dhin Dhin Dha"))
        #expect(lines.contains("X 2 0 3"))
        #expect(lines.contains((1...16).map(String.init).joined(separator: " ")))
    }

    @Test(.enabled(if: Browser.available, "needs headless Chromium and poppler-utils (apt-get install chromium poppler-utils)"))
    func aKaidaPrintsEveryCycleWholeOnA4() throws {
        let folder = temporaryFolder()
        let html = folder + "/kaida.html"
        #expect(try Tabla.run(["print", Self.kaida, "--format", "html", "-o", html]).status == 0)
        let pdf = try Browser.pdf(html)
        let pages = try Browser.pages(pdf)
        // 17 cycles of three rows and a caption do not fit one A4 page; they fit three.
        #expect((2...3).contains(pages))
        let expected = try Self.cycleLines(Self.kaida)
        #expect(expected.count == 17)
        var found: [String] = []
        for page in 1...max(1, pages) {
            let lines = try Browser.text(pdf, page: page)
            let rows = lines.filter { expected.contains($0) }
            // No cycle is split between pages: each caption on the page has its bols there too.
            #expect(lines.filter { $0.hasPrefix("cycle ") }.count == rows.count, "page \(page): \(lines)")
            found += rows
        }
        #expect(found == expected)
    }
}
