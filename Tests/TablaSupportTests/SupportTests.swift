import Foundation
import Testing
import TablaSupport

@Suite("Shared helpers")
struct SupportTests {
    @Test(arguments: [
        // The published FNV-1a 64 test vectors.
        ("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8"),
    ])
    func fnvMatchesThePublishedVectors(text: String, hex: String) {
        #expect(FNV1a64.hex(Array(text.utf8)) == hex)
        #expect(FNV1a64.hash(Array(text.utf8)) == UInt64(hex, radix: 16)!)
    }

    @Test func splitMixMatchesTheReferenceStream() {
        // Vigna's splitmix64.c seeded with 1234567.
        var rng = SplitMix64(seed: 1234567)
        #expect((0..<5).map { _ in rng.next() } == [
            6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821,
        ])
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func splitMixUnitValuesStayInRange() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10_000 {
            let u = rng.nextUnitFloat(), s = rng.nextSigned()
            #expect(u >= 0 && u < 1 && s >= -1 && s < 1)
        }
    }

    struct WriteError: Error, Equatable { var reason: String }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporary() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("f.txt")
        try AtomicFile.write(Data("old".utf8), to: url) { WriteError(reason: $0) }
        try AtomicFile.write(Data("new".utf8), to: url) { WriteError(reason: $0) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f.txt"])
    }

    @Test func aFailedWriteLeavesTheOldFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("f.txt")
        try AtomicFile.write(Data("old".utf8), to: url) { WriteError(reason: $0) }
        #expect(throws: WriteError(reason: "half written")) {
            try AtomicFile.write(to: url, failure: { WriteError(reason: $0) }) { (temporary) throws(WriteError) in
                _ = FileManager.default.createFile(atPath: temporary.path, contents: Data("ne".utf8))
                throw WriteError(reason: "half written")
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f.txt"])
        let missing = dir.appendingPathComponent("no/such/f.txt")
        #expect(throws: WriteError(reason: "the folder \(dir.path)/no/such does not exist")) {
            try AtomicFile.write(Data("x".utf8), to: missing) { WriteError(reason: $0) }
        }
    }

    struct Problem: ReportableError {
        var file: String?
        var message: String
    }

    @Test func reportsNameTheFileOnce() {
        #expect(Problem(file: "a.bol", message: "bad").report == "a.bol: error: bad")
        #expect(Problem(file: nil, message: "bad").report == "error: bad")
        #expect(Problem(file: "a.bol", message: "bad").description == "a.bol: bad")
    }

    @Test func jsonIsSortedWithPlainSlashes() throws {
        let data = try JSONFormat.encoder().encode(["b": "x/y", "a": "1"])
        #expect(String(decoding: data, as: UTF8.self) == #"{"a":"1","b":"x/y"}"#)
    }
}

@Suite("The engine's CPU check")
struct EngineCPUTests {
    static let modern = """
        processor\t: 0
        flags\t\t: fpu sse2 avx avx2 fma avx512f
        processor\t: 1
        flags\t\t: fpu sse2 avx avx2 fma avx512f
        """

    @Test func aCPUWithTheFeaturesLacksNothing() {
        #expect(EngineCPU.missing(["avx2", "fma"], cpuinfo: Self.modern).isEmpty)
    }

    @Test func aFeatureMissingOnAnyProcessorIsNamed() {
        // An old CPU (Sandy Bridge: AVX without AVX2 or FMA), and a mixed machine where
        // only the second processor lacks FMA. "avx" must not pass for "avx2".
        let old = "processor\t: 0\nflags\t\t: fpu sse2 avx\n"
        #expect(EngineCPU.missing(["avx2", "fma"], cpuinfo: old) == ["avx2", "fma"])
        let mixed = "flags\t: sse2 avx2 fma\nflags\t: sse2 avx2\n"
        #expect(EngineCPU.missing(["avx2", "fma"], cpuinfo: mixed) == ["fma"])
        #expect(EngineCPUError(missing: ["avx2", "fma"]).report.hasPrefix("error: this CPU lacks avx2 and fma"))
    }

    @Test func withoutFlagsOrRequirementsNothingIsMissing() {
        #expect(EngineCPU.missing([], cpuinfo: "flags\t: sse2\n").isEmpty)
        // macOS has no /proc/cpuinfo; an arm64 Linux lists "Features", not "flags".
        #expect(EngineCPU.missing(["avx2"], cpuinfo: "Features\t: fp asimd\n").isEmpty)
    }

    @Test func thisMachineRunsTheEngineItWasBuiltFor() throws {
        // The tests run the engine, so the machine that runs them must pass the check.
        try EngineCPU.check()
    }
}
