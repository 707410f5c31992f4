import Foundation
import Testing
import TablaNotation

/// A reading of a Standard MIDI File written from the specification (SMF 1.1), sharing
/// no code with the writer: chunks, big-endian lengths, variable-length delta times,
/// running status, meta events.
struct SMF {
    struct Event: Equatable {
        var tick: Int
        /// The status byte (0xFF for meta events).
        var status: UInt8
        /// The meta type, or 0.
        var type: UInt8 = 0
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
        var channel: Int { Int(status & 0x0F) }
        var isNoteOn: Bool { status & 0xF0 == 0x90 && data[1] > 0 }
        var isNoteOff: Bool { status & 0xF0 == 0x80 || (status & 0xF0 == 0x90 && data[1] == 0) }
    }

    var format: Int
    var division: Int
    var tracks: [[Event]]

    struct Malformed: Error { var what: String }

    init(_ bytes: [UInt8]) throws {
        var i = 0
        func u8() throws -> UInt8 {
            guard i < bytes.count else { throw Malformed(what: "ends early at \(i)") }
            defer { i += 1 }
            return bytes[i]
        }
        func be(_ n: Int) throws -> Int { var v = 0; for _ in 0..<n { v = v << 8 | Int(try u8()) }; return v }
        func vlq() throws -> Int {
            var v = 0
            for _ in 0..<4 {
                let b = try u8()
                v = v << 7 | Int(b & 0x7F)
                if b & 0x80 == 0 { return v }
            }
            throw Malformed(what: "variable-length quantity over 4 bytes")
        }
        func tag() throws -> String { String(decoding: try (0..<4).map { _ in try u8() }, as: UTF8.self) }
        guard try tag() == "MThd", try be(4) == 6 else { throw Malformed(what: "header") }
        format = try be(2)
        let count = try be(2)
        division = try be(2)
        tracks = []
        for _ in 0..<count {
            guard try tag() == "MTrk" else { throw Malformed(what: "track tag") }
            let length = try be(4)
            let end = i + length
            var tick = 0
            var running: UInt8 = 0
            var events: [Event] = []
            var ended = false
            while i < end {
                tick += try vlq()
                var status = try u8()
                if status < 0x80 {
                    // Running status: this byte is the first data byte.
                    guard running != 0 else { throw Malformed(what: "data byte without running status") }
                    i -= 1
                    status = running
                }
                switch status {
                case 0xFF:
                    let type = try u8()
                    let length = try vlq()
                    let data = try (0..<length).map { _ in try u8() }
                    events.append(Event(tick: tick, status: 0xFF, type: type, data: data))
                    running = 0
                    if type == 0x2F { ended = true }
                case 0xF0, 0xF7:
                    let length = try vlq()
                    i += length
                    running = 0
                default:
                    let dataBytes = (status & 0xF0 == 0xC0 || status & 0xF0 == 0xD0) ? 1 : 2
                    events.append(Event(tick: tick, status: status, data: try (0..<dataBytes).map { _ in try u8() }))
                    running = status
                }
            }
            guard i == end, ended else { throw Malformed(what: "track length or missing end of track") }
            tracks.append(events)
        }
    }

    func meta(_ type: UInt8) -> [Event] { tracks.flatMap { $0.filter { $0.status == 0xFF && $0.type == type } } }
    var noteOns: [Event] { tracks.flatMap { $0.filter(\.isNoteOn) } }
}

@Suite("MIDI output")
struct MIDICommandTests {
    let ppq = 10080

