import Foundation
import TablaNotation
import TablaSynthesis

/// Renders compositions with a sample bank.
///
/// ```swift
/// let renderer = Renderer(bank: .synthesized())
/// let audio = try renderer.render(composition)
/// try AudioFile.write(audio, to: "out.wav", format: .wav)
/// ```
public struct Renderer: Sendable {
    /// The sounds.
    public var bank: SampleBank
    /// Tempo, selection and mixing choices.
    public var options: RenderOptions

    /// Creates a renderer.
    public init(bank: SampleBank, options: RenderOptions = RenderOptions()) {
        self.bank = bank
        self.options = options
    }

    /// One sound placed on the timeline.
    struct Event {
        /// Index into the flat list of sounds.
        var sound: Int
        var onset: Int
        var gain: Float
        /// The drums whose ringing this strike stops.
        var strikes: Set<Drum>
        /// The drum whose next strike stops this sound; nil for clicks.
        var chokedBy: Drum?
        /// Frames to play before the choke fade begins (Int.max: ring out).
        var cut = Int.max
        /// Frames of the sound before its hit: `onset + lead` is on the grid.
        var lead = 0
        /// Length of the choke fade in frames.
        var fade = 1
        /// The frame on the grid.
        var hit: Int { onset + lead }
    }

    /// A bol's place on the timeline, as computed before jitter.
    public struct Onset: Hashable, Sendable {
        /// The bol.
        public var bol: Bol
        /// Time in seconds from the start.
        public var time: Double
        /// Whether it is the first bol of sam.
        public var isSam: Bool
    }

    /// The drum whose next stroke stops a recording of a whole compound bol: the drum
    /// of its longest-ringing stroke. Tin and Tun outlast Ge, which outlasts Na and Ta,
    /// which outlast the closed strokes; so Dha rings on the bayan and Dhin on the
    /// dayan, as in the reference recordings (docs/SOUND.md).
    static func ringingDrum(of bol: Bol) -> Drum {
        let ring: [Stroke] = [.tin, .tun, .ge, .na, .ta, .kat, .ke, .te, .ti, .ra]
        return bol.strokes.min { ring.firstIndex(of: $0)! < ring.firstIndex(of: $1)! }!.drum
    }

    /// The sections played, in order, `repeatCount` times.
    func sections(of composition: Composition) throws(AudioError) -> [Section] {
        try options.sections(of: composition)
    }

    func laya(_ section: Section, in composition: Composition) -> Double {
        options.laya(section, in: composition)
    }

    /// Every bol's onset time and the end of the last matra, in seconds.
    public func timeline(_ composition: Composition) throws(AudioError) -> (onsets: [Onset], end: Double) {
        var onsets: [Onset] = []
        var offset = 0.0
        for placed in try placedSections(composition) {
            let section = placed.section
            let matraSeconds = placed.matraSeconds
            offset = placed.time
            let grid = section.grid
            for (m, matra) in section.matras.prefix(placed.playedMatras).enumerated() {
                let k = matra.pulses.count
                let isSamMatra = grid.matra(m).isSam
                for (j, pulse) in matra.pulses.enumerated() {
                    guard let bol = pulse.bol else { continue }
                    let time = offset + (Double(m) + Double(j) / Double(k)) * matraSeconds
                    onsets.append(Onset(bol: bol, time: time, isSam: isSamMatra && j == 0))
                }
            }
            offset += Double(placed.playedMatras) * matraSeconds
        }
        return (onsets, offset)
    }

