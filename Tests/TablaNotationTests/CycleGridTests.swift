import Testing
@testable import TablaNotation

@Suite("The cycle grid")
struct CycleGridTests {
    static let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
    static let rupak = TaalCatalogue.standard.taal(named: "rupak")!
    static let jhaptaal = TaalCatalogue.standard.taal(named: "jhaptaal")!

    /// One row worked out by hand from the taal's vibhags and marks.
    struct Expected: Sendable, CustomTestStringConvertible {
        var index: Int, cycle: Int, matra: Int, vibhag: Int, mark: VibhagMark
        var vibhagStart: Bool, cycleHalf: CycleGrid.Half
        var testDescription: String { "matra \(index)" }
    }

    static func check(_ grid: CycleGrid, _ rows: [Expected]) {
        for e in rows {
            let p = grid.matra(e.index)
            #expect(p.cycle == e.cycle, "\(e.index): cycle")
            #expect(p.matra == e.matra, "\(e.index): matra")
            #expect(p.vibhag == e.vibhag, "\(e.index): vibhag")
            #expect(p.mark == e.mark, "\(e.index): mark")
            #expect(p.isVibhagStart == e.vibhagStart, "\(e.index): vibhag start")
            #expect(p.cycleHalf == e.cycleHalf, "\(e.index): cycle half")
            #expect(p.isSam == (e.matra == 1), "\(e.index): sam")
        }
    }

    @Test func teentaalFromSam() {
        // 4+4+4+4, X 2 0 3; the cycle's midpoint is after matra 8.
        let grid = CycleGrid(taal: Self.teentaal, pulseCounts: Array(repeating: 1, count: 32))
        Self.check(grid, [
            Expected(index: 0, cycle: 0, matra: 1, vibhag: 0, mark: .sam, vibhagStart: true, cycleHalf: .first),
            Expected(index: 4, cycle: 0, matra: 5, vibhag: 1, mark: .taali(2), vibhagStart: true, cycleHalf: .first),
            Expected(index: 7, cycle: 0, matra: 8, vibhag: 1, mark: .taali(2), vibhagStart: false, cycleHalf: .first),
            Expected(index: 8, cycle: 0, matra: 9, vibhag: 2, mark: .khali, vibhagStart: true, cycleHalf: .second),
            Expected(index: 15, cycle: 0, matra: 16, vibhag: 3, mark: .taali(3), vibhagStart: false, cycleHalf: .second),
            Expected(index: 16, cycle: 1, matra: 1, vibhag: 0, mark: .sam, vibhagStart: true, cycleHalf: .first),
            Expected(index: 29, cycle: 1, matra: 14, vibhag: 3, mark: .taali(3), vibhagStart: false, cycleHalf: .second),
        ])
        #expect(grid.cycles.count == 2 && grid.cycles.allSatisfy(\.isComplete))
        // Two cycles: the first is the bhari half of the section, the second the khali half.
        #expect(grid.matra(15).sectionHalf == .first && grid.matra(16).sectionHalf == .second)
        #expect(grid.matras.allSatisfy { !$0.isLanding })
    }

    @Test func teentaalFromKhaliEndingOnSam() {
        // start 9, 8 matras to the end of the cycle, then the landing Dha on the next sam.
        let grid = CycleGrid(taal: Self.teentaal, start: 9, ends: .sam, pulseCounts: Array(repeating: 2, count: 9))
        Self.check(grid, [
            Expected(index: 0, cycle: 0, matra: 9, vibhag: 2, mark: .khali, vibhagStart: true, cycleHalf: .second),
            Expected(index: 4, cycle: 0, matra: 13, vibhag: 3, mark: .taali(3), vibhagStart: true, cycleHalf: .second),
            Expected(index: 7, cycle: 0, matra: 16, vibhag: 3, mark: .taali(3), vibhagStart: false, cycleHalf: .second),
            Expected(index: 8, cycle: 1, matra: 1, vibhag: 0, mark: .sam, vibhagStart: true, cycleHalf: .first),
        ])
        #expect(grid.matras.map(\.isLanding) == Array(repeating: false, count: 8) + [true])
        // The body is 8 matras, the landing sam not counted: 4 and 4.
        #expect(grid.matras.map(\.sectionHalf) == Array(repeating: .first, count: 4) + Array(repeating: .second, count: 5))
        let cycles = grid.cycles
        #expect(cycles.count == 2)
        #expect(cycles[0].slots == Array(repeating: nil, count: 8) + (0...7).map { $0 })
        #expect(cycles[1].slots == [8] + Array(repeating: nil, count: 15))
        #expect(!cycles[0].isComplete && !cycles[0].isLandingSam && cycles[1].isLandingSam)
        // Bars: before the first matra the count stands 8 matras into the cycle.
        #expect(grid.cyclePosition(afterMatras: 0) == 8)
        #expect(grid.cyclePosition(afterMatras: 4) == 12)
        #expect(grid.cyclePosition(afterMatras: 8) == 0)
        #expect(grid.cyclePosition(afterMatras: -9) == 15)
    }

