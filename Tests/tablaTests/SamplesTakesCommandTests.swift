import Foundation
import Testing
import TablaAudio

/// `tabla samples --takes N` run as a user would: N readable, distinct takes per bol.
@Suite("tabla samples --takes")
struct SamplesTakesCommandTests {
    /// The bank's sounds by file stem, as `tabla samples` names them.
    static let stems = ["dha", "dhin", "ge", "kat", "ke", "na", "ra", "ta", "te", "ti", "tin", "tun"]
    /// The folder names: the bols as the catalogue spells them.
    static let folders = ["Dha", "Dhin", "Ge", "Kat", "Ke", "Na", "Ra", "Ta", "Te", "Ti", "Tin", "Tun"]

    @Test func writesNDistinctReadableTakesPerBolTheFirstBeingTheCalibratedSound() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try Tabla.run(["samples", "--takes", "3", "--out", folder + "/takes"])
        #expect(r.status == 0, "\(r.stderr)")
        // One line a file: 12 bols x 3 takes.
        #expect(r.stdout.split(separator: "\n").count == 36)
        let made = try FileManager.default.contentsOfDirectory(atPath: folder + "/takes").sorted()
        #expect(made == Self.folders)
        let flat = try Tabla.run(["samples", "--out", folder + "/flat"])
        #expect(flat.status == 0, "\(flat.stderr)")
        for (bol, stem) in zip(Self.folders, Self.stems) {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/takes/" + bol).sorted()
            #expect(names == [stem + "01.wav", stem + "02.wav", stem + "03.wav"], "\(bol)")
            let takes = try names.map { try AudioFile.read(folder + "/takes/" + bol + "/" + $0) }
            for take in takes {
                #expect(take.rate == 44100 && take.channels == 1 && take.frames > 4410, "\(bol): \(take.frames) frames")
                #expect(take.samples.contains { abs($0) > 0.1 }, "\(bol) sounds")
            }
            // Every take differs from every other...
            #expect(takes[0].samples != takes[1].samples && takes[0].samples != takes[2].samples
                    && takes[1].samples != takes[2].samples, "\(bol) takes are distinct")
            // ...and the first is, byte for byte, the sound `tabla samples` writes alone.
            let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/takes/" + bol + "/" + stem + "01.wav"))
            let alone = try Data(contentsOf: URL(fileURLWithPath: folder + "/flat/" + stem + ".wav"))
            #expect(first == alone, "\(bol): take 1 is the calibrated sound")
        }
    }

    @Test func takesOutOfRangeAreUsageErrors() throws {
        for n in ["0", "65", "x"] {
            let r = try Tabla.run(["samples", "--takes", n, "--out", "/tmp/never-written-takes"])
            #expect(r.status == 64, "--takes \(n): \(r.stderr)")
            #expect(r.stderr.contains("--takes"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written-takes"))
    }
}
