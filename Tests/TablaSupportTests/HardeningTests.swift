import Foundation
import Testing
@testable import TablaSupport

/// Issue 13 item 10: temporaries never outlive a failed or interrupted write.
@Suite("Hardening: atomic files")
struct AtomicFileHardeningTests {
    static func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-atomic-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Failure: Error { var reason: String }

    @Test("a write that fails half way leaves no temporary and the old file as it was")
    func failedWrite() throws {
        let dir = try Self.folder("failed")
        let target = dir.appendingPathComponent("out.txt")
        try Data("old".utf8).write(to: target)
        #expect(throws: Failure.self) {
            try AtomicFile.write(to: target, failure: { Failure(reason: $0) }) { (temporary) throws(Failure) in
                FileManager.default.createFile(atPath: temporary.path, contents: Data("half".utf8))
                throw Failure(reason: "disk full")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
        #expect(try Data(contentsOf: target) == Data("old".utf8))
    }

    @Test("the temporary being written is known, and removed when the process is interrupted")
    func pendingRemoved() throws {
        let dir = try Self.folder("pending")
        let target = dir.appendingPathComponent("out.txt")
        var seen: String?
        try AtomicFile.write(to: target, failure: { Failure(reason: $0) }) { (temporary) throws(Failure) in
            FileManager.default.createFile(atPath: temporary.path, contents: Data("x".utf8))
            seen = temporary.path
            #expect(AtomicFile.pending.withLock { $0.contains(temporary.path) })
            #expect(AtomicFile.removePendingTemporaries() >= 1)
            #expect(!FileManager.default.fileExists(atPath: temporary.path))
            FileManager.default.createFile(atPath: temporary.path, contents: Data("y".utf8))
        }
        #expect(AtomicFile.pending.withLock { !$0.contains(seen!) })
    }
}
