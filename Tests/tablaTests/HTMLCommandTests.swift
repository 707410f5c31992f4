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

    /// Screenshots `html` in a `width` x `height` window; returns the PNG's path.
    static func png(_ html: String, width: Int, height: Int) throws -> String {
        let png = html.replacingOccurrences(of: ".html", with: ".png")
        _ = try run(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                "--user-data-dir=" + URL(fileURLWithPath: html).deletingLastPathComponent().path + "/profile",
                                "--window-size=\(width),\(height)", "--screenshot=" + png, "file://" + html])
        return png
    }

    /// Every word of page `page` with its box (points), as `pdftotext -bbox` gives them,
    /// in reading order, and the page's width.
    static func words(_ pdf: String, page: Int) throws -> (width: Double, words: [(text: String, xMin: Double, xMax: Double)]) {
        let xml = try run("/usr/bin/pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdf, "-"])
        func attribute(_ name: String, _ line: Substring) -> Double {
            guard let r = line.range(of: name + "=\"") else { return .nan }
            return Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
        }
        var width = Double.nan
        var words: [(String, Double, Double)] = []
        for line in xml.split(separator: "\n") {
            if line.contains("<page ") { width = attribute("width", line) }
            guard line.contains("<word "), let open = line.firstIndex(of: ">"), let close = line.range(of: "</word>") else { continue }
            let text = String(line[line.index(after: open)..<close.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            words.append((text, attribute("xMin", line), attribute("xMax", line)))
        }
        return (width, words)
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

/// The chunks of a PNG file read from the specification (ISO/IEC 15948): the 8-byte
/// signature, then chunks of a big-endian length, a type, the data and a CRC-32 of type
/// and data, the first IHDR (width, height, bit depth, colour type), the last IEND.
struct PNGImage {
    var width = 0, height = 0, bitDepth = 0, colourType = 0
    var chunkTypes: [String] = []

    struct Malformed: Error { var what: String }

    init(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Malformed(what: "signature") }
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        var i = 8
        while i + 12 <= bytes.count {
            let length = be32(i)
            guard i + 12 + length <= bytes.count else { throw Malformed(what: "chunk at \(i) runs past the end") }
            let typeAndData = Array(bytes[(i + 4)..<(i + 8 + length)])
            guard Self.crc32(typeAndData) == UInt32(be32(i + 8 + length)) else { throw Malformed(what: "CRC of chunk at \(i)") }
            let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
            if chunkTypes.isEmpty {
                guard type == "IHDR", length == 13 else { throw Malformed(what: "first chunk \(type)") }
                width = be32(i + 8)
                height = be32(i + 12)
                bitDepth = Int(bytes[i + 16])
                colourType = Int(bytes[i + 17])
            }
            chunkTypes.append(type)
            i += 12 + length
        }
        guard i == bytes.count, chunkTypes.last == "IEND" else { throw Malformed(what: "no IEND at the end") }
    }

    /// CRC-32 as PNG defines it: polynomial 0xEDB88320 (reflected), initial and final xor all ones.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
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
        #expect(html.contains("<dt>Source</dt><dd>Delhi (Dilli) gharana; traditional"))
        #expect(html.contains("<dt>Taal</dt><dd>Teentaal: 16 matras, 4+4+4+4, X 2 0 3</dd>"))
        // 7 sections: six of 2 cycles, palta 5 of 4, and the tihai's landing sam: 17
        // cycles, each of 4 vibhags, each vibhag a table of 3 rows.
        #expect(html.components(separatedBy: "<h2>").count - 1 == 7)
        #expect(html.components(separatedBy: "<div class=\"cycle\">").count - 1 == 17)
        #expect(html.components(separatedBy: "<table class=\"vibhag\"").count - 1 == 17 * 4)
        #expect(html.components(separatedBy: "<tr class=\"bols\">").count - 1 == 17 * 4)
        #expect(html.contains("<p class=\"caption\">cycle 3 of 3 (sam)</p>"))
        #expect(html.contains("<tr class=\"marks\"><td>X</td><td></td><td></td><td></td></tr>"))
        #expect(html.contains("<tr class=\"marks\"><td>2</td><td></td><td></td><td></td></tr>"))
        // Joined bols stay together in their matra's cell.
        #expect(html.contains("<tr class=\"bols\"><td>DhaTi</td><td>DhaGe</td><td>DhiNa</td><td>GeNa</td></tr>"))
        #expect(html.contains("@page { size: A4;"))
    }

    @Test func devanagariUsesBhatkhandeMarks() throws {
        let result = try Tabla.run(["print", "Compositions/teentaal/theka.bol", "--format", "html", "--script", "devanagari"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<html lang=\"hi\">"))
        #expect(result.stdout.contains("<tr class=\"marks\"><td>×</td>"))
        #expect(result.stdout.contains("<tr class=\"marks\"><td>०</td>"))
        #expect(result.stdout.contains("<td>धा</td><td>धिं</td><td>धिं</td><td>धा</td>"))
        #expect(result.stdout.contains("<td>१</td>") && result.stdout.contains("<tr class=\"numbers\"><td>१३</td>"))
    }

    @Test func restsAndAMidCycleStartAreShown() throws {
        let text = "taal: dadra\nstart: 4\nends: sam\nDha - Dha- ||\nDha\n"
        let roman = try Tabla.run(["print", "-", "--format", "html"], input: Data(text.utf8))
        #expect(roman.status == 0)
        // Matras 1-3 blank, the khali vibhag from 4 with its rests; then the landing sam.
        #expect(roman.stdout.contains("<tr class=\"marks\"><td></td><td></td><td></td></tr>\n<tr class=\"bols\"><td></td><td></td><td></td></tr>"))
        #expect(roman.stdout.contains("<tr class=\"marks\"><td>0</td><td></td><td></td></tr>\n<tr class=\"bols\"><td>Dha</td><td>-</td><td>Dha-</td></tr>\n<tr class=\"numbers\"><td>4</td><td>5</td><td>6</td></tr>"))
        #expect(roman.stdout.contains("<p class=\"caption\">cycle 2 of 2 (sam)</p>"))
        #expect(roman.stdout.contains("<dt>Starts</dt><dd>on matra 4</dd>") && roman.stdout.contains("<dt>Ends</dt><dd>on sam</dd>"))
        let devanagari = try Tabla.run(["print", "-", "--format", "html", "--script", "devanagari"], input: Data(text.utf8))
        #expect(devanagari.stdout.contains("<tr class=\"bols\"><td>धा</td><td>ऽ</td><td>धाऽ</td></tr>"))
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

        let paluskar = folder + "/paluskar.html"
        #expect(try Tabla.run(["print", "Compositions/teentaal/theka.bol", "--format", "html", "--marks", "paluskar", "-o", paluskar]).status == 0)
        let marks = try Browser.text(try Browser.pdf(paluskar), page: 1)
        #expect(marks.contains("1 5 + 13"), "\(marks)")
        #expect(marks.contains("Taal Teentaal: 16 matras, 4+4+4+4, 1 5 + 13"))
    }

    /// The widest cycles of the corpus (sixteen matras of eight bols, 307 columns of text)
    /// are wider than A4: they wrap at vibhag bars, and nothing runs into the margin or
    /// off the page (before vibhags wrapped, everything after matra 7 was cut off).
    @Test(.enabled(if: Browser.available, "needs headless Chromium and poppler-utils (apt-get install chromium poppler-utils)"))
    func theWidestCyclesWrapInsideTheMargins() throws {
        let path = "Compositions/teentaal/rela-delhi-eight-dhiradhira-kitataka.bol"
        let folder = temporaryFolder()
        let html = folder + "/rela.html"
        #expect(try Tabla.run(["print", path, "--format", "html", "-o", html]).status == 0)
        let pdf = try Browser.pdf(html)
        #expect(try Browser.pages(pdf) == 1)
        let (width, words) = try Browser.words(pdf, page: 1)
        // A4 is 595 points wide; the margins are 12 mm = 34 points (a point and a half of
        // slack for the glyphs' side bearings).
        #expect(abs(width - 595) < 1)
        let right: Double = width - 34 + 1.5
        let outside = words.filter { (w: (text: String, xMin: Double, xMax: Double)) -> Bool in w.xMin < 32.5 || w.xMax > right }
        #expect(outside.isEmpty, "\(outside)")
        // Every matra of the file, in order: none is clipped or lost.
        let text = try String(contentsOf: Tabla.repository.appendingPathComponent(path), encoding: .utf8)
        var matras: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.contains(":") && !line.hasPrefix("[") {
            for word in line.split(separator: " ") where word != "|" && word != "||" { matras.append(String(word)) }
        }
        // Theme, variation and tihai of a cycle each, and the tihai's landing sam.
        #expect(matras.count == 16 * 3 + 1)
        // (From the first section's heading on: the title names the rela's first matra.)
        let found = words.map(\.text).drop { $0 != "theme" }.filter { Set(matras).contains($0) }
        #expect(found == matras)
    }

    @Test(.enabled(if: Browser.chromium != nil, "needs headless Chromium (apt-get install chromium)"))
    func aThekaRendersToAPNGThatIsNotBlank() throws {
        let folder = temporaryFolder()
        let html = folder + "/theka.html", blank = folder + "/blank.html"
        #expect(try Tabla.run(["print", "Compositions/teentaal/theka.bol", "--format", "html", "-o", html]).status == 0)
        try "<!DOCTYPE html><html><body></body></html>\n".write(toFile: blank, atomically: true, encoding: .utf8)
        let page = try PNGImage(Array(try Data(contentsOf: URL(fileURLWithPath: try Browser.png(html, width: 1000, height: 700)))))
        let empty = try PNGImage(Array(try Data(contentsOf: URL(fileURLWithPath: try Browser.png(blank, width: 1000, height: 700)))))
        #expect(page.width == 1000 && page.height == 700)
        #expect(page.bitDepth == 8 && [2, 6].contains(page.colourType))
        #expect(page.chunkTypes.contains("IDAT"))
        // A white page compresses to almost nothing (3.6 kB here); the title, header and 16
        // columns of bols, marks and numbers take several times that (27 kB).
        let size = { (p: String) in (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        #expect(size(folder + "/theka.png") > 4 * size(folder + "/blank.png"), "\(size(folder + "/theka.png")) vs \(size(folder + "/blank.png"))")
        #expect(empty.width == 1000)
        // Every PNG ends 00 00 00 00 IEND AE 42 60 82: the CRC reading agrees with the spec's bytes.
        #expect(PNGImage.crc32(Array("IEND".utf8)) == 0xAE42_6082)
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
