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

/// The split recurrence's helper thread.
struct ThreadPairTests {
    @Test("Both parts run, meet at every barrier, and the pair is freed after a job that captured it")
    func runsBothPartsAndIsFreed() {
        weak var weakPair: ThreadPair?
        do {
            let pair = ThreadPair()
            weakPair = pair
            #expect(pair.isAvailable)
            // Each part writes its slot per round; after the barrier each reads the other's
            // value of the same round, which must already be there.
            let slots = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            let seen = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            defer { slots.deallocate(); seen.deallocate() }
            slots.initialize(repeating: -1, count: 2)
            seen.initialize(repeating: 0, count: 2)
            pair.run { part in
                var sense = false
                for round in 0..<200 {
                    slots[part] = round
                    pair.barrier(&sense)
                    if slots[1 - part] >= round { seen[part] += 1 }
                    pair.barrier(&sense)
                }
            }
            #expect(seen[0] == 200 && seen[1] == 200)
        }
        #expect(weakPair == nil)
    }

    @Test func slowKernelNoteOnlyForPrescottOrHaswellOnAnAVX512CPU() {
        let avx512 = "flags\t\t: fpu sse2 avx2 avx512f avx512dq\n"
        #expect(BLAS.slowKernelNote(core: "Prescott", cpuinfo: avx512)?.contains("OPENBLAS_CORETYPE=SkylakeX") == true)
        #expect(BLAS.slowKernelNote(core: "Prescott", cpuinfo: avx512)?.contains("SSE3") == true)
        #expect(BLAS.slowKernelNote(core: "Haswell", cpuinfo: avx512)?.contains("OPENBLAS_CORETYPE=SkylakeX") == true)
        #expect(BLAS.slowKernelNote(core: "Haswell", cpuinfo: avx512)?.contains("AVX2 (Haswell)") == true)
        // The right kernels, an older CPU (avx512dq alone is not the foundation flag), or no report: no note.
        #expect(BLAS.slowKernelNote(core: "SkylakeX", cpuinfo: avx512) == nil)
        #expect(BLAS.slowKernelNote(core: "Haswell", cpuinfo: "flags\t\t: fpu sse2 avx2 fma\n") == nil)
        #expect(BLAS.slowKernelNote(core: "Zen", cpuinfo: avx512) == nil)
        #expect(BLAS.slowKernelNote(core: "Prescott", cpuinfo: "flags\t\t: fpu sse2 avx2 avx512dq\n") == nil)
        #expect(BLAS.slowKernelNote(core: nil, cpuinfo: avx512) == nil)
    }
}
