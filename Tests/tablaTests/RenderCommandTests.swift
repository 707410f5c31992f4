import Foundation
import Testing
import TablaAudio

/// `tabla render` and `tabla samples` run as a user would, from the build folder.
@Suite("tabla render and samples")
struct RenderCommandTests {
    func run(_ arguments: [String], input: String = "") throws -> Tabla.Result { try Tabla.run(arguments, input: input) }

    let theka = "taal: teentaal\nlaya: 240\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    @Test func rendersFromStandardInput() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try run(["render", "-", "-o", folder + "/t.ogg", "--click"], input: theka)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("wrote \(folder)/t.ogg"))
        let back = try AudioFile.read(folder + "/t.ogg")
        #expect(back.rate == 44100 && back.channels == 1)
    }

    @Test func invalidCompositionsAreRefusedWithPositions() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try run(["render", "-", "-o", folder + "/t.wav"], input: theka.replacingOccurrences(of: "Tin Ta", with: "Tin Tq"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("<stdin>:3:"))
        #expect(r.stderr.contains("error: unknown bol 'Tq'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func usageErrorsExit64() throws {
        for arguments in [["render", "-", "-o", "x.mp3"], ["render", "-", "-o", "x.flac", "--bits", "32f"],
                          ["render", "-", "-o", "x.wav", "--sa", "H9"], ["render", "-", "-o", "x.wav", "--repeat", "0"],
                          ["render", "-", "-o", "x.wav", "--samples", "/tmp", "--sa", "D4"], ["samples", "--sa", "loud"]] {
            let r = try run(arguments, input: theka)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
    }

    @Test func missingSampleFolderExits1NamingIt() throws {
        let r = try run(["render", "-", "-o", "/tmp/never-written.wav", "--samples", "/no/such/bank"], input: theka)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("/no/such/bank: error: no such sample folder"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.wav"))
    }

    @Test func samplesWritesTheSameBytesEveryTime() throws {
        // Byte-identical run to run; against the committed Samples/ (made on another
        // machine's libm, perhaps) the PCM check in CalibrationTests allows one step.
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for run in ["a", "b"] {
            let r = try self.run(["samples", "--out", folder + "/" + run])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/a").sorted()
        #expect(names == ["dha.wav", "dhin.wav", "ge.wav", "kat.wav", "ke.wav", "na.wav", "ra.wav", "ta.wav", "te.wav", "ti.wav", "tin.wav", "tun.wav"])
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/b/" + name))
            #expect(a == b && a.count > 10000, "\(name)")
        }
    }
}
