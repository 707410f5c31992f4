import Foundation
import TablaNotation

/// Which MIDI note and channel each stroke is written as.
///
/// The default map (``tabla``) puts the bayan on C2 D2 E2 and the dayan on the white
/// keys from C4, both on channel 1; ``generalMIDI`` plays on any General MIDI synth
/// (channel 10, congas and bongos). A map file overrides any of these (docs/SOUND.md).
public struct MIDINoteMap: Hashable, Sendable {
    /// The note number (0-127) of each stroke.
    public var notes: [Stroke: UInt8]
    /// The channel of each drum, 0-based (9 is General MIDI's channel 10).
    public var channels: [Drum: UInt8]

    /// Creates a map.
    public init(notes: [Stroke: UInt8], channels: [Drum: UInt8]) {
        self.notes = notes
        self.channels = channels
    }

    /// For a tabla instrument: bayan Ge, Ke, Kat on C2, D2, E2 (36, 38, 40); dayan Na, Ta,
    /// Tin, Tun, Te, Ti, Ra on the white keys C4 to B4 (60 to 71); channel 1.
    public static let tabla = MIDINoteMap(
        notes: [.ge: 36, .ke: 38, .kat: 40, .na: 60, .ta: 62, .tin: 64, .tun: 65, .te: 67, .ti: 69, .ra: 71],
        channels: [.dayan: 0, .bayan: 0])

    /// General MIDI percussion (channel 10): open strokes on congas and bongos (Na the
    /// open high conga, Ta the muted one, Tin the high bongo, Tun the low bongo, Ge the
    /// low conga), closed dayan strokes on timbales and the side stick, closed bayan
    /// strokes on the bass drums.
    public static let generalMIDI = MIDINoteMap(
        notes: [.na: 63, .ta: 62, .tin: 60, .tun: 61, .te: 65, .ti: 66, .ra: 37, .ge: 64, .ke: 35, .kat: 36],
        channels: [.dayan: 9, .bayan: 9])

    /// Reads a map file: `stroke note` lines (`na 63`, notes 0-127), `channel N` for both
    /// drums or `dayan-channel N` / `bayan-channel N` (1-16), `#` comments. Strokes not
    /// named keep their note in ``tabla``.
    public static func parse(_ text: String, file: String) throws(MIDIError) -> MIDINoteMap {
        var map = MIDINoteMap.tabla
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let key = words.first else { continue }
            let column = line.distance(from: line.startIndex, to: key.startIndex) + 1
            func fail(_ message: String) -> MIDIError {
                .badMap(path: file, line: n + 1, column: column, text: String(rawLine.trimmingCharacters(in: .whitespaces)), message: message)
            }
            guard words.count == 2 else { throw fail("expected a stroke or 'channel' and one number, like 'na 63' or 'channel 10'") }
            let name = key.lowercased()
            let value = Int(words[1])
            switch name {
            case "channel", "dayan-channel", "bayan-channel":
                guard let value, (1...16).contains(value) else { throw fail("channel '\(words[1])' must be a number from 1 to 16") }
                if name != "bayan-channel" { map.channels[.dayan] = UInt8(value - 1) }
                if name != "dayan-channel" { map.channels[.bayan] = UInt8(value - 1) }
            default:
                guard let stroke = Stroke(rawValue: name) else {
                    throw fail("unknown stroke '\(key)'; the strokes are \(Stroke.allCases.map(\.rawValue).joined(separator: ", ")), or write 'channel N'")
                }
                guard let value, (0...127).contains(value) else { throw fail("note '\(words[1])' must be a MIDI note number from 0 to 127") }
                map.notes[stroke] = UInt8(value)
            }
        }
        return map
    }

    /// Reads a map file from disk (see ``parse(_:file:)``).
    public static func load(_ path: String) throws(MIDIError) -> MIDINoteMap {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .cannotRead(path: path)
        }
        return try parse(text, file: path)
    }
}

