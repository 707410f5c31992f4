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
                The grid is fixed by the taal and the layakari before decoding, so every cycle has exactly \
                the taal's matras; the model only chooses the bols. With a primer, generation continues from \
                where the primer ends in the cycle. Output is valid .bol text: `-o` writes it to a file.
                """
        )

        enum DecoderName: String, ExpressibleByArgument, CaseIterable { case argmax, sample }

        @Option(help: "Taal (default: Teentaal, or the primer file's taal).") var taal: String?
        @Option(help: "Cycles in the result, primer included.") var cycles = 4
        @Option(help: ArgumentHelp("Bols per matra: a number, or a per-matra pattern such as 1,2,2,4.", valueName: "n|pattern"))
        var layakari = Layakari([2])
        @Option(help: "Laya in matras per minute for the header.") var laya: Double?
        @Option(help: "argmax (deterministic) or sample.") var decoder: DecoderName = .sample
        @Option(help: "Sampling temperature; near 0 equals argmax.") var temperature: Float = SamplingOptions.defaultTemperature
        @Option(help: "Sample only among the K most probable bols.") var topK: Int?
        @Option(help: "Sample only among the most probable bols whose probability adds up to P.") var topP: Float?
        @Flag(help: "Move the temperature with the entropy of each prediction.") var adaptiveTemperature = false
        @Option(help: ArgumentHelp("Bol weights such as '-=0.9,Dha=1.2' (repeatable).", valueName: "bol=w,..."))
        var weight: [String] = []
        @Option(help: "Beam search: the K most probable sequences for the grid.") var beam: Int?
        @Option(help: "Seed for sampling.") var seed: UInt64 = 1
        @Option(help: "Bols to start from, e.g. \"Dha Dhin Dhin Dha\".") var primer: String?
        @Option(help: "A .bol file to start from.") var primerFile: String?
        @Option(help: "Model file (default: the model shipped with tabla).") var model: String?
        @Option(name: .shortAndLong, help: "Also write the result to this .bol file.") var output: String?
        @Option(help: ArgumentHelp("Also render the result to this audio file (.wav, .flac, .ogg, .aiff) with the options below.", valueName: "out"))
        var wav: String?

        @OptionGroup(title: "Render options (with --wav)") var rendering: RenderArguments

        @OptionGroup var taalOptions: TaalOptions

        func validate() throws {
            guard (1...1000).contains(cycles) else { throw ValidationError("--cycles must be 1 to 1000") }
            guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more") }
            if let topK, topK < 1 { throw ValidationError("--top-k must be 1 or more") }
            if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1]") }
            if let beam, !(1...64).contains(beam) { throw ValidationError("--beam must be 1 to 64") }
            if primer != nil && primerFile != nil { throw ValidationError("give --primer or --primer-file, not both") }
            if let laya, !(laya > 0 && laya <= 2000) { throw ValidationError("--laya must be between 0 and 2000 matras per minute") }
            let w = try weights()
            if !w.isEmpty, TokenVocabulary.standard.names.indices.dropFirst().allSatisfy({ w[Int32($0)] == 0 }) {
                throw ValidationError("--weight leaves no bol with a positive weight")
            }
            if let wav { try rendering.validate(output: wav, flag: "--wav") }
        }

        /// `--weight` values as token multipliers.
        func weights() throws -> [Int32: Float] {
            var out: [Int32: Float] = [:]
            for item in weight.flatMap({ $0.split(separator: ",") }) {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let w = Float(parts[1]), w >= 0, w.isFinite else {
                    throw ValidationError("--weight '\(item)' is not bol=weight, e.g. -=0.9")
                }
                let pulse: Pulse
                if ["-", "S", "rest", "ऽ"].contains(parts[0]) {
                    pulse = .rest
                } else if let bol = Bol.named(parts[0]) {
                    pulse = .bol(bol)
                } else {
                    throw ValidationError("--weight: unknown bol '\(parts[0])'")
                }
                out[TokenVocabulary.standard.token(pulse)] = w
            }
            return out
        }

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
            let bolModel = try BolModel.load(model.map { URL(fileURLWithPath: $0) })

            let decoderValue: Decoder
            var settings: [String]
            if let beam {
                decoderValue = .beam(beam)
                settings = ["--beam \(beam)"]
            } else if decoder == .argmax {
                decoderValue = .argmax
                settings = ["--decoder argmax"]
            } else {
                decoderValue = .sample(SamplingOptions(temperature: temperature, topK: topK, topP: topP,
                                                       adaptiveTemperature: adaptiveTemperature))
                settings = ["--decoder sample", "--temperature \(temperature)"]
                if let topK { settings.append("--top-k \(topK)") }
                if let topP { settings.append("--top-p \(topP)") }
                if adaptiveTemperature { settings.append("--adaptive-temperature") }
                settings.append("--seed \(seed)")
            }
            if !weight.isEmpty { settings.append("--weight \(weight.joined(separator: ","))") }
            let layakariValue = layakari
            settings.insert("--layakari \(layakariValue)", at: 0)
            let request = GenerationRequest(taal: chosenTaal, cycles: cycles, layakari: layakariValue, decoder: decoderValue,
                                            seed: seed, primer: primerMatras, primerStart: primerStart, weights: try weights())
            var section = try BolGenerator(model: bolModel).generate(request)
            section.name = "generated"
            let cycleCount = section.grid.cycles.count
            let modelName = model.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "shipped model"
            let composition = Composition(
                title: "\(cycleCount) new \(chosenTaal.name) cycle\(cycleCount == 1 ? "" : "s")", taal: chosenTaal,
                laya: laya ?? fileLaya ?? 90, form: .other,
                source: "tabla generate \(settings.joined(separator: " ")) (\(modelName))", sections: [section])
            let text = Printer().text(composition)
            print(text, terminator: "")
            if let output {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) {
                    InputError.cannotWrite(path: output, reason: $0)
                }
            }
            if let wav {
                printError(try rendering.render(composition, to: wav, seed: seed))
            }
        }
    }
}
