import Foundation
import Testing

/// `tabla import` run as a user runs it.
@Suite("tabla import on the command line")
struct ImportCommandTests {
    /// A Dadra CompMusic score written for this test: 7 matras, the last a lone sam bol; a
    /// tukda's tihai, in quarter-matras phrase `Tra Ka Dhi - Dha` (5), gap 5: 3 x 5 + 2 x 5 = 25.
    static let score = """
        ##
        GHARANA:BENARAS
        TYPE:TUKDA
        TALA:DADRA
        ##
        ''Tukda''
        !S:2
        TRA,KA DHI; DHA -; - TRA,KA; DHI DHA; - -; TRA,KA DHI; DHA;
        !E
        """

    @Test func writesChecksAndRefusesToOverwrite() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.score.write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let first = try Tabla.run(["import", "compmusic", folder + "/b.txt", "-o", out])
        #expect(first.status == 0, "\(first.stderr)")
        let written = out + "/benaras-tukda.bol"
        #expect(first.stdout == written + "\n")
        #expect(first.stderr.contains("imported 1 of 1 composition from 1 file into \(out): 0 errors, 0 warnings"))
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(text.contains("title: Benaras Tukda\ntaal: Dadra\nform: tukda\nsource: CompMusic Tabla Solo score b.txt; Benaras gharana\nends: sam\n"))
        // TRA,KA shares one slot of two: Tra Ka in the first half of the matra, then Dhi.
        #expect(text.contains("TraKaDhi-"))
        let check = try Tabla.run(["check", written])
        #expect(check.status == 0 && check.stderr.contains("0 errors, 0 warnings"), "\(check.stderr)")

        // Again: the file exists, so nothing is written and the exit status is 1.
        try "mine\n".write(toFile: written, atomically: true, encoding: .utf8)
        let again = try Tabla.run(["import", "compmusic", folder + "/b.txt", "-o", out])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(written): error: exists already; not overwritten (use --force to replace it)"))
        #expect(try String(contentsOfFile: written, encoding: .utf8) == "mine\n")
        let forced = try Tabla.run(["import", "compmusic", folder + "/b.txt", "-o", out, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: written, encoding: .utf8) == text)
    }

    @Test func unknownSyllablesAndMaps() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/g.txt"
        try "##\nTALA:DADRA\n##\n!S:1\nDHA; DHIN; NA; DHA; GLOK; NA;\n!E\n".write(toFile: input, atomically: true, encoding: .utf8)
        let r = try Tabla.run(["import", "compmusic", input, "-o", folder + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(input):5:21: error: unknown syllable 'GLOK'"))
        #expect(r.stderr.contains("\n  unknown syllables: GLOK (1); give each a bol with --map SYLLABLE=BOL\n"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
        let mapped = try Tabla.run(["import", "compmusic", input, "-o", folder + "/out", "--map", "GLOK=Tin"])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(try String(contentsOfFile: folder + "/out/g.bol", encoding: .utf8).contains("Dha Dhin Na | Dha Tin Na ||"))
        #expect(try Tabla.run(["import", "compmusic", input, "-o", folder, "--map", "GLOK"]).status == 64)
        #expect(try Tabla.run(["import", "midi", input, "-o", folder]).status == 64)
        #expect(try Tabla.run(["import", "compmusic", folder + "/none.txt", "-o", folder]).status == 1)
    }

    @Test func polymetricItemIsReportedAndTheRestWritten() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/-da.poly"
        try "// plain\n3+3/1 dha dhin na dha tin na\n// poly\n3+3/1 {dha dhin, na} dha tin na\n".write(toFile: input, atomically: true, encoding: .utf8)
        let r = try Tabla.run(["import", "bolprocessor", input, "-o", folder + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(input):4:7: error: 'poly' uses a polymetric structure"))
        #expect(r.stdout == folder + "/out/plain.bol\n")
        #expect(r.stderr.contains("imported 1 of 2 compositions"))
        #expect(try Tabla.run(["import", "--help"]).stdout.contains("USAGE: tabla import"))
    }

    /// Issue 11: a corpus imported from another format trains and is scored with no
    /// workaround (no test split needed, every composition scored with `--all`).
    @Test func importedCorpusTrainsAndEvaluates() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
        let lines = ["DHA TI DHA GE; NA DHA TI DHA; GE DHI NA GE; TII NA KE NA;",
                     "TA TI TA KE; NA TA TI TA; KE DHI NA GE; DHI NA GE NA;"]
        // Eight quaydas of 16 matras at four bols a matra (64 bols each), each a different
        // order of the four lines the two above make (bhari, khali, their swaps).
        for k in 0..<8 {
            let order = [[0, 0, 1, 1], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 1], [1, 1, 1, 0]][k]
            let score = "##\nGHARANA:DILLI\nCOMPOSITION:\(k)\nTYPE:QUAYDA\nTALA:TEENTAL\n##\n\n''Quayda''\n!S:4\n"
                + order.map { lines[$0] }.joined(separator: "\n") + "\n!E\n"
            try score.write(toFile: folder + "/in/q\(k).txt", atomically: true, encoding: .utf8)
        }
        let imported = try Tabla.run(["import", "compmusic", folder + "/in", "-o", folder + "/corpus"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("imported 8 of 8 compositions from 8 files"))
        let model = folder + "/m.tablamodel"
        let train = try Tabla.run(["train", "--corpus", folder + "/corpus", "-o", model, "--test", "0", "--embedding", "4",
                                   "--hidden", "8", "--layers", "1", "--batch-size", "2", "--steps", "8", "--epochs", "2"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("corpus: 8 compositions, 520 tokens"), "\(train.stderr)")
        let eval = try Tabla.run(["eval", "--model", model, "--corpus", folder + "/corpus", "--all", "--cycles", "0",
                                  "--form-seeds", "0", "--format", "json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        // Every bol after each piece's boundary is scored: 8 x 64.
        let object = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        #expect(object["tokens"] as? Int == 512)
    }
}
