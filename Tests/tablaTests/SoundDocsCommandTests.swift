import Foundation
import Testing

/// Every `$ tabla ...` example of docs/SOUND.md (MIDI, count-in, lehra and tanpura) runs
/// and prints what the page shows, its output written into a fresh folder.
@Suite("docs/SOUND.md command examples")
struct SoundDocsCommandTests {
    @Test func examplesRunAsShown() throws {
        let text = try String(contentsOf: Tabla.repository.appendingPathComponent("docs/SOUND.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let folder = temporaryFolder()
        var ran: [String] = []
        for block in blocks {
            let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            var i = 0
            while i < lines.count {
                let line = lines[i]
                i += 1
                guard line.hasPrefix("$ tabla ") else { continue }
                var arguments = line.dropFirst("$ tabla ".count).split(separator: " ").map(String.init)
                var written: String?
                if let o = arguments.firstIndex(of: "-o"), o + 1 < arguments.count {
                    written = arguments[o + 1]
                    arguments[o + 1] = folder + "/" + arguments[o + 1]
                }
                var expected: [String] = []
                while i < lines.count, !lines[i].hasPrefix("$ ") {
                    expected.append(lines[i])
                    i += 1
                }
                let r = try Tabla.run(arguments)
                #expect(r.status == 0, "\(line): \(r.stderr)")
                let output = r.stdout.replacingOccurrences(of: folder + "/", with: "")
                for e in expected where !e.isEmpty { #expect(output.contains(e), "\(line): missing '\(e)' in\n\(output)") }
                if let written { #expect(FileManager.default.fileExists(atPath: folder + "/" + written), "\(line)") }
                ran.append(arguments[0])
            }
        }
        // The MIDI theka and mukhda, the count-in, the lehra listing and the practice mix.
        #expect(ran.count >= 5, "\(ran)")
    }
}
