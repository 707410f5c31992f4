import Foundation
import TablaNotation
import TablaSynthesis

/// What plays under the tabla for practice: a lehra looped on the taal's cycle, a
/// tanpura drone, and the levels of everything in dB (relative: the mix is normalised).
public struct Accompaniment: Sendable {
    /// The lehra looped under the piece, or nil.
    public var lehra: Lehra?
    /// The tanpura's first string, or nil for no tanpura.
    public var tanpura: Accompanist.TanpuraTuning?
    /// Sa of the lehra and tanpura, in hertz.
    public var sa: Double = Pitch.defaultSa.hertz
    /// Level of the tabla in dB.
    public var tablaLevel = 0.0
    /// Level of the lehra in dB.
    public var lehraLevel = -8.0
    /// Level of the tanpura in dB.
    public var tanpuraLevel = -14.0
    /// Level of the click track in dB.
    public var clickLevel = RenderOptions.clickLevel

    /// No lehra, no tanpura, default levels.
    public init() {}

    static func gain(_ db: Double) -> Float { Float(pow(10, db / 20)) }
}

extension Renderer {
    /// Adds the lehra's notes and the tanpura's plucks as sounds and events. The lehra
    /// follows the placed sections matra by matra (so it slows with the laya and keeps
    /// its place in the cycle across gaps), looping over its own length.
    func addAccompaniment(_ composition: Composition, end: Double, sounds: inout [[Float]], events: inout [Event]) throws(AudioError) {
        let a = options.accompaniment
        guard a.lehra != nil || a.tanpura != nil else { return }
        let rate = Double(bank.rate)
        let voice = Accompanist(rate: rate, sa: a.sa)
        func add(_ mono: [Float], at seconds: Double, gain: Float) {
            sounds.append(AudioBuffer(channels: 1, rate: bank.rate, samples: mono).withChannels(bank.channels).samples)
            events.append(Event(sound: sounds.count - 1, onset: Int((seconds * rate).rounded()), gain: gain, strikes: [], chokedBy: nil))
        }
        if let lehra = a.lehra {
            let gain = Accompaniment.gain(a.lehraLevel)
            let placed = try placedSections(composition)
            guard let first = placed.first else { return }
            // Every matra of the piece, gaps included, with its start and length.
            var matras: [(time: Double, seconds: Double)] = []
            for p in placed {
                for g in 0..<p.gapMatras { matras.append((p.time - Double(p.gapMatras - g) * p.matraSeconds, p.matraSeconds)) }
                for m in 0..<p.playedMatras { matras.append((p.time + Double(m) * p.matraSeconds, p.matraSeconds)) }
            }
            // The lehra's slot for the piece's first matra: the section's start in the cycle.
            let offset = first.section.start - 1
            var cache: [String: [Float]] = [:]
            var pending: (ratio: Double, time: Double, seconds: Double)?
            func flush() {
                guard let n = pending else { return }
                let key = "\(n.ratio) \(Int((n.seconds * rate).rounded()))"
                if cache[key] == nil { cache[key] = voice.note(ratio: n.ratio, seconds: n.seconds) }
                add(cache[key]!, at: n.time, gain: gain)
                pending = nil
            }
            for (i, matra) in matras.enumerated() {
                let slots = lehra.matras[(i + offset) % lehra.matras.count]
                let slotSeconds = matra.seconds / Double(slots.count)
                for (j, slot) in slots.enumerated() {
                    switch slot {
                    case .hold: pending?.seconds += slotSeconds
                    case .note(let ratio, _):
                        flush()
                        pending = (ratio, matra.time + Double(j) * slotSeconds, slotSeconds)
                    }
                }
            }
            flush()
        }
        if let tuning = a.tanpura {
            let gain = Accompaniment.gain(a.tanpuraLevel)
            let plucks = voice.tanpuraStrings(tuning).map(voice.pluck)
            var round = 0.0
            while round < end {
                for (s, t) in Accompanist.pluckTimes.enumerated() where round + t < end { add(plucks[s], at: round + t, gain: gain) }
                round += Accompanist.tanpuraRound
            }
        }
    }
}
