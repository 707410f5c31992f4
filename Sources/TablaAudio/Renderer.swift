import Foundation
import Synchronization
import TablaNotation
import TablaSynthesis

/// How a composition is turned into audio.
public struct RenderOptions: Sendable {
    /// Matras per minute for every section, overriding the file; nil keeps the file's.
    public var laya: Double?
    /// Render only the section with this name (case-insensitive).
    public var section: String?
    /// How many times the composition (or section) is played.
    public var repeatCount: Int = 1
    /// Maximum timing jitter in milliseconds; levels then vary by up to ±1.5 dB too.
    public var humanize: Double = 0
    /// Seeds the humanising jitter and random take choice.
    public var seed: UInt64 = 0
    /// Which take of a bol with several is played each time.
    public var takeOrder: TakeOrder = .inTurn
    /// Adds a soft clap on sam and taali, a tick on khali.
    public var click: Bool = false
    /// Extra level on the first bol of sam, in dB.
    public var samAccent: Double = 2
    /// Scales the result so its peak is -1 dBFS.
    public var normalize: Bool = true

    /// Tempo used when neither the options nor the file give one.
    public static let defaultLaya = 60.0
    /// Length of the fade that cuts a sound when its drum is struck again.
    public static let chokeSeconds = 0.005
    /// Delay of each later stroke of a flam (Kran, Tra) after the first.
    public static let flamSeconds = 0.025
    /// Click-track level relative to the strokes, in dB.
    public static let clickLevel = -12.0
    /// Target peak, -1 dBFS.
    public static let peak = Float(pow(10, -1.0 / 20))

    /// Options with the defaults.
    public init() {}
}

