import ArgumentParser
import Foundation
import TablaAudio
import TablaNotation
import TablaSynthesis

/// How a composition is sounded: shared by `tabla render` and `tabla generate --wav`.
struct RenderArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of recordings to use instead of the built-in bank.", valueName: "dir"))
    var samples: String?

    @Option(help: ArgumentHelp("Tonic of the dayan: a note (C#4) or hertz (277.2). With --samples, retunes the recordings from --bank-sa.", valueName: "pitch"))
    var sa: Pitch?

    @Option(help: ArgumentHelp("The pitch the --samples recordings were made at.", valueName: "pitch"))
    var bankSa: Pitch?

    @Option(name: .customLong("repeat"), help: ArgumentHelp("Play the composition this many times.", valueName: "n"))
    var repeatCount = 1

    @Option(help: ArgumentHelp("Random timing jitter up to this many milliseconds (levels vary too).", valueName: "ms"))
    var humanize = 0.0

    @Option(help: "How takes of a bol are chosen: in-turn or random.")
    var takes: TakeOrder = .inTurn

    @Flag(help: "Play every take of a bol at the bol's mean loudness.")
    var normalizeTakes = false

    @Flag(help: "Add a click track: a clap on sam and taali, a tick on khali.")
    var click = false

    @Option(help: ArgumentHelp("Accent on the sam bol, in dB (0 for none).", valueName: "db"))
    var accent = 2.0

    @Option(help: "Sample rate of the output in hertz.")
    var rate = 44100

    @Option(help: "Sample format: 16, 24 or 32f (float; WAV and AIFF only).")
    var bits: SampleFormat = .int16

    @Option(help: ArgumentHelp("Play this many cycles of theka first, then the theka up to the piece's first matra.", valueName: "cycles"))
    var countIn = 0

    @OptionGroup(title: "Practice accompaniment (audio)") var practice: PracticeArguments

    @Option(help: ArgumentHelp("Refuse to render a piece longer than this many hours.", valueName: "hours"))
    var maxHours = 24.0

    @Option(help: ArgumentHelp("For MIDI output: a note map file of 'stroke note' lines, or gm for General MIDI drums (docs/SOUND.md).", valueName: "file|gm"))
    var midiMap: String?

    /// Checks the options for an output file named `output` (`flag` names it in messages);
    /// `withMIDI` when a MIDI file is written beside it (`generate --wav --midi`).
    func validate(output: String, flag: String, withMIDI: Bool = false) throws {
        try validateCommon()
        if Self.isMIDI(output) {
            let audioOnly = [("--lehra", practice.lehra != nil), ("--lehra-file", practice.lehraFile != nil),
                             ("--tanpura", practice.tanpura), ("--click", click), ("--samples", samples != nil)]
            if let (flag, _) = audioOnly.first(where: \.1) {
                throw ValidationError("\(flag) is for audio output; a MIDI file carries the strokes, with markers on every vibhag")
            }
            return
        }
        if midiMap != nil && !withMIDI { throw ValidationError("--midi-map is for MIDI output: name the output .mid") }
        guard let format = AudioFormat(path: output) else {
            throw ValidationError("\(flag) \(output): name the output .wav, .flac, .ogg or .aiff")
        }
        guard format.sampleFormats.contains(bits) else {
            throw ValidationError("--bits \(bits.rawValue): \(format) files hold \(format.sampleFormats.map(\.rawValue).joined(separator: " or "))")
        }
        if bankSa != nil && samples == nil { throw ValidationError("--bank-sa describes a --samples folder; give --samples too") }
        if sa != nil && samples != nil && bankSa == nil {
            throw ValidationError("--sa with --samples retunes the recordings: say what pitch they were made at with --bank-sa")
        }
        guard (8000...384_000).contains(rate) else { throw ValidationError("--rate must be between 8000 and 384000") }
    }

    /// The checks that hold for audio and MIDI alike.
    func validateCommon() throws {
        try practice.validate()
        guard repeatCount >= 1 && repeatCount <= 1000 else { throw ValidationError("--repeat must be between 1 and 1000") }
        guard humanize >= 0 && humanize <= 100 else { throw ValidationError("--humanize must be between 0 and 100 ms") }
        guard accent.isFinite && abs(accent) <= 24 else { throw ValidationError("--accent must be between -24 and 24 dB") }
        guard (0...16).contains(countIn) else { throw ValidationError("--count-in must be between 0 and 16 cycles") }
        guard maxHours.isFinite && maxHours > 0 && maxHours <= 1000 else { throw ValidationError("--max-hours must be more than 0 and at most 1000") }
    }

    /// The render options these arguments give.
    func options(laya: Double?, section: String?, seed: UInt64) -> RenderOptions {
        var options = RenderOptions()
        options.laya = laya
        options.section = section
        options.repeatCount = repeatCount
        options.humanize = humanize
        options.seed = seed
        options.takeOrder = takes
        options.normalizeTakes = normalizeTakes
        options.click = click
        options.samAccent = accent
        options.countIn = countIn
        options.longestRender = maxHours * 3600
        return options
    }

    /// Renders `composition` to `output` (atomically) and returns the line to print.
    func render(_ composition: Composition, to output: String, laya: Double? = nil, section: String? = nil, seed: UInt64) throws -> String {
        if Self.isMIDI(output) { return try renderMIDI(composition, to: output, laya: laya, section: section, seed: seed) }
        let bank: SampleBank
        var options = options(laya: laya, section: section, seed: seed)
        if let samples {
            let retune = bankSa.map { sa!.hertz / $0.hertz } ?? 1
            bank = try SampleBank.load(directory: samples, rate: rate, retune: retune)
            for skipped in bank.ignored { printError("\(samples)/\(skipped): warning: not named by a bol; skipped") }
        } else {
            // Only the sounds this piece plays are synthesised.
            bank = try Renderer.builtInBank(for: composition, options: options, sa: sa ?? .defaultSa, rate: rate)
        }
        options.accompaniment = try practice.accompaniment(sa: (sa ?? bankSa ?? .defaultSa).hertz)
        let audio = try Renderer(bank: bank, options: options)
            .render(composition, to: output, format: AudioFormat(path: output)!, sampleFormat: bits)
        let channels = audio.channels == 1 ? "mono" : "stereo"
        return "wrote \(output): \(String(format: "%.1f", audio.duration)) s, \(audio.rate) Hz \(channels), \(bits)"
    }
}

extension SampleFormat: ExpressibleByArgument {}
extension TakeOrder: ExpressibleByArgument {}
