import Foundation
import Testing
import TablaNotation
@testable import TablaAudio

/// The tanpura's and the click's levels, like the lehra's and the tabla's (LehraTests), are
/// set apart in dB: 6 dB down is 10^(-6/20) = 0.501187 of the amplitude, sample for sample.
@Suite("Tanpura and click levels")
struct LevelTests {
    func render(_ change: (inout RenderOptions) -> Void) throws -> [Float] {
        var options = rawOptions()
        change(&options)
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        // A silent Na: only the accompaniment sounds.
        return try Renderer(bank: bank(["Na"], [0]), options: options).render(c).samples
    }

    func ratio(_ soft: [Float], _ loud: [Float]) -> Double {
        let peak = loud.map(abs).max()!
        #expect(peak > 0.001)
        let i = loud.indices.max { abs(loud[$0]) < abs(loud[$1]) }!
        // Every sample scaled alike: the loudest sample's ratio, and no sample off it.
        let r = Double(soft[i] / loud[i])
        #expect(zip(soft, loud).allSatisfy { abs(Double($0) - r * Double($1)) < 1e-5 })
        return r
    }

    @Test func tanpuraLevel() throws {
        let loud = try render { $0.accompaniment.sa = 200; $0.accompaniment.tanpura = .pa; $0.accompaniment.tanpuraLevel = -14 }
        let soft = try render { $0.accompaniment.sa = 200; $0.accompaniment.tanpura = .pa; $0.accompaniment.tanpuraLevel = -20 }
        #expect(abs(ratio(soft, loud) - 0.501187) < 0.0001)
    }

    @Test func clickLevel() throws {
        let loud = try render { $0.click = true; $0.accompaniment.clickLevel = -6 }
        let soft = try render { $0.click = true; $0.accompaniment.clickLevel = -18 }
        // 12 dB: 10^(-12/20) = 0.251189.
        #expect(abs(ratio(soft, loud) - 0.251189) < 0.0001)
    }
}
