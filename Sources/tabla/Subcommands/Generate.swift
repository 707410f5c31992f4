import ArgumentParser
import Foundation
import TablaGeneration
import TablaAudio
import TablaML
import TablaNotation

extension Tabla {
    /// `tabla generate`: new cycles from the bol model.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate new cycles with the bol model and print them as annotated notation.",
            discussion: """
                --form kaida develops a theme as players do: the theme (bhari half and its khali mirror), \
                paltas made from the theme's own units and ranked by the model, and a tihai that lands on sam. \
                --form tihai|tukda|mukhda lands a phrase the model writes on sam (--from MATRA); \
                --form theka-prakar varies the theka keeping its skeleton. --form free (the default) fills \
                --cycles cycles bol by bol, with an open stroke on sam and a mostly closed khali vibhag. \
                The grid is fixed by the taal and the layakari before decoding, so every cycle has exactly \
                the taal's matras; the model only chooses the bols. With a primer, generation continues from \
                where the primer ends in the cycle. Output is valid .bol text: `-o` writes it to a file.
                """
        )

        enum DecoderName: String, ExpressibleByArgument, CaseIterable { case argmax, sample }

        @Option(help: ArgumentHelp("free, kaida, tihai, tukda, mukhda or theka-prakar.", valueName: "form"))
        var form: GenerationForm = .free
        @Option(help: ArgumentHelp("Kaida: the theme's bhari half, from sam, e.g. \"DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa\".", valueName: "bols"))
        var theme: String?
        @Option(help: ArgumentHelp("Kaida: a .bol file whose [theme] section (or first section) holds the theme, bhari and khali halves.", valueName: "file"))
        var themeFile: String?
        @Option(help: "Kaida: matras in the bhari half of a theme the model writes (default: half a cycle).") var themeMatras: Int?
        @Option(help: "Kaida: how many paltas.") var paltas = 6
        @Option(help: "Tihai, tukda, mukhda: the matra the piece starts on (default: sam; mukhda: the last vibhag).") var from: Int?
        @Option(help: "Tihai: bedam (no gap or at most half a matra), dumdar (longer gaps) or any.") var kind: TihaiKind = .any
        @Flag(inversion: .prefixedNo, help: "Free form: an open bayan stroke on sam.") var openSam = true
        @Flag(inversion: .prefixedNo, help: "Free form: the khali vibhag mostly closed (bayan-resonant bols rare after its first bol).")
        var closedKhali = true
        @Flag(inversion: .prefixedNo, help: "Free form: mix the LSTM with a short-term model of the piece so far.") var shortTerm = true
        @Flag(inversion: .prefixedNo, help: "Free form: avoid repeating a quarter cycle already played (keeps argmax from looping).")
        var repeatGuard = true

        @Option(help: "Taal (default: Teentaal, or the primer file's taal).") var taal: String?
        @Option(help: "Cycles in the result, primer included.") var cycles = 4
        @Option(help: ArgumentHelp("Bols per matra: a number, or a per-matra pattern such as 1,2,2,4.", valueName: "n|pattern"))
        var layakari = Layakari([2])
        @Option(name: .customLong("laya"), help: ArgumentHelp("Laya for the header: matras per minute or a laya (vilambit, madhya, drut...).", valueName: "bpm"))
        var layaArgument: LayaArgument?
        var laya: Double? { layaArgument?.matrasPerMinute }
        @Option(help: "argmax (deterministic) or sample.") var decoder: DecoderName = .sample
        @Option(help: "Sampling temperature; near 0 equals argmax.") var temperature: Float = SamplingOptions.defaultTemperature
        @Option(help: "Sample only among the K most probable bols.") var topK: Int?
        @Option(help: "Sample only among the most probable bols whose probability adds up to P.") var topP: Float?
        @Flag(help: "Move the temperature with the entropy of each prediction.") var adaptiveTemperature = false
        @Option(help: ArgumentHelp("Bol weights such as '-=0.9,Dha=1.2' (repeatable).", valueName: "bol=w,..."),
                transform: BolWeights.init(parsing:))
        var weight: [BolWeights] = []
        @Option(help: "Beam search: the K most probable sequences for the grid.") var beam: Int?
        @Option(help: "Seed for sampling.") var seed: UInt64 = 1
        @Option(help: "Bols to start from, e.g. \"Dha Dhin Dhin Dha\".") var primer: String?
        @Option(help: "A .bol file to start from.") var primerFile: String?
        @Option(help: "Model file (default: the model shipped with tabla).") var model: String?
        @Option(name: .shortAndLong, help: "Also write the result to this .bol file.") var output: String?
        @Option(help: ArgumentHelp("Also render the result to this audio file (.wav, .flac, .ogg, .aiff) with the options below.", valueName: "out"))
        var wav: String?

        @Option(help: ArgumentHelp("Also write the result as a Standard MIDI File (.mid) with the options below.", valueName: "out"))
        var midi: String?

        @OptionGroup(title: "Render options (with --wav or --midi)") var rendering: RenderArguments

        @OptionGroup var taalOptions: TaalOptions

        func validate() throws {
            guard (1...1000).contains(cycles) else { throw ValidationError("--cycles must be 1 to 1000") }
            guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more") }
            if let topK, topK < 1 { throw ValidationError("--top-k must be 1 or more") }
            if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1]") }
            if let beam, !(1...64).contains(beam) { throw ValidationError("--beam must be 1 to 64") }
            if primer != nil && primerFile != nil { throw ValidationError("give --primer or --primer-file, not both") }
            if let laya, let problem = LayaName.problem(laya) { throw ValidationError("--laya \(laya) \(problem)") }
            let w = weights
            if !w.isEmpty, TokenVocabulary.standard.names.indices.dropFirst().allSatisfy({ w[Int32($0)] == 0 }) {
                throw ValidationError("--weight leaves no bol with a positive weight")
            }
            if let wav {
                try checkOutputPath(wav, flag: "--wav")
                try rendering.validate(output: wav, flag: "--wav", withMIDI: midi != nil)
            }
            if let output { try checkOutputPath(output, flag: "-o") }
            if let output, AudioFormat(path: output) != nil || RenderArguments.isMIDI(output) {
                throw ValidationError("-o \(output) would hold .bol text under an audio name; write the text to a .bol file "
                                      + "and give --wav or --midi \(output) to render it")
            }
            if let midi {
                try checkOutputPath(midi, flag: "--midi")
                guard RenderArguments.isMIDI(midi) else { throw ValidationError("--midi \(midi): name the output .mid") }
                // The audio options (--click, --lehra) are for --wav; beside it they are not refused.
                if wav == nil { try rendering.validate(output: midi, flag: "--midi") } else { try rendering.validateCommon() }
            }
            if form != .kaida, theme != nil || themeFile != nil { throw ValidationError("--theme and --theme-file go with --form kaida") }
            if theme != nil && themeFile != nil { throw ValidationError("give --theme or --theme-file, not both") }
            if form != .free, primer != nil || primerFile != nil || beam != nil {
                throw ValidationError("--primer, --primer-file and --beam go with --form free")
            }
            if let themeMatras, !(3...256).contains(themeMatras) { throw ValidationError("--theme-matras must be 3 to 256") }
            guard (0...32).contains(paltas) else { throw ValidationError("--paltas must be 0 to 32") }
            if let from, !(1...999).contains(from) { throw ValidationError("--from must be a matra of the taal (1, 2, ...)") }
            if form != .free, form != .thekaPrakar, Set(layakari.pattern).count > 1 {
                throw ValidationError("--form \(form.rawValue) writes at one layakari: give --layakari as one number")
            }
        }

        /// Every `--weight` as token multipliers, later values winning.
        var weights: [Int32: Float] { weight.reduce(into: [:]) { $0.merge($1.tokens) { $1 } } }

        func run() throws {
            let parser = try taalOptions.parser()
            var chosenTaal = TaalCatalogue.standard.taal(named: "teentaal")!
            if let taal {
                switch parser.resolveTaal(taal) {
                case .success(let t): chosenTaal = t
                case .failure(let e): throw InputError.option("--taal", message: e.message)
                }
            }
            var primerMatras: [Matra] = []
            var primerStart = 1
            var fileLaya: Double?
            if let primerFile {
                // The file's last section is the primer: generation continues from where it
                // ends, in its taal and from its start. A file without `taal:` is read in --taal.
                var p = parser
                if taal != nil { p.defaultTaal = chosenTaal }
                let (c, d) = p.parse(bytes: try readBytes(primerFile))
                try stopOnErrors(d, file: primerFile)
                guard let last = c.sections.last(where: { !$0.matras.isEmpty }) else {
                    throw InputError.emptyPrimer(path: primerFile)
                }
                if taal == nil { chosenTaal = last.taal } else if last.taal != chosenTaal {
                    throw InputError.primerTaal(path: primerFile, found: last.taal.name, asked: chosenTaal.name)
                }
                primerMatras = last.matras
                primerStart = last.start
                fileLaya = last.laya ?? c.laya
            } else if let primer {
                var p = parser
                p.defaultTaal = chosenTaal
                let (c, d) = p.parse(primer)
                try stopOnErrors(d, file: "--primer")
                primerMatras = c.sections.flatMap(\.matras)
            }
            // The primer is fed through the model bol by bol: the cap on generated bols holds for it too.
            let primerBols = primerMatras.reduce(0) { $0 + $1.pulses.count }
            guard primerBols <= BolGenerator.maxSlots else {
                throw InputError.described(file: primerFile ?? "--primer",
                                           message: "the primer holds \(primerBols) bols, more than \(BolGenerator.maxSlots); give a shorter primer")
            }
            let theme = try themeMatras(parser: parser, taal: chosenTaal)
            let bolModel = try BolModel.load(model.map { URL(fileURLWithPath: $0) })
            let decoderValue: BolDecoder
            if let beam {
                decoderValue = .beam(beam)
            } else if decoder == .argmax {
                decoderValue = .argmax
            } else {
                decoderValue = .sample(SamplingOptions(temperature: temperature, topK: topK, topP: topP,
                                                       adaptiveTemperature: adaptiveTemperature))
            }
            var request = GenerationRequest(taal: chosenTaal, cycles: cycles, layakari: layakari, decoder: decoderValue,
                                            seed: seed, primer: primerMatras, primerStart: primerStart, weights: weights)
            request.openSam = openSam
            request.closedKhali = closedKhali
            request.shortTerm = shortTerm
            request.repeatGuard = repeatGuard
            let composition = try FormComposer(model: bolModel).compose(FormRequest(
                form: form, taal: chosenTaal, layakari: layakari, seed: seed, temperature: temperature, free: request,
                theme: theme, themeMatras: themeMatras, paltas: paltas, from: from, tihaiKind: kind, cycles: cycles,
                laya: laya ?? fileLaya ?? 90, weightSetting: weight.isEmpty ? nil : weight.map(\.text).joined(separator: ","),
                modelName: model.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "shipped model"))
            let text = Printer().text(composition)
            print(text, terminator: "")
            if let output {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) {
                    InputError.cannotWrite(path: output, reason: $0)
                }
            }
            if let midi { printError(try rendering.render(composition, to: midi, seed: seed)) }
            if let wav {
                printError(try rendering.render(composition, to: wav, seed: seed))
            }
        }

        /// The kaida theme's bhari half from `--theme` or `--theme-file`, or nil.
        func themeMatras(parser: NotationParser, taal: Taal) throws -> [Matra]? {
            if let theme {
                var p = parser
                p.defaultTaal = taal
                let (c, d) = p.parse(theme)
                try stopOnErrors(d, file: "--theme")
                let matras = c.sections.flatMap(\.matras)
                guard !matras.isEmpty else { throw InputError.option("--theme", message: "the theme has no bols") }
                return matras
            }
            if let themeFile {
                var p = parser
                p.defaultTaal = taal
                let (c, d) = p.parse(bytes: try readBytes(themeFile))
                try stopOnErrors(d, file: themeFile)
                guard let section = c.sections.first(where: { SectionRole(section: $0, form: c.form) == .theme })
                        ?? c.sections.first(where: { !$0.matras.isEmpty }) else {
                    throw InputError.theme(path: themeFile, message: "the file has no bols")
                }
                guard section.taal == taal else {
                    throw InputError.theme(path: themeFile, message: "the theme is in \(section.taal.name) but --taal asks for \(taal.name)")
                }
                guard section.matras.count % 2 == 0 else {
                    throw InputError.theme(path: themeFile, message: "the theme has \(section.matras.count) matras; a theme is a bhari half and a khali half of equal length")
                }
                return Array(section.matras.prefix(section.matras.count / 2))
            }
            return nil
        }
    }
}

extension GenerationForm: ExpressibleByArgument {}

/// One `--weight` value, `bol=w,...`, read once into token multipliers.
struct BolWeights {
    /// As written.
    var text: String
    /// Token multipliers.
    var tokens: [Int32: Float]

    /// Reads `-=0.9,Dha=1.2`; a rest is `-`, `S`, `rest` or `ऽ`.
    init(parsing text: String) throws {
        self.text = text
        tokens = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let w = Float(parts[1]), w >= 0, w.isFinite else {
                throw ValidationError("'\(item)' is not bol=weight, e.g. -=0.9")
            }
            let pulse: Pulse
            if ["-", "S", "rest", "ऽ"].contains(parts[0]) {
                pulse = .rest
            } else if let bol = Bol.named(parts[0]) {
                pulse = .bol(bol)
            } else {
                throw ValidationError("unknown bol '\(parts[0])'")
            }
            tokens[TokenVocabulary.standard.token(pulse)] = w
        }
    }
}
