import Foundation
import Testing
import TablaNotation
import TablaSynthesis
@testable import TablaAudio

/// The fundamental of `samples[from..<to]` by autocorrelation: the shortest lag whose
/// correlation is within 5% of the best between 1/2000 s and 1/60 s, refined by a parabola.
func fundamental(_ samples: [Float], rate: Double, from: Double, to: Double) -> Double {
    let x = Array(samples[Int(from * rate)..<Int(to * rate)]).map(Double.init)
    let lags = Int(rate / 2000)...Int(rate / 60)
    var r = [Double](repeating: 0, count: lags.upperBound + 2)
    for lag in (lags.lowerBound - 1)...(lags.upperBound + 1) {
        var s = 0.0
        for i in 0..<(x.count - lag) { s += x[i] * x[i + lag] }
        r[lag] = s
    }
    let best = lags.map { r[$0] }.max()!
    let lag = lags.first { r[$0] >= 0.95 * best && r[$0] >= r[$0 - 1] && r[$0] >= r[$0 + 1] }!
    let (a, b, c) = (r[lag - 1], r[lag], r[lag + 1])
    let shift = 0.5 * (a - c) / (a - 2 * b + c)
    return rate / (Double(lag) + shift)
}

@Suite("Lehra and tanpura")
struct LehraTests {
    let held = try! Lehra.parse("taal: teentaal\nS - - - | P - - - | S' - - - | m - - -\n", file: "held.lehra", taalMatras: Lehra.taalMatras)

    func silentTabla(_ accompaniment: Accompaniment, repeat count: Int = 1) throws -> AudioBuffer {
        var options = rawOptions()
        options.repeatCount = count
        options.accompaniment = accompaniment
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        return try Renderer(bank: bank(["Na"], [0]), options: options).render(c)
    }

    @Test func theLehraIsInTheRequestedKeyAndLoops() throws {
        var a = Accompaniment()
        a.lehra = held
        a.sa = 200
        let audio = try silentTabla(a, repeat: 2)
        // Two cycles of 16 s; the last note (m, 4 matras) rings its 80 ms release past the end.
        #expect(audio.frames == 32 * 44100 + 3528)
        // S, P (3/2), S' (2) and m (4/3) of Sa = 200 Hz, then S again on the second sam.
        for (start, hertz) in [(1.0, 200.0), (5, 300), (9, 400), (13, 800.0 / 3), (17, 200), (21, 300)] {
            let f = fundamental(audio.samples, rate: 44100, from: start, to: start + 0.5)
            #expect(abs(f / hertz - 1) < 0.01, "at \(start) s: \(f) Hz, expected \(hertz)")
        }
    }

    @Test func aMidCycleStartPicksUpTheLehraAtItsMatra() throws {
        var a = Accompaniment()
        a.lehra = held
        a.sa = 220
        var options = rawOptions()
        options.accompaniment = a
        // From matra 9 (S'), 8 matras at 60 a minute: S' for 4 s, then m.
        let c = composition("taal: teentaal\nlaya: 60\nstart: 9\nNa Na Na Na | Na Na Na Na ||\n")
        let audio = try Renderer(bank: bank(["Na"], [0]), options: options).render(c)
        #expect(abs(fundamental(audio.samples, rate: 44100, from: 1, to: 1.5) / 440 - 1) < 0.01)
        #expect(abs(fundamental(audio.samples, rate: 44100, from: 5, to: 5.5) / (220 * 4 / 3) - 1) < 0.01)
    }

    @Test func theTanpuraStartsOnPaBelowSa() throws {
        var a = Accompaniment()
        a.tanpura = .pa
        a.sa = 200
        let audio = try silentTabla(a)
        #expect(Accompanist(rate: 44100, sa: 200).tanpuraStrings(.pa) == [150, 200, 200, 100])
        #expect(Accompanist(rate: 44100, sa: 240).tanpuraStrings(.ma) == [160, 240, 240, 120])
        #expect(Accompanist(rate: 44100, sa: 160).tanpuraStrings(.ni) == [150, 160, 160, 80])
        // The first pluck alone for 1.1 s: Pa below Sa.
        let f = fundamental(audio.samples, rate: 44100, from: 0.2, to: 0.7)
        #expect(abs(f / 150 - 1) < 0.01, "\(f) Hz")
        // Plucked through the whole 16 s: the last round starts at 14.4 s.
        #expect(audio.samples[Int(15.0 * 44100)..<Int(15.2 * 44100)].contains { $0 != 0 })
    }

