import Foundation
import Testing
import TablaML
import TablaNotation
@testable import TablaGeneration

/// Generation with the model shipped in the package.
@Suite("Generating with the shipped model", .serialized)
struct GenerationTests {
    let model: BolModel
    let generator: BolGenerator

    init() throws {
        model = try BolModel.load(nil)
        generator = BolGenerator(model: model)
    }

    /// The generated section printed as a .bol file and read back by the checker.
    func checkPrinted(_ section: Section, _ label: String) -> [Diagnostic] {
        let c = Composition(title: "t", taal: section.taal, laya: 90, form: .other, source: "test", sections: [section])
        let (back, d) = NotationParser().check(Printer().text(c))
        #expect(back.sections.first?.matras.map(\.pulses) == section.matras.map(\.pulses), "\(label)")
        return d.filter { $0.severity == .error }
    }

    @Test func everyGeneratedCycleIsValid() throws {
        // 1,056 cycles: every catalogued taal, several layakaris and decoders, many seeds.
        let layakaris: [Layakari] = [Layakari([1]), Layakari([2]), Layakari([4]), Layakari([1, 2, 2, 4]), Layakari([3])]
        var cycles = 0
        for (t, taal) in TaalCatalogue.standard.taals.enumerated() {
            for (l, layakari) in layakaris.enumerated() {
                for seed in 1...4 {
                    let options = SamplingOptions(temperature: [0.7, 1, 1.3, 1][seed - 1], topK: seed == 4 ? 5 : nil,
                                                  topP: seed == 3 ? 0.9 : nil, adaptiveTemperature: seed == 2)
                    let request = GenerationRequest(taal: taal, cycles: 3, layakari: layakari, decoder: .sample(options),
                                                    seed: UInt64(100 * t + 10 * l + seed))
                    let section = try generator.generate(request)
                    #expect(section.matras.count == 3 * taal.matras)
                    #expect(section.matras.enumerated().allSatisfy { $0.element.pulses.count == layakari.pulses(at: $0.offset) })
                    let errors = checkPrinted(section, "\(taal.name) \(layakari) seed \(seed)")
                    #expect(errors.isEmpty, "\(taal.name) \(layakari): \(errors)")
                    cycles += 3
                }
            }
        }
        // Plus a user-defined taal.
        let mine = try Taal(definition: "3+2+2 marks=0,2,3 name=MyRupak")
        for seed in 1...40 {
            let section = try generator.generate(GenerationRequest(taal: mine, cycles: 3, layakari: Layakari([2]),
                                                                   decoder: .sample(SamplingOptions()), seed: UInt64(seed)))
            #expect(checkPrinted(section, "MyRupak").isEmpty)
            cycles += 3
        }
        #expect(cycles >= 1_000)
    }

