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

    /// Runs a shell line with the built tabla as `$T`, from the repository root.
    static func shell(_ line: String) throws -> Tabla.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.environment = ["T": Tabla.executable.path, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = Tabla.repository
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Tabla.Result(status: process.terminationStatus, output: out, stderr: String(decoding: err, as: UTF8.self))
    }

    static let hasDevFull = FileManager.default.fileExists(atPath: "/dev/full")

    @Test("a failed write to standard output exits 1 with one line", .enabled(if: hasDevFull, "needs /dev/full"), arguments: [
        "print Compositions/teentaal/theka.bol", "taals", "generate --taal teentaal --cycles 2 --seed 1", "--help",
    ])
    func fullStandardOutput(command: String) throws {
        let r = try Self.shell("$T \(command) > /dev/full")
        #expect(r.status == 1)
        #expect(r.stderr == "error: cannot write to standard output: No space left on device\n")
    }

    @Test("a failed write to standard error exits 1 and never traps", .enabled(if: hasDevFull, "needs /dev/full"))
    func fullStandardError() throws {
        let r = try Self.shell("printf 'taal: teentaal\\nlaya: 0\\n' | $T check - 2> /dev/full")
        #expect(r.status == 1)
        let ok = try Self.shell("$T print Compositions/teentaal/theka.bol 2> /dev/full")
        #expect(ok.status == 0)
    }

    /// 40,000,000 bytes is more than the 32 MiB (33,554,432 bytes) limit.
    @Test("standard input is read up to a limit, and a larger input is an error")
    func boundedStandardInput() throws {
        let r = try Self.shell("head -c 40000000 /dev/zero | $T check -")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("<stdin>: error: more than 32 MiB"))
    }

    @Test("a FIFO given as a composition is refused, not waited on")
    func fifoInput() throws {
        let folder = temporaryFolder()
        #expect(mkfifo(folder + "/c.bol", 0o600) == 0)
        let r = try Tabla.run(["print", folder + "/c.bol"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix(folder + "/c.bol: error: not a regular file"))
    }

    /// A render of 53 minutes is long enough to be caught writing; SIGTERM then ends it
    /// with 128 + 15 and no hidden `.long.wav.*.tmp` is left.
    @Test("an interrupted render leaves no temporary file", arguments: [SIGTERM, SIGINT])
    func interruptedRender(signal: Int32) throws {
        let folder = temporaryFolder("interrupted\(signal)")
        let process = Process()
        process.executableURL = Tabla.executable
        process.arguments = ["render", "Compositions/teentaal/theka.bol", "-o", folder + "/long.wav", "--repeat", "200"]
        process.currentDirectoryURL = Tabla.repository
        process.standardError = FileHandle.nullDevice
        try process.run()
        var sawTemporary = false
        for _ in 0..<600 where !sawTemporary {
            usleep(50_000)
            sawTemporary = try FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.hasSuffix(".tmp") }
        }
        #expect(sawTemporary)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }

    @Test("eval and generate validate cycles and temperature", arguments: [
        ["eval", "--corpus", "Compositions", "--cycles=-1"], ["eval", "--corpus", "Compositions", "--cycles", "100000000"],
        ["eval", "--corpus", "Compositions", "--temperature", "nan"], ["generate", "--temperature", "nan"],
    ])
    func generationOptions(arguments: [String]) throws {
        let r = try Tabla.run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("error: "))
    }

    /// 13,000 Teentaal cycles of 16 bols: 208,000 bols, over the 200,000 cap.
    @Test("a primer file is held to the same cap as generation")
    func primerCap() throws {
        let folder = temporaryFolder()
        let text = "taal: teentaal\n\n" + String(repeating: Self.body, count: 13_000)
        try text.write(toFile: folder + "/primer.bol", atomically: true, encoding: .utf8)
        let r = try Tabla.run(["generate", "--primer-file", folder + "/primer.bol", "--cycles", "1"])
        #expect(r.status == 1)
        #expect(r.stderr == folder + "/primer.bol: error: the primer holds 208000 bols, more than 200000; give a shorter primer\n")
    }

    @Test("generate -o with an audio name is refused, pointing at --wav")
    func generateAudioName() throws {
        let folder = temporaryFolder()
        let r = try Tabla.run(["generate", "-o", folder + "/x.wav"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("error: -o \(folder)/x.wav would hold .bol text under an audio name"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.wav"))
    }

    @Test("a taal file may not redefine a catalogue taal or alias", arguments: [("Teentaal", "the catalogue taal Teentaal"), ("tintal", "an alias of Teentaal")])
    func taalFileRedefines(name: String, what: String) throws {
        let folder = temporaryFolder("redefine\(name)")
        try "name: \(name)\nvibhags: 3+2+2\n".write(toFile: folder + "/t.taal", atomically: true, encoding: .utf8)
        let r = try Tabla.run(["check", "--taal-file", folder + "/t.taal", "-"], input: "taal: teentaal\n\n" + Self.body)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(folder)/t.taal:1:1: error: '\(name)' would redefine"))
        #expect(r.stderr.contains(what))
    }

    @Test("output paths that cannot be written get one sentence naming the path, before any work")
    func outputPaths() throws {
        let folder = temporaryFolder()
        #expect(mkfifo(folder + "/fifo.wav", 0o600) == 0)
        #expect(symlink(folder + "/loop-b.wav", folder + "/loop-a.wav") == 0 && symlink(folder + "/loop-a.wav", folder + "/loop-b.wav") == 0)
        let cases: [(String, String)] = [
            ("", "error: -o needs a file name"),
            (folder, "error: -o \(folder) is a folder; give a file name"),
            (folder + "/none/x.wav", "error: -o \(folder)/none/x.wav: the folder \(folder)/none does not exist"),
            (folder + "/fifo.wav", "error: -o \(folder)/fifo.wav is not a regular file (a FIFO, device or socket)"),
            ("/dev/null", "error: -o /dev/null is not a regular file"),
            (folder + "/loop-a.wav", "error: -o \(folder)/loop-a.wav is a symbolic link that leads nowhere (or in a loop)"),
        ]
        for (path, expected) in cases {
            let r = try Tabla.run(["render", "Compositions/teentaal/theka.bol", "-o", path])
            #expect(r.status == 64, "\(path)")
            #expect(r.stderr.hasPrefix(expected), "\(path): \(r.stderr)")
            #expect(!r.stderr.contains(".tmp"))
        }
        let train = try Tabla.run(["train", "--corpus", "Compositions", "-o", folder])
        #expect(train.status == 64)
        #expect(train.stderr.hasPrefix("error: -o \(folder) is a folder"))
    }

    @Test("a symbolic link loop given as input is named as one")
    func linkLoopInput() throws {
        let folder = temporaryFolder()
        #expect(symlink(folder + "/b.bol", folder + "/a.bol") == 0 && symlink(folder + "/a.bol", folder + "/b.bol") == 0)
        for command in ["print", "check"] {
            let r = try Tabla.run([command, folder + "/a.bol"])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("\(folder)/a.bol: error: a symbolic link that leads nowhere (or in a loop)\n"))
        }
    }
}