/// What can go wrong writing MIDI or reading a note map.
public enum MIDIError: ReportableError, Equatable {
    /// The map file is missing or not UTF-8 text.
    case cannotRead(path: String)
    /// A line of the map file is wrong.
    case badMap(path: String, line: Int, column: Int, text: String, message: String)
    /// The output could not be written.
    case cannotWrite(path: String, reason: String)

    /// The file concerned, with line and column for a map error.
    public var file: String? {
        switch self {
        case .cannotRead(let path), .cannotWrite(let path, _): path
        case .badMap(let path, let line, let column, _, _): "\(path):\(line):\(column)"
        }
    }

    /// What is wrong and what to do.
    public var message: String {
        switch self {
        case .cannotRead: "cannot read the MIDI note map; give a text file of 'stroke note' lines, or 'gm'"
        case .badMap(_, _, _, let text, let message): "\(message): '\(text)'"
        case .cannotWrite(_, let reason): "cannot write: \(reason)"
        }
    }
}

/// Writes a composition as a Standard MIDI File, format 1.
///
/// One matra is one quarter note, so the tempo in beats per minute is the laya. Track 1
/// (the conductor) holds the tempo, a time signature at each sam (16/4 in Teentaal), a
/// marker on every vibhag (`sam`, `taali 2`, `khali`) and a cue point naming each
/// section. Tracks 2 and 3 hold the dayan's and the bayan's strokes, each with the bol
/// as a lyric, so a DAW shows the bols under the notes.
///
/// Every bar is a whole cycle, so a DAW's bar lines are the sams and its beat numbers
/// the matra numbers. A piece that starts mid-cycle (a mukhda from matra 9) therefore
/// opens with rests: its first bar is the whole cycle, with the first stroke on beat 9,
/// not an 8/4 pickup bar that would put the DAW's beat 1 on matra 9. Only a section of a
/// taal of another length that starts mid-cycle after the previous one opens with a
/// short bar, up to its first sam, since its cycle cannot begin before the previous
/// section's music ends.
///
/// ```swift
/// let bytes = try MIDIWriter(options: options).data(composition)
/// ```
public struct MIDIWriter: Sendable {
    /// Tempo, section, repeats, sam accent, humanising and seed: as for audio.
    public var options: RenderOptions
    /// Notes and channels of the strokes.
    public var map: MIDINoteMap

    /// Ticks per quarter note (per matra): divisible by 1 to 10, 12, 14, 16 and 32, so
    /// every common layakari falls exactly on a tick.
    public static let ticksPerMatra = 10080
    /// Velocity of an unaccented stroke.
    public static let baseVelocity = 90.0

    /// Creates a writer.
    public init(options: RenderOptions = RenderOptions(), map: MIDINoteMap = .tabla) {
        self.options = options
        self.map = map
    }

    /// A MIDI event at a tick; `order` sorts events of the same tick (note-offs first).
    struct Event {
        var tick: Int
        var order: Int
        var bytes: [UInt8]
    }