/// How the takes of a bol recorded several times are chosen.
public enum TakeOrder: String, Sendable, CaseIterable {
    /// First, second, third... and round again.
    case inTurn = "in-turn"
    /// At random (seeded), never the same take twice in a row when there are several.
    case random
}

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

    /// The sections played, in order, `repeatCount` times.
    func sections(of composition: Composition) throws(AudioError) -> [Section] {
        var chosen = composition.sections
        if let name = options.section {
            chosen = composition.sections.filter { $0.name?.lowercased() == name.lowercased() }
            if chosen.isEmpty { throw .unknownSection(name: name, available: composition.sections.compactMap(\.name)) }
        }
        return Array(repeating: chosen, count: max(1, options.repeatCount)).flatMap { $0 }
    }

    func laya(_ section: Section, in composition: Composition) -> Double {
        options.laya ?? section.laya ?? composition.laya ?? RenderOptions.defaultLaya
    }

    /// Every bol's onset time and the end of the last matra, in seconds.
    public func timeline(_ composition: Composition) throws(AudioError) -> (onsets: [Onset], end: Double) {
        var onsets: [Onset] = []
        var offset = 0.0
        for section in try sections(of: composition) {
            let matraSeconds = 60 / laya(section, in: composition)
            let cycle = section.taal.matras
            for (m, matra) in section.matras.enumerated() {
                let k = matra.pulses.count
                let isSamMatra = (section.start - 1 + m) % cycle == 0
                for (j, pulse) in matra.pulses.enumerated() {
                    guard let bol = pulse.bol else { continue }
                    let time = offset + (Double(m) + Double(j) / Double(k)) * matraSeconds
                    onsets.append(Onset(bol: bol, time: time, isSam: isSamMatra && j == 0))
                }
            }
            offset += Double(section.matras.count) * matraSeconds
        }
        return (onsets, offset)
    }

    /// Places every sound on the timeline and works out where each is choked.
    func prepare(_ composition: Composition) throws(AudioError) -> Mix {
        let (onsets, end) = try timeline(composition)
        guard !onsets.isEmpty else { throw .nothingToRender }

        // Check every bol first, so an unsoundable one fails before any work.
        var voicings: [Bol: SampleBank.Voicing] = [:]
        for onset in onsets where voicings[onset.bol] == nil { voicings[onset.bol] = try bank.voicing(onset.bol) }

        // A flat list of sounds: every take of the bank, then the clicks.
        var sounds: [[Float]] = []
        var firstTake: [Bol: Int] = [:]
        for bol in bank.takes.keys.sorted() {
            firstTake[bol] = sounds.count
            sounds += bank.takes[bol]!.map(\.samples)
        }
        var clickSound: [Click: Int] = [:]
        if options.click {
            let synth = Synthesizer(rate: Double(bank.rate))
            for click in Click.allCases {
                clickSound[click] = sounds.count
                sounds.append(AudioBuffer(channels: 1, rate: bank.rate, samples: synth.render(click)).withChannels(bank.channels).samples)
            }
        }

        var rng = SplitMix64(seed: options.seed)
        var nextTake: [Bol: Int] = [:]
        func take(_ bol: Bol) -> Int {
            let count = bank.takes[bol]!.count
            var index = 0
            if count > 1 {
                switch options.takeOrder {
                case .inTurn: index = nextTake[bol, default: 0] % count
                case .random:
                    index = Int(rng.next() % UInt64(count - 1))
                    if let last = nextTake[bol], index >= last { index += 1 }
                }
            }
            nextTake[bol] = options.takeOrder == .inTurn ? index + 1 : index
            return firstTake[bol]! + index
        }

        let rate = Double(bank.rate)
        let accent = Float(pow(10, options.samAccent / 20))
        let flam = Int((RenderOptions.flamSeconds * rate).rounded())
        var events: [Event] = []
        events.reserveCapacity(onsets.count * 2)
        for onset in onsets {
            var time = onset.time
            var gain: Float = onset.isSam ? accent : 1
            if options.humanize > 0 {
                time = max(0, time + rng.nextSigned() * options.humanize / 1000)
                gain *= Float(pow(10, rng.nextSigned() * 1.5 / 20))
            }
            let frame = Int((time * rate).rounded())
            switch voicings[onset.bol]! {
            case .own(let bol):
                let drums = bol.drums
                // A compound recording rings longest on its open stroke's drum.
                let ringing: Drum = bol.isBayanResonant ? .bayan : (bol.strokes.first(where: \.isOpen)?.drum ?? bol.strokes[0].drum)
                events.append(Event(sound: take(bol), onset: frame, gain: gain, strikes: drums, chokedBy: ringing))
            case .mixed(let parts):
                for (i, part) in parts.enumerated() {
                    let drum = part.strokes[0].drum
                    let delay = onset.bol.isFlam ? i * flam : 0
                    events.append(Event(sound: take(part), onset: frame + delay, gain: gain, strikes: [drum], chokedBy: drum))
                }
            }
        }

        // Clicks on the first matra of each vibhag.
        if options.click {
            let level = Float(pow(10, RenderOptions.clickLevel / 20))
            var offset = 0.0
            for section in try sections(of: composition) {
                let matraSeconds = 60 / laya(section, in: composition)
                for m in section.matras.indices {
                    let matra = (section.start - 1 + m) % section.taal.matras + 1
                    guard section.taal.vibhagStarts.contains(matra) else { continue }
                    let click: Click = section.taal.mark(atMatra: matra) == .khali ? .khali : .taali
                    let frame = Int(((offset + Double(m) * matraSeconds) * rate).rounded())
                    events.append(Event(sound: clickSound[click]!, onset: frame, gain: level, strikes: [], chokedBy: nil))
                }
                offset += Double(section.matras.count) * matraSeconds
            }
        }

        // A strike stops what still rings on its drum: every earlier sound waiting on
        // that drum is cut where the new one starts.
        events.sort { $0.onset < $1.onset }
        var ringing: [Drum: [Int]] = [:]
        var i = 0
        while i < events.count {
            var j = i
            while j < events.count && events[j].onset == events[i].onset { j += 1 }
            for e in i..<j {
                for drum in events[e].strikes {
                    for r in ringing[drum] ?? [] { events[r].cut = min(events[r].cut, events[e].onset - events[r].onset) }
                    ringing[drum] = []
                }
            }
            for e in i..<j { if let d = events[e].chokedBy { ringing[d, default: []].append(e) } }
            i = j
        }

        let channels = bank.channels
        let fade = max(1, Int((RenderOptions.chokeSeconds * rate).rounded()))
        var frames = Int((end * rate).rounded())
        for e in events { frames = max(frames, e.onset + Mix.length(of: e, in: sounds, channels: channels, fade: fade)) }
        return Mix(sounds: sounds, events: events, frames: frames, channels: channels, rate: bank.rate, fade: fade,
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
        try AudioFile.write(to: path, format: format, sampleFormat: sampleFormat, channels: mix.channels, rate: mix.rate) { block in
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

/// Sounds placed on a timeline, ready to be mixed block by block.
struct Mix {
    let sounds: [[Float]]
    /// Sorted by onset.
    let events: [Renderer.Event]
    let frames: Int
    let channels: Int
    let rate: Int
    let fade: Int
    let normalize: Bool

    /// Frames mixed at a time: small enough to stay in cache.
    static let blockFrames = 16384

    /// Frames an event sounds for, its choke fade included.
    static func length(of e: Renderer.Event, in sounds: [[Float]], channels: Int, fade: Int) -> Int {
        let length = sounds[e.sound].count / channels
        return e.cut == .max ? length : min(length, e.cut + fade)
    }

    /// The whole mix in memory.
    func buffer() -> AudioBuffer {
        var out = [Float](repeating: 0, count: frames * channels)
        out.withUnsafeMutableBufferPointer { target in
            var start = 0
            while start < frames {
                let count = min(Self.blockFrames, frames - start)
                mix(from: start, into: UnsafeMutableBufferPointer(rebasing: target[(start * channels)..<((start + count) * channels)]))
                start += count
            }
        }
        var buffer = AudioBuffer(channels: channels, rate: rate, samples: out)
        if normalize { Renderer.normalize(&buffer.samples) }
        return buffer
    }

    /// The gain that brings the mix's peak to -1 dBFS (a first mixing pass, its
    /// blocks shared out between the cores: the peak is the same however they split).
    func gainToNormalize() -> Float {
        let blocks = (frames + Self.blockFrames - 1) / Self.blockFrames
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, blocks))
        let peaks = Mutex([Float](repeating: 0, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var block = [Float](repeating: 0, count: Self.blockFrames * channels)
            var peak: Float = 0
            block.withUnsafeMutableBufferPointer { target in
                var b = worker
                while b < blocks {
                    let start = b * Self.blockFrames
                    let count = min(Self.blockFrames, frames - start)
                    let slice = UnsafeMutableBufferPointer(rebasing: target[0..<(count * channels)])
                    mix(from: start, into: slice)
                    for v in slice { peak = max(peak, abs(v)) }
                    b += workers
                }
            }
            peaks.withLock { $0[worker] = peak }
        }
        let peak = peaks.withLock { $0.max() ?? 0 }
        return peak > 0 ? RenderOptions.peak / peak : 1
    }

    /// Overwrites `target` with the frames from `start` on (as many as fit).
    func mix(from start: Int, into target: UnsafeMutableBufferPointer<Float>) {
        target.update(repeating: 0)
        let count = target.count / channels
        let end = start + count
        // Events are sorted by onset; the first one that can reach this block is found
        // by binary search on onsets minus the longest sound.
        var lo = 0, hi = events.count
        let earliest = start - longest
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].onset < earliest { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < events.count && events[i].onset < end {
            let e = events[i]
            i += 1
            let length = Self.length(of: e, in: sounds, channels: channels, fade: fade)
            guard e.onset + length > start else { continue }
            sounds[e.sound].withUnsafeBufferPointer { source in
                Renderer.mix(source, into: target, sourceFrom: max(0, start - e.onset) * channels,
                             targetFrom: max(0, e.onset - start) * channels, gain: e.gain,
                             cut: e.cut == .max ? Int.max : e.cut * channels, fade: fade, channels: channels)
            }
        }
    }

    /// The longest sound in frames, bounding how far back an event can still sound.
    var longest: Int { sounds.map(\.count).max().map { $0 / channels } ?? 0 }
}

extension Renderer {
    /// Adds `source × gain` into `target`, source sample `sourceFrom` landing on
    /// target sample `targetFrom`, until either runs out; from source sample `cut` on,
    /// a linear fade of `fade` frames takes the sound to silence.
    static func mix(_ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>,
                    sourceFrom: Int, targetFrom: Int, gain: Float, cut: Int, fade: Int, channels: Int) {
        let offset = targetFrom - sourceFrom
        let available = min(source.count, target.count - offset)
        let steadyEnd = min(available, cut)
        if sourceFrom < steadyEnd {
            for i in sourceFrom..<steadyEnd { target[offset + i] += gain * source[i] }
        }
        guard cut < available else { return }
        let fadeEnd = min(available, cut + fade * channels)
        let step = gain / Float(fade)
        var i = max(cut, sourceFrom)
        while i < fadeEnd {
            target[offset + i] += (gain - step * Float((i - cut) / channels + 1)) * source[i]
            i += 1
        }
    }

    /// Scales samples so the peak is -1 dBFS (silence stays silent).
    static func normalize(_ samples: inout [Float]) {
        samples.withUnsafeMutableBufferPointer { s in
            var peak: Float = 0
            for v in s { peak = max(peak, abs(v)) }
            guard peak > 0 else { return }
            let scale = RenderOptions.peak / peak
            for i in s.indices { s[i] *= scale }
        }
    }
}
