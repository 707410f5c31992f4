import Foundation
import Synchronization
import TablaNotation
import TablaSynthesis

/// One sound per bol (or several takes of it), all at one rate and channel count.
///
/// ```swift
/// let bank = SampleBank.synthesized(sa: .defaultSa, rate: 44100)
/// let user = try SampleBank.load(directory: "MyTabla", rate: 48000)
/// ```
public struct SampleBank: Sendable {
    /// Frames per second of every take.
    public private(set) var rate: Int
    /// Channels of every take (the most any file had; mono files are copied to both).
    public private(set) var channels: Int
    /// Where the bank came from, for messages: a folder, or `built-in synthesis`.
    public var origin: String
    /// The takes of each bol that has its own recording.
    public private(set) var takes: [Bol: [AudioBuffer]]
    /// Files and folders in the sample folder that name no bol (skipped).
    public private(set) var ignored: [String] = []
    /// Where each take's hit is, in frames from its start (parallel to ``takes``): the
    /// renderer puts this frame, not the file's first, on the beat, so a recording
    /// with silence before the stroke is not late.
    public private(set) var hits: [Bol: [Int]] = [:]
    /// Compound bols sounded as one layer per drum (the built-in Dha and Dhin), so
    /// that a stroke on one drum stops only that drum's layer: for each take (parallel
    /// to ``takes``), its layers.
    public private(set) var layers: [Bol: [[(drum: Drum, buffer: AudioBuffer)]]] = [:]

    /// Audio file extensions looked for in a sample folder.
    public static let extensions: Set<String> = ["wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus", "caf", "au", "w64"]

    /// Creates a bank from takes; they are converted to the bank's channel count.
    public init(takes: [Bol: [AudioBuffer]], rate: Int, origin: String) {
        let channels = takes.values.joined().map(\.channels).max().map { min($0, 2) } ?? 1
        self.rate = rate
        self.channels = channels
        self.origin = origin
        self.takes = takes.mapValues { $0.map { $0.withChannels(channels) } }
        hits = self.takes.mapValues { $0.map { SampleBank.hit(of: $0) } }
    }

    /// The frame where a take's stroke lands: the first sample reaching a tenth of
    /// its peak (the onset ``SoundMeasurement`` uses). Silence and room noise before
    /// the stroke stay under it; the stroke's own rise reaches it within a
    /// millisecond.
    public static func hit(of take: AudioBuffer) -> Int {
        SoundMeasurement.onset(take.mono)
    }

    /// Seconds faded out at the end of every recorded take, so a recording cut while
    /// still sounding does not end in a click.
    public static let endFade = 0.008

    /// Fades the last ``endFade`` seconds of a take linearly to zero (the last frame
    /// is silent); takes shorter than four fades lose only their last quarter.
    static func fadeEnd(_ take: AudioBuffer) -> AudioBuffer {
        var take = take
        let frames = take.frames
        let fade = min(frames / 4, Int((endFade * Double(take.rate)).rounded()))
        guard fade > 0 else { return take }
        for f in (frames - fade)..<frames {
            let gain = Float(frames - 1 - f) / Float(fade)
            for c in 0..<take.channels { take.samples[f * take.channels + c] *= gain }
        }
        return take
    }

    /// Takes of each bol in the built-in bank. Used in turn (or at random), four
    /// takes mean the same bol struck up to four times running (DhaDha, TiRaKiTa
    /// TiRaKiTa, a kaida's repeated phrase) never repeats a sound, and a bol struck k
    /// times a cycle comes back to the same take only every 4 / gcd(4, k) cycles; each
    /// take costs one more synthesis of the bank (about 3 MB and a few hundredths
    /// of a second), which `render-bench` times.
    public static let builtInTakes = 4

