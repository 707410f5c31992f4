import Foundation
import Testing

/// `tabla khali` and `tabla tihai` run as a user would.
@Suite("tabla khali, tihai on the command line")
struct FormCommandTests {
    func run(_ arguments: [String], input: String = "") throws -> Tabla.Result { try Tabla.run(arguments, input: input) }

    @Test(arguments: ["khali", "tihai"])
    func hasHelp(name: String) throws {
        let r = try run([name, "--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: tabla \(name)"))
    }

    @Test func khaliPhrase() throws {
        let r = try run(["khali", "--phrase", "DhaTi DhaGe DhiNa GeNa"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "TaTi TaKe TiNa KeNa\n")
        // TABLA.md's Delhi example, bars kept.
        let half = try run(["khali", "--phrase", "DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa", "--half"])
        #expect(half.stdout == "TaTi TaKe NaTa TiTa | GeDhi NaGe DhinNa GeNa\n")
        // Returning only for the last 2 matras: 6 closed, then the opened cadence.
        let late = try run(["khali", "--phrase", "DhaTi DhaGe NaDha TiDha | GeDhi NaGe TinNa KeNa", "--half", "--keep-last", "2"])
        #expect(late.stdout == "TaTi TaKe NaTa TiTa | KeTi NaKe DhinNa GeNa\n")
    }

    @Test func khaliErrors() throws {
        let bad = try run(["khali", "--phrase", "DhaTi Dhinn"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--phrase:1:7: error: unknown bol 'Dhinn'; did you mean 'Dhin'?"))
        #expect(try run(["khali"]).status == 64)
        #expect(try run(["khali", "-", "--phrase", "Dha"]).status == 64)
        #expect(try run(["khali", "--phrase", "Dha", "--keep-last", "2"]).status == 64)
        #expect(try run(["khali", "/no/such.bol"]).status == 1)
    }

    @Test func khaliFileMirrorsEverySectionAndChecksClean() throws {
        let bhari = """
            taal: rupak
            form: kaida
            [theme]
            DhaDha TeTe DhaGe | TeTe DhaGe | TinNa KeNa ||

            """
        let r = try run(["khali", "-"], input: bhari)
        #expect(r.status == 0, "\(r.stderr)")
        // 7 matras: 3 closed, 4 back on the open bols, cadence opened by the map.
        #expect(r.stdout.contains("TaTa   TeTe TaKe  | TeTe DhaGe | DhinNa GeNa ||"), "\(r.stdout)")
        let c = try run(["check", "-"], input: r.stdout)
        #expect(c.status == 0 && c.stderr.contains("0 errors, 0 warnings"), "\(c.stderr)")
    }

    @Test func tihaiPrintsTheBestWithItsArithmetic() throws {
        let r = try run(["tihai", "DhaTi DhaGe DhiNa GeNa"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# 3 x 5 + 2 x 1 = 17 = 1 cycle + sam (dumdar)"))
        #expect(r.stderr.contains("2 more arrangements: --all lists them"))
        let all = try run(["tihai", "DhaTi DhaGe DhiNa GeNa", "--all"])
        #expect(all.stdout.contains("# 3 x 9 + 2 x 3 = 33 = 2 cycles + sam (dumdar)"))
        #expect(all.stdout.contains("[tihai 3]"))
        let c = try run(["check", "-"], input: all.stdout)
        #expect(c.status == 0 && c.stderr.contains("0 errors, 0 warnings"), "\(c.stderr)")
    }

    @Test func tihaiFromMatra9WritesTheFile() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/m.bol"
        // DhaGe NaDha Dha three times from matra 9: phrases on 9-11, 12-14, 15-sam.
        let r = try run(["tihai", "DhaGe NaDha", "--from", "9", "--kind", "bedam", "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("start: 9") && written.contains("# 3 x 3 + 2 x 0 = 9 = 8 matras from matra 9 + sam (bedam)"))
        #expect(written.contains("DhaGe NaDha Dha DhaGe | NaDha Dha DhaGe NaDha ||"), "\(written)")
        let c = try run(["check", out])
        #expect(c.status == 0 && c.stderr.contains("0 errors, 0 warnings"), "\(c.stderr)")
    }

    @Test func tihaiThatDoesNotFitSaysWhy() throws {
        let r = try run(["tihai", "DhaTi DhaGe DhiNa GeNa", "--kind", "bedam"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no bedam tihai lands on sam: the phrase lands on sam only with gaps that are not bedam; try --kind any"))
        #expect(r.stderr.contains("nearest:\n  3 x 5 + 2 x 1 = 17 = 1 cycle + sam: lands on sam, but dumdar"))
        #expect(r.stdout.isEmpty)
    }

    @Test func tihaiUsageErrors() throws {
        #expect(try run(["tihai", "Dha", "--land", "9"]).status == 64)
        #expect(try run(["tihai", "Dha", "--from", "17"]).status == 64)
        #expect(try run(["tihai", "Dha", "--taal", "nosuchtaal"]).status == 64)
        #expect(try run(["tihai", "Dha", "--kind", "slow"]).status == 64)
        let bad = try run(["tihai", "DhaGe Gex"])
        #expect(bad.status == 1 && bad.stderr.contains("<phrase>:1:7: error: unknown bol"))
    }
}

/// The `$ tabla ...` examples of docs/NOTATION.md (khali, tihai, generate --form) and
/// of docs/MODEL.md (generate --form) give what the pages show.
@Suite("docs/NOTATION.md and docs/MODEL.md command examples")
struct FormDocsTests {
    /// Splits a command line on spaces, keeping double-quoted words whole.
    static func words(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false, any = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); any = true } else if ch == " " && !quoted {
                if any { out.append(current) }
                current = ""; any = false
            } else { current.append(ch); any = true }
        }
        if any { out.append(current) }
        return out
    }

    @Test(arguments: [("docs/NOTATION.md", 6), ("docs/MODEL.md", 3)])
    func examplesRunAsShown(page: String, atLeast: Int) throws {
        let url = Tabla.repository.appendingPathComponent(page)
        let text = try String(contentsOf: url, encoding: .utf8)
        let blocks = text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        var ran = 0
        for block in blocks {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var i = 0
            while i < lines.count {
                let line = lines[i]
                i += 1
                guard line.hasPrefix("$ tabla "), !line.contains("|") || line.contains("\"") && !line.contains("| tabla") else { continue }
                // Imports read files the page only describes; ImportCommandTests runs that example.
                if line.hasPrefix("$ tabla import") { continue }
                let arguments = Array(Self.words(String(line.dropFirst(2))).dropFirst())
                var expected: [String] = []
                while i < lines.count, !lines[i].hasPrefix("$ ") {
                    if lines[i].trimmingCharacters(in: .whitespaces) != "..." && !lines[i].isEmpty { expected.append(lines[i]) }
                    i += 1
                }
                let r = try Tabla.run(arguments, input: Data())
                let output = r.stdout + r.stderr
                for e in expected {
                    #expect(output.contains(e), "\(line): missing '\(e)' in\n\(output)")
                }
                ran += 1
            }
        }
        #expect(ran >= atLeast)
    }
}