    /// The whole file.
    public func data(_ composition: Composition) throws(AudioError) -> [UInt8] {
        let placed = try options.placedSections(composition)
        let ppq = Self.ticksPerMatra
        var conductor: [Event] = []
        var strokes: [Drum: [(tick: Int, note: UInt8, velocity: UInt8, bol: String)]] = [.dayan: [], .bayan: []]
        var rng = SplitMix64(seed: options.seed)
        // Where each bar starts and its length in matras.
        var signatures: [(tick: Int, matras: Int)] = []
        var lastTempo = -1
        // The matras of the first cycle before the first stroke: rests, so that the first
        // bar is a whole cycle (a piece from matra 9 starts 8 matras in).
        let lead = placed.first.map { $0.section.matras.isEmpty ? 0 : $0.section.grid.matra(0).matra - 1 } ?? 0
        if let first = placed.first, lead > 0 {
            let taal = first.section.taal
            signatures.append((0, taal.matras))
            for (start, mark) in zip(taal.vibhagStarts, taal.marks) where start <= lead {
                conductor.append(Event(tick: (start - 1) * ppq, order: 3, bytes: Self.meta(0x06, Self.markerText(mark, isSam: start == 1))))
            }
        }
        var end = lead * ppq
        for (s, p) in placed.enumerated() {
            let section = p.section
            let tempo = Int((60_000_000 / p.laya).rounded())
            let sectionTick = (lead + p.matraOffset) * ppq
            if tempo != lastTempo {
                let at = s == 0 ? 0 : (lead + p.matraOffset - p.gapMatras) * ppq
                conductor.append(Event(tick: at, order: 0, bytes: [0xFF, 0x51, 0x03, UInt8(tempo >> 16 & 0xFF), UInt8(tempo >> 8 & 0xFF), UInt8(tempo & 0xFF)]))
                lastTempo = tempo
            }
            if let name = section.name { conductor.append(Event(tick: sectionTick, order: 1, bytes: Self.meta(0x07, name))) }
            let grid = section.grid
            // Sections of a taal of the same length keep the previous one's cycle (placement
            // puts each at its matra); another taal starts a bar where it comes in.
            let newCycle = s > 0 && placed[s - 1].section.taal.matras != section.taal.matras
            // The rests before a section that waits for its matra are still in the cycle:
            // their sam starts a bar, their vibhags get markers.
            let taal = section.taal
            for j in 0..<(newCycle ? 0 : p.gapMatras) {
                let m = ((section.start - 1 - p.gapMatras + j) % taal.matras + taal.matras) % taal.matras + 1
                let tick = sectionTick - (p.gapMatras - j) * ppq
                if m == 1 { signatures.append((tick, taal.matras)) }
                if let v = taal.vibhagStarts.firstIndex(of: m) {
                    conductor.append(Event(tick: tick, order: 3, bytes: Self.meta(0x06, Self.markerText(taal.marks[v], isSam: m == 1))))
                }
            }
            for position in grid.matras.prefix(p.playedMatras) {
                let tick = sectionTick + position.index * ppq
                if position.isSam || (position.index == 0 && newCycle) {
                    // Mid-cycle, the bar holds the matras up to the next sam.
                    signatures.append((tick, section.taal.matras - position.matra + 1))
                }
                if position.isVibhagStart {
                    conductor.append(Event(tick: tick, order: 3, bytes: Self.meta(0x06, Self.markerText(position.mark, isSam: position.isSam))))
                }
            }
            let ticksPerSecond = Double(ppq) / p.matraSeconds
            for (m, matra) in section.matras.prefix(p.playedMatras).enumerated() {
                let k = matra.pulses.count
                for (j, pulse) in matra.pulses.enumerated() {
                    guard let bol = pulse.bol else { continue }
                    var tick = sectionTick + m * ppq + Int((Double(j * ppq) / Double(k)).rounded())
                    var gainDB = grid.matra(m).isSam && j == 0 ? options.samAccent : 0
                    if options.humanize > 0 {
                        tick = max(0, tick + Int((rng.nextSigned() * options.humanize / 1000 * ticksPerSecond).rounded()))
                        gainDB += rng.nextSigned() * 1.5
                    }
                    // MIDI velocity maps to level as 40 log10(v / 127) dB (the General MIDI curve).
                    let velocity = UInt8(max(1, min(127, (Self.baseVelocity * pow(10, gainDB / 40)).rounded())))
                    let flam = Int((RenderOptions.flamSeconds * ticksPerSecond).rounded())
                    for (i, stroke) in bol.strokes.enumerated() {
                        let at = tick + (bol.isFlam ? i * flam : 0)
                        strokes[stroke.drum]!.append((at, map.notes[stroke] ?? MIDINoteMap.tabla.notes[stroke]!, velocity, bol.name))
                    }
                }
            }
            end = max(end, (lead + p.matraOffset + p.playedMatras) * ppq)
        }
        guard strokes.values.contains(where: { !$0.isEmpty }) else { throw .nothingToRender }
        // A bar is a whole cycle, cut short only where another taal's bar begins inside it;
        // the last one is whole even when the piece stops inside it (on a landing sam).
        signatures.sort { $0.tick < $1.tick }
        for (i, s) in signatures.enumerated() {
            let next = i + 1 < signatures.count ? signatures[i + 1].tick : Int.max
            let numerator = max(1, min(s.matras, (next - s.tick) / ppq, 255))
            conductor.append(Event(tick: s.tick, order: 2, bytes: [0xFF, 0x58, 0x04, UInt8(numerator), 0x02, 0x18, 0x08]))
        }

        var tracks: [[Event]] = [[Event(tick: 0, order: -1, bytes: Self.meta(0x03, composition.title ?? "tabla"))] + conductor]
        for drum in [Drum.dayan, .bayan] {
            let channel = map.channels[drum] ?? 0
            var events = [Event(tick: 0, order: -1, bytes: Self.meta(0x03, drum == .dayan ? "Dayan" : "Bayan"))]
            let notes = strokes[drum]!.sorted { $0.tick < $1.tick }
            for (i, s) in notes.enumerated() {
                // A stroke sounds until the drum's next stroke, at most one matra.
                let next = notes[(i + 1)...].first { $0.tick > s.tick }?.tick ?? Int.max
                let off = max(s.tick + 1, min(next, s.tick + ppq))
                if i == 0 || notes[i - 1].tick != s.tick || notes[i - 1].bol != s.bol {
                    events.append(Event(tick: s.tick, order: 1, bytes: Self.meta(0x05, s.bol)))
                }
                events.append(Event(tick: s.tick, order: 2, bytes: [0x90 | channel, s.note, s.velocity]))
                // Note-off written as a note-on at velocity 0, so running status carries it.
                events.append(Event(tick: off, order: 0, bytes: [0x90 | channel, s.note, 0]))
                end = max(end, off)
            }
            tracks.append(events)
        }
        var out: [UInt8] = Array("MThd".utf8) + Self.be32(6) + [0, 1] + Self.be16(tracks.count) + Self.be16(ppq)
        for var track in tracks {
            track.append(Event(tick: end, order: 99, bytes: [0xFF, 0x2F, 0x00]))
            let body = Self.encode(track)
            out += Array("MTrk".utf8) + Self.be32(body.count) + body
        }
        return out
    }

