import Foundation
import Testing

/// Issue 13 through the command line: exit codes and the one line a user reads.
@Suite("Hardening: command line")
struct CommandHardeningTests {
    static let body = "Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    @Test("a tiny laya is an error in check and render, never a trap")
    func tinyLaya() throws {
        let folder = temporaryFolder()
        let header = try Tabla.run(["check", "-"], input: "taal: teentaal\nlaya: 1e-300\n\n" + Self.body)
        #expect(header.status == 1)
        #expect(header.stderr.contains("<stdin>:2:7: error: laya 1e-300 is out of range"))
        let section = try Tabla.run(["render", "-", "-o", folder + "/o.wav"], input: "taal: teentaal\n\n[s laya=1e-300]\n" + Self.body)
        #expect(section.status == 1)
        #expect(section.stderr.contains("error: laya 1e-300 is out of range"))
        let option = try Tabla.run(["render", "-", "-o", folder + "/o.wav", "--laya", "1e-300"], input: "taal: teentaal\n\n" + Self.body)
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("error: --laya 1e-300 is out of range"))
        let generate = try Tabla.run(["generate", "--laya", "1e-300", "--wav", folder + "/g.wav"])
        #expect(generate.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder + "/o.wav"))
    }

    /// 16 matras at 1 matra a minute, 100 times: 1600 minutes, 26.7 hours.
    @Test("a render longer than 24 hours is refused unless --max-hours allows it")
    func longRender() throws {
        let folder = temporaryFolder()
        let r = try Tabla.run(["render", "-", "-o", folder + "/o.wav", "--repeat", "100"], input: "taal: teentaal\nlaya: 1\n\n" + Self.body)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: the render would last 26.7 hours, longer than the limit of 24.0 hours"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/o.wav"))
    }

    @Test("training options out of range are usage errors naming the option", arguments: [
        ["--lr", "nan"], ["--lr", "1e30"], ["--lr", "inf"], ["--lr", "-1"], ["--lr", "0"],
        ["--hidden", "100000"], ["--hidden", "9223372036854775807"], ["--embedding", "1000000000"],
        ["--layers", "100000"], ["--threads", "100000"], ["--dropout", "nan"], ["-o", ""],
    ])
    func trainOptions(option: [String]) throws {
        let r = try Tabla.run(["train", "--corpus", "Compositions"] + option)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(option[0] == "-o" ? "-o" : option[0]))
    }
}
