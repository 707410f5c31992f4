import Foundation
import Testing
@testable import TablaML

/// What the engine can learn about the linked BLAS.
struct BLASTests {
    @Test("The BLAS core name is reported, and follows OPENBLAS_CORETYPE when that is set to a known core")
    func coreName() throws {
        let name = try #require(BLAS.coreName)
        #expect(!name.isEmpty)
        // OpenBLAS honours a core type it knows (it prints "Core not found" and guesses
        // otherwise); these are ones Debian's dynamic build carries.
        if let wanted = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
           ["haswell", "skylakex", "sandybridge", "prescott"].contains(wanted.lowercased()) {
            #expect(name.lowercased() == wanted.lowercased())
        }
    }
}
