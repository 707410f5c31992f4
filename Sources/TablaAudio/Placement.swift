import TablaNotation

/// A section placed on the piece's timeline, so that every sam falls on the grid.
public struct PlacedSection: Sendable {
    /// The section played.
    public var section: Section
    /// Matras from the start of the piece to the section's first matra (in MIDI one
    /// matra is one quarter note).
    public var matraOffset: Int
    /// Silent matras left before the section so that its first matra falls at its `start`.
    public var gapMatras: Int
    /// Seconds from the start of the piece to the section's first matra.
    public var time: Double
    /// Seconds per matra at the section's laya.
    public var matraSeconds: Double
    /// Matras of the section played: all of them, or all but a landing sam whose place
    /// the next section's own sam takes.
    public var playedMatras: Int
    /// The section's laya in matras per minute.
    public var laya: Double { 60 / matraSeconds }
}

extension Renderer {
    /// The sections played, in order, each at its place in the taal (see ``RenderOptions/placedSections(_:)``).
    public func placedSections(_ composition: Composition) throws(AudioError) -> [PlacedSection] {
        try options.placedSections(composition)
    }
}

extension RenderOptions {
    /// The sections chosen by ``section``, in order, ``repeatCount`` times.
    func sections(of composition: Composition) throws(AudioError) -> [Section] {
        var chosen = composition.sections
        if let name = section {
            chosen = composition.sections.filter { $0.name?.lowercased() == name.lowercased() }
            if chosen.isEmpty { throw .unknownSection(name: name, available: composition.sections.compactMap(\.name)) }
        }
        let played = Array(repeating: chosen, count: max(1, repeatCount)).flatMap { $0 }
        guard countIn > 0, let first = played.first else { return played }
        return [leadIn(before: first, in: composition)] + played
    }

    /// ``countIn`` cycles of the taal's theka and then its first matras up to the
    /// section's start, so a mukhda from matra 9 comes in on matra 9. A taal without a
    /// theka gets rests (with `--click`, the claps still count).
    func leadIn(before section: Section, in composition: Composition) -> Section {
        let taal = section.taal
        let (theka, _) = NotationParser(defaultTaal: taal).parse(taal.theka)
        var cycle = theka.sections.first?.matras ?? []
        if cycle.count != taal.matras { cycle = Array(repeating: Matra([.rest]), count: taal.matras) }
        let count = countIn * taal.matras + section.start - 1
        let matras = (0..<count).map { cycle[$0 % taal.matras] }
        return Section(name: "count-in", taal: taal, laya: laya(section, in: composition), matras: matras)
    }

    /// The laya a section is played at: the options', the section's, the file's or the default.
    func laya(_ section: Section, in composition: Composition) -> Double {
        laya ?? section.laya ?? composition.laya ?? RenderOptions.defaultLaya
    }

    /// The sections played, in order, each at its place in the taal.
    ///
    /// Played end to end, a section ending on sam would put its landing sam one matra
    /// before the next section's sam (two sams one matra apart, and a repeat starting on
    /// matra 2). Instead the landing is played by the next section's first matra when
    /// that starts on sam, and a section starting mid-cycle (a mukhda from matra 9) waits
    /// for its matra after the previous one. Sections of different taals run on.
    public func placedSections(_ composition: Composition) throws(AudioError) -> [PlacedSection] {
        var placed: [PlacedSection] = []
        var matras = 0
        var time = 0.0
        for section in try sections(of: composition) {
            let matraSeconds = 60 / laya(section, in: composition)
            var gap = 0
            if let previous = placed.last, previous.section.taal.matras == section.taal.matras, !section.matras.isEmpty {
                let n = section.taal.matras
                let grid = previous.section.grid
                var position = grid.cyclePosition(afterMatras: previous.playedMatras)
                if let last = grid.matras.last, last.isLanding, section.start == 1, previous.playedMatras > 0 {
                    placed[placed.count - 1].playedMatras -= 1
                    matras -= 1
                    time -= previous.matraSeconds
                    position = 0
                }
                gap = ((section.start - 1 - position) % n + n) % n
            }
            matras += gap
            time += Double(gap) * matraSeconds
            placed.append(PlacedSection(section: section, matraOffset: matras, gapMatras: gap, time: time,
                                        matraSeconds: matraSeconds, playedMatras: section.matras.count))
            matras += section.matras.count
            time += Double(section.matras.count) * matraSeconds
        }
        return placed
    }
}