    @Test func argmaxIsDeterministicAndEqualsColdSamplingAndBeamOfOne() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let argmax = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .argmax, seed: 1))
        #expect(try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .argmax, seed: 99)) == argmax)
        let cold = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .sample(SamplingOptions(temperature: 0.0001)), seed: 5))
        let topOne = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .sample(SamplingOptions(temperature: 1, topK: 1)), seed: 6))
        let beamOne = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .beam(1)))
        #expect(cold.matras.map(\.pulses) == argmax.matras.map(\.pulses))
        #expect(topOne.matras.map(\.pulses) == argmax.matras.map(\.pulses))
        #expect(beamOne.matras.map(\.pulses) == argmax.matras.map(\.pulses))
    }

    /// Issue 11: decoding with the mixture must not collapse into one repeated phrase at
    /// argmax. Counted here independently of GenerationStatistics: distinct 4-bol runs of
    /// an 8-cycle Teentaal argmax piece, today's decoder (LSTM alone, no guard) against the
    /// default one.
    @Test func argmaxWithTheMixtureLoopsLessThanTheLSTMAlone() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        func distinct(_ shortTerm: Bool, _ guarded: Bool) throws -> Int {
            var r = GenerationRequest(taal: teentaal, cycles: 8, layakari: Layakari([2]), decoder: .argmax)
            r.shortTerm = shortTerm
            r.repeatGuard = guarded
            let bols = try generator.generate(r).matras.flatMap(\.pulses).map { $0.text(.roman) }
            return Set((0...(bols.count - 4)).map { bols[$0..<($0 + 4)].joined(separator: " ") }).count
        }
        let today = try distinct(false, false), now = try distinct(true, true)
        #expect(now > today, "distinct 4-bol runs: \(now) with the mixture and guard, \(today) with the LSTM alone")
        // The guard is what keeps the mixture from its own loop.
        #expect(try distinct(true, false) < now)
    }

    @Test func samplingIsReproducibleBySeed() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        func run(_ seed: UInt64) throws -> [[Pulse]] {
            try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, decoder: .sample(SamplingOptions()), seed: seed)).matras.map(\.pulses)
        }
        #expect(try run(7) == run(7))
        #expect(try run(7) != run(8))
    }

    /// The score of a sequence under the model, by stepping it: beam search must find a
    /// sequence at least as probable as greedy argmax.
    func logProbability(_ section: Section) throws -> Double {
        let inference = InferenceState(model: model.network, batchSize: 1)
        var stream = TokenStream()
        stream.append(section)
        var total = 0.0
        for j in 0..<(stream.count - 1) {
            let logits = try inference.step(token: stream.tokens[j], features: SlotFeatures.vector(stream.slots[j + 1]))
            total += log(Double(Evaluation.probabilitiesWithoutBoundary(logits)[Int(stream.tokens[j + 1])]))
        }
        return total
    }

    @Test func beamFindsAtLeastAsProbableASequenceAsArgmax() throws {
        let jhaptaal = TaalCatalogue.standard.taal(named: "jhaptaal")!
        // The LSTM's own objective: no short-term model, no repeat guard.
        func lstmAlone(_ decoder: BolDecoder) -> GenerationRequest {
            var r = GenerationRequest(taal: jhaptaal, cycles: 1, layakari: Layakari([2]), decoder: decoder)
            r.shortTerm = false
            r.repeatGuard = false
            return r
        }
        let argmax = try generator.generate(lstmAlone(.argmax))
        let beam = try generator.generate(lstmAlone(.beam(8)))
        #expect(try logProbability(beam) >= logProbability(argmax) - 1e-4)
    }

    @Test func primerIsKeptAndContinuedFromItsPlaceInTheCycle() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let primer = NotationParser(defaultTaal: teentaal).parse("Dha Dhin Dhin Dha Dha").0.sections[0].matras
        let section = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, layakari: Layakari([1]), decoder: .argmax, primer: primer))
        #expect(section.matras.count == 32)
        #expect(section.matras.prefix(5).map { $0.pulses.map { $0.text(.roman) }.joined() } == ["Dha", "Dhin", "Dhin", "Dha", "Dha"])
        #expect(section.matras.dropFirst(5).allSatisfy { $0.pulses.count == 1 })
    }

    @Test func beamNeverChoosesABolWeightedZero() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let dha = TokenVocabulary.standard.token(.bol(Bol.named("Dha")!))
        let section = try generator.generate(GenerationRequest(taal: teentaal, cycles: 2, layakari: Layakari([2]),
                                                               decoder: .beam(4), weights: [dha: 0]))
        #expect(!section.matras.flatMap(\.pulses).contains(.bol(Bol.named("Dha")!)))
    }

    @Test func impossibleRequestsAreRefused() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let all = Dictionary(uniqueKeysWithValues: (1..<Int32(TokenVocabulary.standard.count)).map { ($0, Float(0)) })
        #expect(throws: GenerationError.self) {
            try generator.generate(GenerationRequest(taal: teentaal, cycles: 1, weights: all))
        }
        #expect(throws: GenerationError.self) {
            try generator.generate(GenerationRequest(taal: teentaal, cycles: 1000, layakari: Layakari([16])))
        }
    }

    @Test func weightsCanForbidABol() throws {
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let rest = TokenVocabulary.rest
        let section = try generator.generate(GenerationRequest(taal: teentaal, cycles: 4, layakari: Layakari([1]),
                                                               decoder: .sample(SamplingOptions()), seed: 3, weights: [rest: 0]))
        #expect(!section.matras.flatMap(\.pulses).contains(.rest))
    }
}