    /// Places every sound on the timeline and works out where each is choked.
    func prepare(_ composition: Composition) throws(AudioError) -> Mix {
        let (onsets, end) = try timeline(composition)
        guard !onsets.isEmpty else { throw .nothingToRender }
        // Before any Double becomes a frame count: a tiny laya gives an end past Int.
        guard end.isFinite, end <= options.longestRender else { throw .tooLong(seconds: end, limit: options.longestRender) }

        // Check every bol first, so an unsoundable one fails before any work.
        var voicings: [Bol: SampleBank.Voicing] = [:]
        for onset in onsets where voicings[onset.bol] == nil { voicings[onset.bol] = try bank.voicing(onset.bol) }

        // A flat list of sounds: every take of the bank, then the clicks.
        var sounds: [[Float]] = []
        var leads: [Int] = []
        var firstTake: [Bol: Int] = [:]
        for bol in bank.takes.keys.sorted() {
            firstTake[bol] = sounds.count
            sounds += bank.takes[bol]!.map(\.samples)
            leads += bank.hits[bol]!
        }
        // For each take of a layered bol, its layers' sounds.
        var layerSounds: [Bol: [[(drum: Drum, sound: Int)]]] = [:]
        for bol in bank.layers.keys.sorted() {
            for (t, layers) in bank.layers[bol]!.enumerated() {
                var placed: [(drum: Drum, sound: Int)] = []
                for layer in layers {
                    placed.append((layer.drum, sounds.count))
                    sounds.append(layer.buffer.withChannels(bank.channels).samples)
                    leads.append(bank.hits[bol]![t])
                }
                layerSounds[bol, default: []].append(placed)
            }
        }
        var clickSound: [Click: Int] = [:]
        if options.click {
            let synth = Synthesizer(rate: Double(bank.rate))
            for click in Click.allCases {
                clickSound[click] = sounds.count
                sounds.append(AudioBuffer(channels: 1, rate: bank.rate, samples: synth.render(click)).withChannels(bank.channels).samples)
                leads.append(0)
            }
        }

        // With --normalize-takes, a gain per sound that brings each take of a bol to
        // the mean loudness of its takes.
        var takeGain = [Float](repeating: 1, count: sounds.count)
        if options.normalizeTakes {
            let frames = Int(0.05 * Double(bank.rate)) * bank.channels
            for (bol, first) in firstTake {
                let count = bank.takes[bol]!.count
                guard count > 1 else { continue }
                let loudness = (first..<(first + count)).map { sound -> Double in
                    let from = leads[sound] * bank.channels
                    let part = sounds[sound][min(from, sounds[sound].count)..<min(from + frames, sounds[sound].count)]
                    return part.isEmpty ? 0 : (part.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(part.count)).squareRoot()
                }
                let target = loudness.reduce(0, +) / Double(count)
                for (k, l) in loudness.enumerated() where l > 0 {
                    takeGain[first + k] = Float(target / l)
                    // A layered take (the built-in Dha) plays as its layers: same gain.
                    for layer in layerSounds[bol]?[k] ?? [] { takeGain[layer.sound] = Float(target / l) }
                }
            }
        }

        var rng = SplitMix64(seed: options.seed)
        var nextTake: [Bol: Int] = [:]
        // Which take of `bol` plays next (0-based).
        func takeIndex(_ bol: Bol) -> Int {
            let count = bank.takes[bol]!.count
            var index = 0
            if count > 1 {
                switch options.takeOrder {
                case .inTurn: index = nextTake[bol, default: 0] % count
                case .random:
                    // Any take first; after that any but the last one played.
                    if let last = nextTake[bol] {
                        index = Int(rng.next() % UInt64(count - 1))
                        if index >= last { index += 1 }
                    } else {
                        index = Int(rng.next() % UInt64(count))
                    }
                }
            }
            nextTake[bol] = options.takeOrder == .inTurn ? index + 1 : index
            return index
        }
        func take(_ bol: Bol) -> Int { firstTake[bol]! + takeIndex(bol) }

        let rate = Double(bank.rate)
        let accent = Float(pow(10, options.samAccent / 20))
        let flam = Int((RenderOptions.flamSeconds * rate).rounded())
        var events: [Event] = []
        events.reserveCapacity(onsets.count * 2)
        for onset in onsets {
            var time = onset.time
            var gain: Float = (onset.isSam ? accent : 1) * Accompaniment.gain(options.accompaniment.tablaLevel)
            if options.humanize > 0 {
                time = max(0, time + rng.nextSigned() * options.humanize / 1000)
                gain *= Float(pow(10, rng.nextSigned() * 1.5 / 20))
            }
            let frame = Int((time * rate).rounded())
            // Each sound starts its lead before the grid, so its hit lands on it.
            func event(_ sound: Int, at frame: Int, strikes: Set<Drum>, chokedBy: Drum) -> Event {
                var e = Event(sound: sound, onset: frame - leads[sound], gain: gain * takeGain[sound], strikes: strikes, chokedBy: chokedBy)
                e.lead = leads[sound]
                return e
            }
            switch voicings[onset.bol]! {
            case .own(let bol):
                events.append(event(take(bol), at: frame, strikes: bol.drums, chokedBy: Self.ringingDrum(of: bol)))
            case .layered(let bol):
                for layer in layerSounds[bol]![takeIndex(bol)] { events.append(event(layer.sound, at: frame, strikes: [layer.drum], chokedBy: layer.drum)) }
            case .mixed(let parts):
                for (i, part) in parts.enumerated() {
                    let drum = part.strokes[0].drum
                    let delay = onset.bol.isFlam ? i * flam : 0
                    events.append(event(take(part), at: frame + delay, strikes: [drum], chokedBy: drum))
                }
            }
        }

        // Clicks on the first matra of each vibhag.
        if options.click {
            let level = Accompaniment.gain(options.accompaniment.clickLevel)
            for placed in try placedSections(composition) {
                for position in placed.section.grid.matras.prefix(placed.playedMatras) where position.isVibhagStart {
                    let m = position.index
                    let click: Click = position.mark == .khali ? .khali : .taali
                    let frame = Int(((placed.time + Double(m) * placed.matraSeconds) * rate).rounded())
                    events.append(Event(sound: clickSound[click]!, onset: frame, gain: level, strikes: [], chokedBy: nil))
                }
            }
        }

        try addAccompaniment(composition, end: end, sounds: &sounds, events: &events)

        // A strike stops what still rings on its drum: every earlier sound waiting on
        // that drum fades out from the new one's hit, over a quarter of the time it
        // had rung (15-30 ms).
        events.sort { $0.hit < $1.hit }
        var ringing: [Drum: [Int]] = [:]
        var i = 0
        while i < events.count {
            var j = i
            while j < events.count && events[j].hit == events[i].hit { j += 1 }
            for e in i..<j {
                for drum in events[e].strikes {
                    for r in ringing[drum] ?? [] {
                        let cut = events[e].hit - events[r].onset
                        if cut < events[r].cut {
                            events[r].cut = cut
                            let gap = Double(events[e].hit - events[r].hit) / rate
                            events[r].fade = max(1, Int((RenderOptions.chokeSeconds(gap: gap) * rate).rounded()))
                        }
                    }
                    ringing[drum] = []
                }
            }
            for e in i..<j { if let d = events[e].chokedBy { ringing[d, default: []].append(e) } }
            i = j
        }

        let channels = bank.channels
        var frames = Int((end * rate).rounded())
        for e in events { frames = max(frames, e.onset + Mix.length(of: e, in: sounds, channels: channels)) }
        frames = min(frames, Int(((end + max(0, options.ringOut)) * rate).rounded()))
        events.sort { $0.onset < $1.onset }
        return Mix(sounds: sounds, events: events, frames: frames, channels: channels, rate: bank.rate,
                   normalize: options.normalize)
    }