    @Test func rupakSamIsKhali() {
        // 3+2+2, marks 0 2 3: sam falls in the khali vibhag; midpoint 3.5 matras in.
        let grid = CycleGrid(taal: Self.rupak, pulseCounts: Array(repeating: 1, count: 7))
        Self.check(grid, [
            Expected(index: 0, cycle: 0, matra: 1, vibhag: 0, mark: .khali, vibhagStart: true, cycleHalf: .first),
            Expected(index: 2, cycle: 0, matra: 3, vibhag: 0, mark: .khali, vibhagStart: false, cycleHalf: .first),
            Expected(index: 3, cycle: 0, matra: 4, vibhag: 1, mark: .taali(2), vibhagStart: true, cycleHalf: .first),
            Expected(index: 4, cycle: 0, matra: 5, vibhag: 1, mark: .taali(2), vibhagStart: false, cycleHalf: .second),
            Expected(index: 5, cycle: 0, matra: 6, vibhag: 2, mark: .taali(3), vibhagStart: true, cycleHalf: .second),
        ])
        #expect(grid.matra(0).isSam && grid.matra(0).mark == .khali)
    }

    @Test func jhaptaal() {
        // 2+3+2+3, X 2 0 3, from matra 3 (the second vibhag).
        let grid = CycleGrid(taal: Self.jhaptaal, start: 3, pulseCounts: Array(repeating: 1, count: 18))
        Self.check(grid, [
            Expected(index: 0, cycle: 0, matra: 3, vibhag: 1, mark: .taali(2), vibhagStart: true, cycleHalf: .first),
            Expected(index: 2, cycle: 0, matra: 5, vibhag: 1, mark: .taali(2), vibhagStart: false, cycleHalf: .first),
            Expected(index: 3, cycle: 0, matra: 6, vibhag: 2, mark: .khali, vibhagStart: true, cycleHalf: .second),
            Expected(index: 5, cycle: 0, matra: 8, vibhag: 3, mark: .taali(3), vibhagStart: true, cycleHalf: .second),
            Expected(index: 7, cycle: 0, matra: 10, vibhag: 3, mark: .taali(3), vibhagStart: false, cycleHalf: .second),
            Expected(index: 8, cycle: 1, matra: 1, vibhag: 0, mark: .sam, vibhagStart: true, cycleHalf: .first),
            Expected(index: 17, cycle: 1, matra: 10, vibhag: 3, mark: .taali(3), vibhagStart: false, cycleHalf: .second),
        ])
        #expect(grid.cycles.map(\.isComplete) == [false, true])
    }

    @Test func pulsesKnowTheirFractionAndOffset() {
        // Matras of 1, 4 and 3 pulses from Teentaal's matra 16.
        let grid = CycleGrid(taal: Self.teentaal, start: 16, pulseCounts: [1, 4, 3])
        let pulses = grid.pulses
        #expect(pulses.count == 8)
        #expect(pulses.map(\.pulse) == [0, 0, 1, 2, 3, 0, 1, 2])
        #expect(pulses.map(\.matra.matra) == [16, 1, 1, 1, 1, 2, 2, 2])
        #expect(pulses.map(\.fraction) == [0, 0, 0.25, 0.5, 0.75, 0, 1.0 / 3, 2.0 / 3])
        let third = 1.0 / 3, twoThirds = 2.0 / 3
        let offsets: [Double] = [0, 1, 1.25, 1.5, 1.75, 2, 2 + third, 2 + twoThirds]
        let inCycle: [Double] = [15, 0, 0.25, 0.5, 0.75, 1, 1 + third, 1 + twoThirds]
        #expect(pulses.map(\.offset) == offsets)
        #expect(pulses.map(\.cycleOffset) == inCycle)
    }

    @Test func sectionGridMatchesItsMatras() {
        let (c, d) = NotationParser().check("taal: teentaal\nstart: 9\nends: sam\nDha Tin Tin Ta | Ta Dhin Dhin Dha || Dha\n")
        #expect(d.isEmpty)
        let grid = c.sections[0].grid
        #expect(grid.count == 9 && grid.start == 9 && grid.ends == .sam)
        #expect(grid.matra(8).isLanding)
    }

    @Test(arguments: [(-17, -2, 16), (-1, -1, 16), (0, 0, 1), (15, 0, 16), (16, 1, 1), (33, 2, 2)])
    func placeFloorsBeforeSam(after: Int, cycle: Int, matra: Int) {
        #expect(Self.teentaal.place(after) == (cycle, matra))
    }
}