/// `tabla eval`'s claim, as a test: the shipped model beats the n-gram baselines on the
/// held-out compositions of Compositions/.
@Suite("Shipped model quality")
struct QualityTests {
    @Test func shippedModelBeatsTheBestNGramOnHeldOutPerplexity() throws {
        let report = try EvaluationReport.make(model: try BolModel.load(nil), corpus: try Corpus(folder: Self.corpusURL), cycles: 8)
        let score = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.key, $0.score) })
        let lstm = score["lstm"]!.perplexity
        let bestNGram = ["unigram", "kn3", "kn5"].map { score[$0]!.perplexity }.min()!
        #expect(report.heldOut.count >= 5)
        #expect(lstm < bestNGram, "LSTM \(lstm) vs best n-gram \(bestNGram)")
    }

    /// Issue 11's claim: the LSTM + short-term mixture beats every other model on the
    /// held-out compositions, the Kneser-Ney + short-term mixture included.
    @Test func mixtureBeatsEveryOtherModelOnHeldOutCompositions() throws {
        let report = try EvaluationReport.make(model: try BolModel.load(nil), corpus: try Corpus(folder: Self.corpusURL),
                                               cycles: 0, formSeeds: 0)
        #expect(report.rows.map(\.key) == ["lstm", "short-term", "mixture", "unigram", "kn3", "kn5", "kn5+short-term", "mixture-uniform-backoff"])
        let mixture = report.rows.first { $0.key == "mixture" }!.score
        for row in report.rows where row.key != "mixture" {
            #expect(mixture.crossEntropy < row.score.crossEntropy, "mixture \(mixture.bitsPerBol) vs \(row.key) \(row.score.bitsPerBol)")
        }
        #expect(report.rows.allSatisfy { $0.score.count == mixture.count })
        #expect(report.compositions.count == report.heldOut.count)
        #expect(report.compositions.map { $0.rows[0].score.count }.reduce(0, +) == mixture.count)
    }

    @Test func allScoresEveryCompositionAndSaysWhenBaselinesAreMissing() throws {
        let corpus = try Corpus(folder: Self.corpusURL)
        let model = try BolModel.load(nil)
        let report = try EvaluationReport.make(model: model, corpus: corpus, cycles: 0, formSeeds: 0, all: true)
        #expect(report.heldOut.count == corpus.entries.count)
        // Its training compositions are not in a folder of the held-out ones alone: no n-gram rows.
        var roles: [String: CorpusRole] = [:]
        for f in model.info.corpus { roles[f.hash] = f.role }
        var foreign = corpus
        foreign.entries = corpus.entries.filter { roles[$0.hash] == .test }
        let alone = try EvaluationReport.make(model: model, corpus: foreign, cycles: 0, formSeeds: 0, all: true)
        #expect(alone.rows.map(\.key) == ["lstm", "short-term", "mixture", "mixture-uniform-backoff"])
        #expect(alone.markdown.contains("no n-gram baselines"))
        // ...unless the folder it was trained on is given for them.
        let given = try EvaluationReport.make(model: model, corpus: foreign, cycles: 0, formSeeds: 0, all: true, baselineCorpus: corpus)
        #expect(given.rows.count == 8)
        #expect(given.rows[0].score == alone.rows[0].score)
    }

    @Test func jsonNamesTheModelsAsTheIssueSpecifies() throws {
        let report = try EvaluationReport.make(model: try BolModel.load(nil), corpus: try Corpus(folder: Self.corpusURL),
                                               cycles: 0, formSeeds: 0)
        let object = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as! [String: Any]
        #expect(object["tokens"] as? Int == report.rows[0].score.count)
        let models = object["models"] as! [[String: Any]]
        #expect(models.map { $0["name"] as! String } == ["lstm", "short-term", "mixture", "unigram", "kn3", "kn5", "kn5+short-term", "mixture-uniform-backoff"])
        for (m, row) in zip(models, report.rows) {
            #expect(abs((m["bits_per_bol"] as! Double) - row.score.crossEntropy / log(2.0)) < 1e-4)
            #expect(abs((m["perplexity"] as! Double) - exp(row.score.crossEntropy)) < 1e-3)
            #expect(abs((m["accuracy"] as! Double) - row.score.accuracy) < 1e-5)
        }
    }

    static let corpusURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Compositions")
}