    /// Renders the composition into memory: the sections chosen by ``options``, mixed
    /// and (by default) normalised to -1 dBFS. Throws before any mixing when a bol
    /// cannot be sounded with the bank.
    public func render(_ composition: Composition) throws(AudioError) -> AudioBuffer {
        try prepare(composition).buffer()
    }

    /// Renders the composition straight into a file, written atomically, without
    /// holding the whole mix in memory (it is mixed twice: once for the peak).
    @discardableResult
    public func render(_ composition: Composition, to path: String, format: AudioFormat,
                       sampleFormat: SampleFormat = .int16) throws(AudioError) -> RenderSummary {
        let mix = try prepare(composition)
        let scale = mix.normalize ? mix.gainToNormalize() : 1
        var position = 0
        try AudioFile.write(to: path, format: format, sampleFormat: sampleFormat, channels: mix.channels, rate: mix.rate,
                            frames: mix.frames) { block in
            let count = min(Mix.blockFrames, mix.frames - position)
            guard count > 0 else { return 0 }
            if block.count < count * mix.channels { block = [Float](repeating: 0, count: count * mix.channels) }
            block.withUnsafeMutableBufferPointer { target in
                let slice = UnsafeMutableBufferPointer(rebasing: target[0..<(count * mix.channels)])
                mix.mix(from: position, into: slice)
                if scale != 1 { for i in slice.indices { slice[i] *= scale } }
            }
            position += count
            return count
        }
        return RenderSummary(frames: mix.frames, channels: mix.channels, rate: mix.rate)
    }
}

/// What ``Renderer/render(_:to:format:sampleFormat:)`` wrote.
public struct RenderSummary: Hashable, Sendable {
    /// Length in frames.
    public var frames: Int
    /// Channels per frame.
    public var channels: Int
    /// Frames per second.
    public var rate: Int
    /// Length in seconds.
    public var duration: Double { Double(frames) / Double(rate) }
}