    @Test func levelsAreSetApartInDecibels() throws {
        var a = Accompaniment()
        a.lehra = held
        a.sa = 200
        a.lehraLevel = 0
        a.tanpuraLevel = -6
        var quiet = a
        quiet.lehraLevel = -20
        quiet.tanpura = nil
        a.tanpura = nil
        // Unnormalised, so levels are absolute: 1.5-2 s holds only the lehra's S.
        let loud = try silentTabla(a).samples[Int(1.5 * 44100)..<Int(2 * 44100)].map(abs).max()!
        let soft = try silentTabla(quiet).samples[Int(1.5 * 44100)..<Int(2 * 44100)].map(abs).max()!
        #expect(abs(soft / loud - 0.1) < 0.001)
        // The tabla's own level scales only the strokes.
        var options = rawOptions()
        options.accompaniment.tablaLevel = -6
        let c = teentaal("Na Na Na Na | Na Na Na Na | Na Na Na Na | Na Na Na Na", laya: 60)
        let audio = try Renderer(bank: bank(["Na"], [1]), options: options).render(c)
        #expect(abs(audio.samples[0] - 0.501187) < 0.0001)
    }
}

@Suite("Lehra text format")
struct LehraFormatTests {
    @Test func shippedLehrasFillWholeCycles() {
        let names: [String] = Lehra.shipped.map(\.name)
        let counts: [Int] = Lehra.shipped.map(\.matras.count)
        #expect(names == ["teentaal-yaman", "teentaal-kirwani", "jhaptaal-bhupali", "ektaal-malkauns", "rupak-desh"])
        #expect(counts == [16, 16, 10, 12, 14])
        #expect(Lehra.named("tintal")?.name == "teentaal-yaman")
        #expect(Lehra.named("Jhaptaal")?.name == "jhaptaal-bhupali")
        #expect(Lehra.named("teentaal-kirwani")?.raga == "Kirwani")
        #expect(Lehra.named("dadra") == nil)
    }

    @Test func notesOctavesHoldsAndSubdivisions() throws {
        let l = try Lehra.parse("name: x\ntaal: dadra\nS N, GM | P' - d ||\n", file: "x.lehra", taalMatras: Lehra.taalMatras)
        #expect(l.matras.count == 6)
        #expect(l.matras[1] == [.note(ratio: 15.0 / 16, name: "N,")])
        let gm: [Lehra.Slot] = [.note(ratio: 1.25, name: "G"), .note(ratio: 1.40625, name: "M")]  // 5/4, 45/32
        #expect(l.matras[2] == gm)
        #expect(l.matras[3] == [.note(ratio: 3, name: "P'")])
        #expect(l.matras[4] == [.hold])
        #expect(l.matras[5] == [.note(ratio: 8.0 / 5, name: "d")])
        let lowered = try Lehra.parse("taal: dadra\n,N S ,D,N S - -\n", file: "y.lehra", taalMatras: Lehra.taalMatras)
        #expect(lowered.matras[0] == [.note(ratio: 15.0 / 16, name: "N,")])
        let dn: [Lehra.Slot] = [.note(ratio: 5.0 / 6, name: "D,"), .note(ratio: 15.0 / 16, name: "N,")]
        #expect(lowered.matras[2] == dn)
    }

    @Test(arguments: [
        ("taal: dadra\nS R X | S S S\n", "f.lehra:2:5", "'X' in 'X' is not a note"),
        ("taal: dadra\nS R G | S S\n", "f.lehra:2:1", "the lehra has 5 matras; dadra needs a whole number of cycles of 6"),
        ("S R G\n", "f.lehra:1:1", "no 'taal:' line"),
        ("taal: dadra\n'S R G | S S S\n", "f.lehra:2:1", "''' marks the octave of the note before it"),
        ("taal: dadra\nmood: calm\n", "f.lehra:2:1", "unknown header 'mood'"),
        ("taal: dadra\nS R G | S S ,\n", "f.lehra:2:13", "',' lowers a note by an octave"),
    ])
    func mistakesAreReportedWhereTheyAre(text: String, place: String, message: String) {
        #expect {
            try Lehra.parse(text, file: "f.lehra", taalMatras: Lehra.taalMatras)
        } throws: { error in
            let e = error as! LehraError
            return e.file == place && e.message.hasPrefix(message)
        }
    }
}