    func midi(_ text: String, _ arguments: [String] = []) throws -> SMF {
        let folder = temporaryFolder()
        let file = folder + "/piece.bol", out = folder + "/piece.mid"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Tabla.run(["render", file, "-o", out] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try SMF(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
    }

    @Test func headerTempoSignaturesAndMarkers() throws {
        let smf = try midi("""
            taal: teentaal
            laya: 120
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||
            Dha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||
            """)
        #expect(smf.format == 1 && smf.tracks.count == 3 && smf.division == ppq)
        // 120 matras a minute: 500000 microseconds a quarter note.
        #expect(smf.meta(0x51).map(\.data) == [[0x07, 0xA1, 0x20]])
        // 16/4 at each sam.
        #expect(smf.meta(0x58).map(\.tick) == [0, 16 * ppq])
        #expect(smf.meta(0x58).allSatisfy { $0.data == [16, 2, 24, 8] })
        let markers = smf.meta(0x06)
        #expect(markers.map(\.text) == ["sam", "taali 2", "khali", "taali 3", "sam", "taali 2", "khali", "taali 3"])
        #expect(markers.map(\.tick) == [0, 4, 8, 12, 16, 20, 24, 28].map { $0 * ppq })
        // Every bol has one dayan stroke; Dha and Dhin a Ge as well: 16 + 12 a cycle.
        let dayan = smf.tracks[1].filter(\.isNoteOn), bayan = smf.tracks[2].filter(\.isNoteOn)
        #expect(dayan.count == 32 && bayan.count == 24)
        #expect(Set(bayan.map { $0.data[0] }) == [36])
        #expect(dayan.map { $0.data[0] }.prefix(4) == [60, 64, 64, 60])
        // Every note is let go.
        #expect(smf.tracks[1].filter(\.isNoteOff).count == 32)
        // The bols as lyrics on the dayan track.
        #expect(smf.tracks[1].filter { $0.type == 0x05 }.prefix(9).map(\.text)
                == ["Dha", "Dhin", "Dhin", "Dha", "Dha", "Dhin", "Dhin", "Dha", "Dha"])
        // Sam accented by 2 dB: 90 x 10^(2/40) = 100.98.
        #expect(dayan.map { $0.data[1] }.prefix(3) == [101, 90, 90])
        #expect(dayan[16].data[1] == 101)
    }

    @Test func layakariOnsetsFallOnTheirTicks() throws {
        let smf = try midi("""
            taal: teentaal
            Na NaNa NaNaNa NaNaNaNa | NaNaNaNaNa NaNaNaNaNaNa NaNaNaNaNaNaNa NaNaNaNaNaNaNaNa | Na Na Na Na | Na Na Na Na ||
            """)
        var expected: [Int] = []
        for (m, k) in [1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1, 1, 1, 1, 1].enumerated() {
            for j in 0..<k { expected.append(m * ppq + j * ppq / k) }
        }
        #expect(smf.noteOns.map(\.tick) == expected)
        #expect(smf.noteOns.count == 44)
        // Default laya 60: a second a quarter note.
        #expect(smf.meta(0x51).map(\.data) == [[0x0F, 0x42, 0x40]])
    }

    @Test func repeatOfASamEndingPieceKeepsEverySamOnTheGrid() throws {
        // A tihai from matra 9 (TiRaKiTa TiRaKiTa Dha, three times) landing on sam, played three times.
        let smf = try midi("""
            taal: teentaal
            start: 9
            ends: sam
            TiRaKiTa TiRaKiTa Dha TiRaKiTa | TiRaKiTa Dha TiRaKiTa TiRaKiTa ||
            Dha
            """, ["--repeat", "3"])
        // The first bar is the whole cycle: 8 matras of rest, the piece from matra 9 (tick 8
        // matras); each repeat lands on sam 8 matras later and the next comes in at matra
        // 9 again, 16 matras after the last.
        #expect(smf.meta(0x06).filter { $0.text == "sam" }.map(\.tick) == [0, 16, 32, 48].map { $0 * ppq })
        let dhas = smf.tracks[2].filter { $0.isNoteOn && $0.data[0] == 36 }.map(\.tick)
        #expect(dhas == [8, 24, 40].flatMap { r in [2, 5, 8].map { ($0 + r) * ppq } })
        // Every bar a cycle of 16, every bar line a sam, also the landing one.
        let signatures = smf.meta(0x58)
        #expect(signatures.map(\.tick) == [0, 16, 32, 48].map { $0 * ppq })
        #expect(signatures.allSatisfy { $0.data == [16, 2, 24, 8] })
        // The rests between repeats still carry their vibhag: taali 2 on matra 5 after each sam.
        #expect(smf.meta(0x06).filter { $0.text == "taali 2" }.map(\.tick) == [4, 20, 36].map { $0 * ppq })
    }

    @Test func aMukhdaFromMatra9OpensWithAWholeCycleBar() throws {
        // 8 matras from khali (matra 9) landing on sam: Na Tin alternating, then Dha.
        let smf = try midi("""
            taal: teentaal
            laya: 120
            start: 9
            ends: sam
            Na Tin Na Tin | Na Tin Na Tin ||
            Dha
            """)
        let conductor = smf.tracks[0]
        // Tempo at tick 0; 16/4 at tick 0 and at the landing sam, no other bar: beats 1-16
        // of the DAW's bars are the matras.
        #expect(conductor.filter { $0.type == 0x51 }.map(\.tick) == [0])
        #expect(conductor.filter { $0.type == 0x58 }.map(\.tick) == [0, 16 * ppq])
        #expect(conductor.filter { $0.type == 0x58 }.allSatisfy { $0.data == [16, 2, 24, 8] })
        // The cycle's marks from its sam, also over the rests before the mukhda.
        let markers = conductor.filter { $0.type == 0x06 }
        #expect(markers.map(\.text) == ["sam", "taali 2", "khali", "taali 3", "sam"])
        #expect(markers.map(\.tick) == [0, 4, 8, 12, 16].map { $0 * ppq })
        // Strokes: 8 one-stroke bols on matras 9-16, Dha's two on the sam: 10 notes.
        #expect(smf.noteOns.count == 10)
        #expect(smf.tracks[1].filter(\.isNoteOn).map(\.tick) == (8...16).map { $0 * ppq })
        #expect(smf.tracks[2].filter(\.isNoteOn).map(\.tick) == [16 * ppq])
        // Each track ends after its last note: the sam's Dha sounds one matra.
        #expect(smf.tracks.map { $0.last?.type } == [0x2F, 0x2F, 0x2F])
        #expect(smf.tracks[0].last?.tick == 17 * ppq)
    }

    @Test func countInPlaysThekaUpToTheMukhdasMatra() throws {
        let smf = try midi("""
            taal: teentaal
            start: 9
            ends: sam
            TiRaKiTa TiRaKiTa Dha TiRaKiTa | TiRaKiTa Dha TiRaKiTa TiRaKiTa ||
            Dha
            """, ["--count-in", "1"])
        // A cycle of theka and 8 matras more: the tihai comes in on matra 9 of the second
        // cycle (tick 24 matras) and lands on the third sam.
        #expect(smf.meta(0x06).filter { $0.text == "sam" }.map(\.tick) == [0, 16, 32].map { $0 * ppq })
        let lyrics = smf.tracks[1].filter { $0.type == 0x05 }
        #expect(lyrics.prefix(4).map(\.text) == ["Dha", "Dhin", "Dhin", "Dha"])
        #expect(lyrics.filter { $0.tick < 24 * ppq }.count == 24)
        #expect(lyrics.first { $0.tick == 24 * ppq }?.text == "Ti")
        #expect(smf.meta(0x07).map(\.text) == ["count-in"])
        // The lead-in is on the grid: no bar starts at matra 9 where the tihai comes in.
        #expect(smf.meta(0x58).map(\.tick) == [0, 16, 32].map { $0 * ppq })
        #expect(smf.meta(0x58).allSatisfy { $0.data[0] == 16 })
    }

    /// The Dilli kaida of the corpus: as many notes as its bols have strokes, each on the
    /// tick its place in the notation gives (matra x 10080 + pulse x 10080 / pulses), worked
    /// out from the parsed notation, not by the writer.
    @Test func aCorpusKaidaHasANoteForEveryStrokeOnItsTick() throws {
        let path = "Compositions/teentaal/kaida-dha-ti-dha-ge.bol"
        let text = try String(contentsOf: Tabla.repository.appendingPathComponent(path), encoding: .utf8)
        let composition = NotationParser().parse(text).0
        // Every section starts on sam and only the last (the tihai) ends on one: the
        // sections follow each other matra for matra.
        var expected: [Int] = [], matra = 0
        for section in composition.sections {
            for m in section.matras {
                for (j, pulse) in m.pulses.enumerated() {
                    guard let bol = pulse.bol else { continue }
                    #expect(!bol.isFlam)
                    expected += Array(repeating: matra * ppq + j * ppq / m.pulses.count, count: bol.strokes.count)
                }
                matra += 1
            }
        }
        #expect(matra == 16 * 16 + 1)
        let smf = try midi(text)
        #expect(smf.noteOns.count == expected.count)
        #expect(smf.noteOns.map(\.tick).sorted() == expected.sorted())
        // Laya 90: 60 000 000 / 90 = 666 667 microseconds a quarter note.
        #expect(smf.meta(0x51).map(\.data) == [[0x0A, 0x2C, 0x2B]])
        #expect(smf.meta(0x58).map(\.tick) == (0...16).map { $0 * 16 * ppq })
        #expect(smf.meta(0x58).allSatisfy { $0.data == [16, 2, 24, 8] })
    }

    @Test func theRestsBetweenSectionsKeepTheCycle() throws {
        // Two sections from matra 9 to 16: the second waits a cycle's first half, sam included.
        let smf = try midi("taal: teentaal\n[a start=9]\nNa Na Na Na | Tin Tin Tin Tin ||\n[b start=9]\nNa Na Na Na | Tin Tin Tin Tin ||\n")
        #expect(smf.meta(0x58).map(\.tick) == [0, 16 * ppq])
        #expect(smf.meta(0x58).allSatisfy { $0.data[0] == 16 })
        let markers = smf.meta(0x06)
        #expect(markers.map(\.text) == ["sam", "taali 2", "khali", "taali 3", "sam", "taali 2", "khali", "taali 3"])
        #expect(markers.map(\.tick) == [0, 4, 8, 12, 16, 20, 24, 28].map { $0 * ppq })
        #expect(smf.noteOns.map(\.tick) == (Array(8..<16) + Array(24..<32)).map { $0 * ppq })
    }

    @Test func anotherTaalComingInMidCycleStartsAShortBar() throws {
        // A Teentaal cycle, then Jhaptaal from its matra 6 (5 matras to its next sam) right after.
        let smf = try midi("taal: teentaal\n[t]\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n[j taal=jhaptaal start=6]\nTi Na | Dhi Dhi Na ||\n")
        #expect(smf.meta(0x58).map(\.tick) == [0, 16 * ppq])
        #expect(smf.meta(0x58).map { $0.data[0] } == [16, 5])
        // Jhaptaal's khali on its matra 6, taali 3 on 8.
        #expect(smf.meta(0x06).suffix(2).map(\.text) == ["khali", "taali 3"])
        #expect(smf.meta(0x06).suffix(2).map(\.tick) == [16, 18].map { $0 * ppq })
    }

    /// The time signature shows the taal, and the markers its vibhags: worked out from
    /// TABLA.md's table (Jhaptaal 2+3+2+3 X 2 0 3, Rupak 3+2+2 0 2 3, Ektaal 2x6 X 0 2 0 3 4).
    @Test(arguments: [
        ("jhaptaal", 10, [(0, "sam"), (2, "taali 2"), (5, "khali"), (7, "taali 3")]),
        ("rupak", 7, [(0, "sam (khali)"), (3, "taali 2"), (5, "taali 3")]),
        ("ektaal", 12, [(0, "sam"), (2, "khali"), (4, "taali 2"), (6, "khali"), (8, "taali 3"), (10, "taali 4")]),
    ])
    func signatureAndMarkersShowTheTaal(taal: String, matras: Int, marks: [(Int, String)]) throws {
        let text = try String(contentsOf: Tabla.repository.appendingPathComponent("Compositions/\(taal)/theka.bol"), encoding: .utf8)
        let smf = try midi(text)
        #expect(smf.meta(0x58).map(\.data) == [[UInt8(matras), 2, 24, 8]])
        #expect(smf.meta(0x58).map(\.tick) == [0])
        let markers = smf.meta(0x06)
        #expect(markers.map(\.text) == marks.map(\.1))
        #expect(markers.map(\.tick) == marks.map { $0.0 * ppq })
    }

    @Test func generalMIDIAndMapFiles() throws {
        let text = "taal: dadra\nDha Dhin Na | Dha Tin Na ||\n"
        let gm = try midi(text, ["--midi-map", "gm"])
        #expect(gm.noteOns.allSatisfy { $0.channel == 9 })
        #expect(gm.tracks[1].filter(\.isNoteOn).map { $0.data[0] } == [63, 60, 63, 63, 60, 63])
        #expect(gm.meta(0x58).map(\.data) == [[6, 2, 24, 8]])

        let folder = temporaryFolder()
        try "# my kit\nna 50\nchannel 3\nge 40 # low\n".write(toFile: folder + "/kit.map", atomically: true, encoding: .utf8)
        let own = try midi(text, ["--midi-map", folder + "/kit.map"])
        #expect(own.noteOns.allSatisfy { $0.channel == 2 })
        #expect(own.tracks[1].filter(\.isNoteOn).map { $0.data[0] } == [50, 64, 50, 50, 64, 50])
        #expect(own.tracks[2].filter(\.isNoteOn).map { $0.data[0] } == [40, 40, 40])

        try "na 50\nnaa 51\n".write(toFile: folder + "/bad.map", atomically: true, encoding: .utf8)
        try text.write(toFile: folder + "/p.bol", atomically: true, encoding: .utf8)
        let bad = try Tabla.run(["render", folder + "/p.bol", "-o", folder + "/p.mid", "--midi-map", folder + "/bad.map"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("\(folder)/bad.map:2:1: error: unknown stroke 'naa'"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/p.mid"))
    }

    @Test(arguments: ["--click", "--tanpura"])
    func audioOnlyOptionsAreRefusedForMIDI(flag: String) throws {
        let folder = temporaryFolder()
        let result = try Tabla.run(["render", "Compositions/dadra/theka.bol", "-o", folder + "/t.mid", flag])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: \(flag) is for audio output"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/t.mid"))
    }

    @Test func humanizeMovesOnsetsWithinTheJitter() throws {
        // 20 ms at laya 60 is 0.02 x 10080 = 201.6 ticks.
        let smf = try midi("taal: teentaal\nNa Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na ||\n", ["--humanize", "20", "--seed", "3"])
        let ticks = smf.noteOns.map(\.tick)
        #expect(ticks.count == 16)
        #expect(zip(ticks, (0..<16).map { $0 * ppq }).allSatisfy { abs($0 - $1) <= 202 })
        #expect(ticks != (0..<16).map { $0 * ppq })
    }
}

@Suite("Installed command")
struct InstalledCommandTests {
    @Test func versionIsPrinted() throws {
        let result = try Tabla.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.9.0\n")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheSubcommands(shell: String) throws {
        let result = try Tabla.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        for subcommand in ["check", "print", "render", "generate"] { #expect(result.stdout.contains(subcommand)) }
    }
}

@Suite("Practice accompaniment from the command line")
struct PracticeCommandTests {
    @Test func lehrasAreListedAndShown() throws {
        let list = try Tabla.run(["lehras"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 5)
        #expect(list.stdout.contains("teentaal-yaman     teentaal   Yaman     16 matras  (default for teentaal)"))
        let show = try Tabla.run(["lehras", "--show", "rupak-desh"])
        #expect(show.stdout.contains("taal: rupak\n") && show.stdout.contains("R m P | N S' | n D"))
    }

    @Test func aLehraFileIsPlayedOrItsMistakeReported() throws {
        let folder = temporaryFolder()
        try "taal: teentaal\nS - - - | P - - - | S' - - - | m - - -\n".write(toFile: folder + "/mine.lehra", atomically: true, encoding: .utf8)
        let ok = try Tabla.run(["render", "Compositions/teentaal/theka.bol", "-o", folder + "/t.wav", "--lehra-file", folder + "/mine.lehra", "--tanpura", "--sa", "D4"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/t.wav"))
        try "taal: teentaal\nS - - - | P - - - | S' - - - | m - -\n".write(toFile: folder + "/short.lehra", atomically: true, encoding: .utf8)
        let bad = try Tabla.run(["render", "Compositions/teentaal/theka.bol", "-o", folder + "/u.wav", "--lehra-file", folder + "/short.lehra"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "\(folder)/short.lehra:2:1: error: the lehra has 15 matras; teentaal needs a whole number of cycles of 16\n")
        let unknown = try Tabla.run(["render", "Compositions/teentaal/theka.bol", "-o", folder + "/u.wav", "--lehra", "dadra"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--lehra dadra: no such lehra"))
    }
}

@Suite("docs/SOUND.md examples")
struct SoundDocsExamplesTests {
    let doc = (try? String(contentsOf: Tabla.repository.appendingPathComponent("docs/SOUND.md"), encoding: .utf8)) ?? ""

    @Test func lehraListingAndFormatAreAsTheCommandPrintsThem() throws {
        let list = try Tabla.run(["lehras"]).stdout
        #expect(doc.contains("$ tabla lehras\n" + list))
        let show = try Tabla.run(["lehras", "--show", "teentaal-yaman"]).stdout
        let indented = show.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        #expect(doc.contains(indented))
    }

    @Test func midiExampleWritesWhatTheDocSays() throws {
        let folder = temporaryFolder()
        let result = try Tabla.run(["render", "Compositions/teentaal/theka.bol", "-o", folder + "/theka.mid"])
        #expect(result.stdout == "wrote \(folder)/theka.mid: Standard MIDI File, 588 bytes, 10080 ticks a matra\n")
        #expect(doc.contains("wrote theka.mid: Standard MIDI File, 588 bytes, 10080 ticks a matra"))
    }

    @Test func mukhdaExampleOpensWithAWholeCycle() throws {
        let folder = temporaryFolder()
        let result = try Tabla.run(["render", "Compositions/teentaal/mukhda-kitataka-tirakita.bol", "-o", folder + "/mukhda.mid"])
        #expect(result.stdout == "wrote \(folder)/mukhda.mid: Standard MIDI File, 634 bytes, 10080 ticks a matra\n")
        #expect(doc.contains("wrote mukhda.mid: Standard MIDI File, 634 bytes, 10080 ticks a matra"))
        let smf = try SMF(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/mukhda.mid"))))
        #expect(smf.meta(0x58).map(\.tick) == [0, 16 * 10080] && smf.meta(0x58).allSatisfy { $0.data[0] == 16 })
        #expect(smf.noteOns.map(\.tick).min() == 8 * 10080)
    }
}

@Suite("Levels in dB on the command line")
struct LevelArgumentTests {
    @Test(arguments: ["--lehra-level", "--tanpura-level", "--tabla-level", "--click-level"])
    func negativeLevelsNeedNoEqualsSign(flag: String) throws {
        let folder = temporaryFolder()
        try "# nothing yet\n".write(toFile: folder + "/empty.lehra", atomically: true, encoding: .utf8)
        let result = try Tabla.run(["render", "Compositions/dadra/theka.bol", "-o", folder + "/t.wav", "--lehra-file", folder + "/empty.lehra", flag, "-6"])
        // The level is taken as a value: the run gets as far as reading the (empty) lehra file.
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(folder)/empty.lehra:1:1: error: no 'taal:' line"))
    }
}

@Suite("generate --midi")
struct GenerateMIDITests {
    @Test func aGeneratedKaidaIsWrittenAsMIDIBesideItsAudio() throws {
        let folder = temporaryFolder()
        let result = try Tabla.run(["generate", "--form", "kaida", "--theme", "DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa",
                                    "--paltas", "1", "--seed", "7", "-o", folder + "/k.bol", "--midi", folder + "/k.mid",
                                    "--wav", folder + "/k.wav", "--click"])
        #expect(result.status == 0, "\(result.stderr)")
        let smf = try SMF(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/k.mid"))))
        // The same notes as rendering the .bol the run wrote: the MIDI is of what was printed.
        let again = try Tabla.run(["render", folder + "/k.bol", "-o", folder + "/again.mid"])
        #expect(again.status == 0)
        let reread = try SMF(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/again.mid"))))
        #expect(smf.noteOns.map(\.tick) == reread.noteOns.map(\.tick))
        #expect(smf.noteOns.count > 100)
        // Teentaal at the generator's laya of 90: 666667 microseconds a quarter note.
        #expect(smf.meta(0x51).first?.data == [0x0A, 0x2C, 0x2B])
        #expect(FileManager.default.fileExists(atPath: folder + "/k.wav"))
    }
}