    /// The built-in bank: the sounds `tabla samples --takes` writes
    /// (``Synthesizer/bankBols``, take 0 the calibrated sound, later takes varied by
    /// ``Synthesizer/render(_:take:)``), synthesised in memory, mono. Dha and Dhin keep
    /// every take as one layer per drum too (``layers``). `bols` limits the bank to
    /// those sounds (see ``Renderer/builtInBank(for:options:sa:rate:takes:)``).
    public static func synthesized(sa: Pitch = .defaultSa, rate: Int = 44100, takes: Int = builtInTakes,
                                   bols: [Bol] = Synthesizer.bankBols) -> SampleBank {
        let synth = Synthesizer(sa: sa, rate: Double(rate))
        let bols = bols.filter { Synthesizer.bankBols.contains($0) }
        let takes = max(1, takes)
        // The sounds are independent: synthesise them on every core. Each is the same
        // whichever thread makes it.
        let sounds = Mutex([Bol: [AudioBuffer?]]())
        let layered = Mutex([Bol: [[(drum: Drum, buffer: AudioBuffer)]?]]())
        DispatchQueue.concurrentPerform(iterations: bols.count * takes) { job in
            let (b, take) = job.quotientAndRemainder(dividingBy: takes)
            let bol = bols[b]
            let layers = synth.renderLayers(bol, take: take)!
            var sum = layers[0].samples
            for layer in layers.dropFirst() {
                layer.samples.withUnsafeBufferPointer { part in
                    sum.withUnsafeMutableBufferPointer { total in for j in 0..<total.count { total[j] += part[j] } }
                }
            }
            let whole = AudioBuffer(channels: 1, rate: rate, samples: sum)
            sounds.withLock { all in
                if all[bol] == nil { all[bol] = Array(repeating: nil, count: takes) }
                all[bol]![take] = whole
            }
            if layers.count > 1 {
                let buffers = layers.map { (drum: $0.drum, buffer: AudioBuffer(channels: 1, rate: rate, samples: $0.samples)) }
                layered.withLock { all in
                    if all[bol] == nil { all[bol] = Array(repeating: nil, count: takes) }
                    all[bol]![take] = buffers
                }
            }
        }
        var bank = SampleBank(takes: sounds.withLock { $0 }.mapValues { $0.map { $0! } }, rate: rate, origin: "built-in synthesis")
        bank.layers = layered.withLock { $0 }.mapValues { $0.map { $0! } }
        return bank
    }

    /// Reads a user's sample folder.
    ///
    /// Two layouts are accepted, also mixed: files named by bol (`dha.wav`,
    /// `Tin.flac`; any spelling `tabla check` accepts for one bol), and one folder per
    /// bol holding takes (`Dha/Dha01.wav`, `Dha/Dha02.wav`, used in name order).
    /// Every take is converted to `rate`; `retune` (new Sa over the recorded Sa)
    /// shifts the pitch of all of them by resampling.
    public static func load(directory: String, rate: Int, retune: Double = 1) throws(AudioError) -> SampleBank {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noSampleDirectory(path: directory)
        }
        let base = URL(fileURLWithPath: directory)
        let entries = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var paths: [Bol: [String]] = [:]
        var ignored: [String] = []
        for entry in entries {
            let url = base.appendingPathComponent(entry)
            var entryIsDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &entryIsDirectory)
            if entryIsDirectory.boolValue {
                guard let bol = Bol.named(entry) else { ignored.append(entry + "/"); continue }
                let files = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? [])
                    .filter { !$0.hasPrefix(".") && extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                    .sorted()
                paths[bol, default: []] += files.map { url.appendingPathComponent($0).path }
            } else {
                guard extensions.contains(url.pathExtension.lowercased()) else { continue }
                guard let bol = Bol.named(url.deletingPathExtension().lastPathComponent) else { ignored.append(entry); continue }
                paths[bol, default: []].append(url.path)
            }
        }
        guard !paths.isEmpty else { throw .emptySampleDirectory(path: directory) }
        var takes: [Bol: [AudioBuffer]] = [:]
        for (bol, files) in paths {
            for path in files.sorted() {
                let raw = try AudioFile.read(path)
                let ratio = Double(rate) / Double(raw.rate) / retune
                takes[bol, default: []].append(fadeEnd(try Resampler.resample(raw, ratio: ratio, rate: rate, path: path)))
            }
        }
        var bank = SampleBank(takes: takes, rate: rate, origin: directory)
        bank.ignored = ignored
        return bank
    }

    /// How the bank sounds a bol.
    public enum Voicing: Hashable, Sendable {
        /// The bol's own takes.
        case own(Bol)
        /// Mixed from other bols' takes, one per stroke (Dhi = Ge + Ti).
        case mixed([Bol])
        /// The bol's own sound in one layer per drum (``layers``).
        case layered(Bol)
    }

    /// How `bol` is sounded: its own recording, or its strokes' recordings mixed.
    ///
    /// A stroke is looked up under its own name (stroke `ke` under `Ke`) and then
    /// under any bol that is that stroke alone (`Ki`, `Ka`).
    public func voicing(_ bol: Bol) throws(AudioError) -> Voicing {
        if layers[bol] != nil { return .layered(bol) }
        if takes[bol] != nil { return .own(bol) }
        var parts: [Bol] = [], missing: [String] = []
        for stroke in bol.strokes {
            if let named = Bol.named(stroke.rawValue), named.strokes == [stroke], takes[named] != nil {
                parts.append(named)
            } else if let other = takes.keys.sorted().first(where: { $0.strokes == [stroke] }) {
                parts.append(other)
            } else {
                missing.append(stroke.displayName)
            }
        }
        guard missing.isEmpty else { throw .unsoundable(bol: bol.name, missing: missing, directory: origin) }
        return .mixed(parts)
    }
}