    /// Writes the file atomically.
    public func write(_ composition: Composition, to path: String) throws -> Int {
        let bytes = try data(composition)
        try AtomicFile.write(Data(bytes), to: URL(fileURLWithPath: path)) { reason in MIDIError.cannotWrite(path: path, reason: reason) }
        return bytes.count
    }

    /// A track's events as delta times and bytes, with running status for channel messages.
    static func encode(_ events: [Event]) -> [UInt8] {
        let sorted = events.enumerated().sorted { a, b in
            (a.element.tick, a.element.order, a.offset) < (b.element.tick, b.element.order, b.offset)
        }.map(\.element)
        var out: [UInt8] = []
        var tick = 0
        var running: UInt8? = nil
        for e in sorted {
            out += vlq(e.tick - tick)
            tick = e.tick
            let status = e.bytes[0]
            if status < 0xF0 {
                if status == running { out += e.bytes.dropFirst() } else { out += e.bytes }
                running = status
            } else {
                // Meta events cancel running status.
                out += e.bytes
                running = nil
            }
        }
        return out
    }

    /// The marker written on a vibhag's first matra.
    static func markerText(_ mark: VibhagMark, isSam: Bool) -> String {
        switch mark {
        case .sam: "sam"
        case .khali: isSam ? "sam (khali)" : "khali"
        case .taali(let n): "taali \(n)"
        }
    }

    /// A meta event with a text payload.
    static func meta(_ type: UInt8, _ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [0xFF, type] + vlq(bytes.count) + bytes
    }

    /// A variable-length quantity: seven bits a byte, most significant first, the high
    /// bit set on all but the last.
    static func vlq(_ value: Int) -> [UInt8] {
        var v = value
        var out = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 {
            out.insert(UInt8(v & 0x7F) | 0x80, at: 0)
            v >>= 7
        }
        return out
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
