import Foundation
import TablaAudio
import Testing

/// The `tabla` commands run as a user would, from the build folder.
@Suite("tabla check, generate on the command line")
struct CommandTests {
    func run(_ arguments: [String], input: Data = Data()) throws -> Tabla.Result { try Tabla.run(arguments, input: input) }

    @Test(arguments: ["check", "print", "taals", "render", "samples", "train", "eval", "generate"])
    func everySubcommandHasHelp(name: String) throws {
        // In debug builds ArgumentParser also validates the command's declaration here
        // (for example two options named alike).
        let r = try run([name, "--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: tabla \(name)"))
    }

    @Test func checkExitCodes() throws {
        #expect(try run(["check", "Compositions"]).status == 0)
        let bad = try run(["check", "-"], input: Data("taal: dadra\nDha Dhinn Na | Dha Tin Na ||\n".utf8))
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("<stdin>:2:5: error: unknown bol 'Dhinn'; did you mean 'Dhin'?"))
        #expect(try run(["check", "--max-errors", "-1", "-"]).status == 64)
        #expect(try run(["check", "/no/such/file.bol"]).status == 1)
    }

    @Test func generateWritesAFileThatChecksAndRenders() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bol = folder + "/g.bol"
        let g = try run(["generate", "--taal", "jhaptaal", "--cycles", "2", "--layakari", "1,2", "--seed", "5", "-o", bol])
        #expect(g.status == 0, "\(g.stderr)")
        let printed = g.stdout
        #expect(printed == (try String(contentsOfFile: bol, encoding: .utf8)))
        #expect(printed.contains("taal: Jhaptaal") && printed.contains("--seed 5"))
        let c = try run(["check", bol])
        #expect(c.status == 0 && c.stderr.contains("0 errors, 0 warnings"), "\(c.stderr)")
        // generate | render -
        let r = try run(["render", "-", "-o", folder + "/g.wav"], input: g.output)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/g.wav"))
    }

    @Test func generateRendersWithWav() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let g = try run(["generate", "--cycles", "1", "--laya", "120", "--wav", folder + "/g.flac", "--click", "--seed", "3"])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stderr.contains("wrote \(folder)/g.flac"))
        // One Teentaal cycle at 120 matras a minute is 8 s, plus the last stroke's ring.
        let audio = try AudioFile.read(folder + "/g.flac")
        #expect(audio.duration > 8 && audio.duration < 12)
        #expect(try run(["generate", "--wav", folder + "/g.mp3"]).status == 64)
    }

    @Test func weightsWithALeadingDashParse() throws {
        let r = try run(["generate", "--cycles", "1", "--layakari", "1", "--weight", "-=0", "--seed", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let bolLine = r.stdout.split(separator: "\n").first { $0.contains("||") }!
        #expect(!bolLine.split(separator: " ").contains("-"))
        #expect(try run(["generate", "--weight", "-=0,Dha=0", "--weight", "rest=0"]).status == 0)
    }

    @Test func primerFileContinuesFromItsLastSection() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // No taal header: read in --taal. The last section starts on matra 9.
        try "[a]\nDhi Na | Dhi Dhi Na | Ti Na | Dhi Dhi Na ||\n[b start=6]\nTi Na | Dhi Dhi\n"
            .write(toFile: folder + "/p.bol", atomically: true, encoding: .utf8)
        let r = try run(["generate", "--taal", "jhaptaal", "--primer-file", folder + "/p.bol", "--cycles", "1", "--layakari", "1", "--decoder", "argmax"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let bols = lines.first { $0.contains("||") }!
        // Matras 6-9 are the primer's Ti Na Dhi Dhi, matra 10 is generated, columns 1-5 blank.
        #expect(bols.hasPrefix(" "))
        #expect(bols.split(separator: " ").filter { $0 != "|" && $0 != "||" }.prefix(4) == ["Ti", "Na", "Dhi", "Dhi"])
        #expect(lines.contains { $0.hasPrefix("[generated]") } && r.stdout.contains("start: 6"))
    }

    @Test func checkFollowsASymlinkedFolder() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: Tabla.repository.path + "/Compositions/rupak")
        let r = try run(["check", folder + "/link"])
        #expect(r.status == 0 && !r.stderr.contains("checked 0 files"), "\(r.stderr)")
    }

    @Test func generateUsageErrors() throws {
        #expect(try run(["generate", "--top-p", "1.5"]).status == 64)
        #expect(try run(["generate", "--layakari", "x"]).status == 64)
        #expect(try run(["generate", "--weight", "Dhaz=2"]).status == 64)
        let everything = (["rest"] + ["Dha", "Dhin", "Dhi", "Dhun", "Dhe", "Dhet", "Dhit", "Din", "Di", "Na", "Ta", "Tin", "Tun", "Te", "Ti",
                                      "Ra", "Tit", "Tet", "Tra", "Da", "Tak", "Chap", "Ge", "Ga", "Ghen", "Ke", "Ki", "Ka", "Kat", "Kran", "Gran", "Kru"]).map { $0 + "=0" }
        #expect(try run(["generate", "--weight", everything.joined(separator: ",")]).status == 64)
        let huge = try run(["generate", "--cycles", "1000", "--layakari", "16"])
        #expect(huge.status == 1 && huge.stderr.contains("the grid holds 256000 bols"))
        let unknown = try run(["generate", "--taal", "tinntal"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean"))
        let badPrimer = try run(["generate", "--primer", "Dha Dhinn"])
        #expect(badPrimer.status == 1 && badPrimer.stderr.contains("--primer:1:5: error: unknown bol 'Dhinn'"))
    }
}
