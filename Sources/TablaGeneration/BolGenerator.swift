import TablaML
import TablaNotation

/// How the decoder picks bols for the fixed grid.
public enum BolDecoder: Sendable, Equatable {
    /// The most probable bol at each slot: deterministic.
    case argmax
    /// Draws from the (reshaped) distribution with a seeded generator.
    case sample(SamplingOptions)
    /// The K most probable whole sequences for the grid (beam search).
    case beam(Int)
}

/// What to generate.
public struct GenerationRequest: Sendable {
    /// The taal.
    public var taal: Taal
    /// Cycles in the result, primer included.
    public var cycles: Int
    /// Bols per generated matra.
    public var layakari: Layakari
    /// The decoder.
    public var decoder: BolDecoder
    /// Seed for sampling.
    public var seed: UInt64
    /// Matras written before generation starts (a primer), from matra `primerStart`.
    public var primer: [Matra]
    /// The matra the primer starts on.
    public var primerStart: Int
    /// Per-token multipliers, for argmax and beam too.
    public var weights: [Int32: Float]
    /// Sam is struck open, with the bayan ringing (Dha, Dhin...), as every theka has it;
    /// not applied where the taal's sam is khali (Rupak).
    public var openSam: Bool = true
    /// The khali vibhag is played mostly closed: after its first bol, bols that ring the
    /// bayan are weighted by ``BolGenerator/khaliResonantWeight``.
    public var closedKhali: Bool = true
    /// Each step's distribution is the LSTM's mixed with the short-term model's, read from
    /// the primer and the bols generated so far (``EntropyMixture``), so a piece reuses its
    /// own material; argmax and beam search too. Off: the LSTM alone.
    public var shortTerm: Bool = true
    /// The decoders avoid repeating a long phrase of the piece outright: a bol that would
    /// make the last quarter cycle of bols equal to a quarter cycle already played is
    /// weighted by ``BolGenerator/repeatWeight``. Without it a decoder that hears its own
    /// piece falls into a loop at argmax (docs/MODEL.md).
    public var repeatGuard: Bool = true

    /// Creates a request.
    public init(taal: Taal, cycles: Int = 4, layakari: Layakari = Layakari([2]), decoder: BolDecoder = .argmax, seed: UInt64 = 1,
                primer: [Matra] = [], primerStart: Int = 1, weights: [Int32: Float] = [:]) {
        self.taal = taal
        self.cycles = cycles
        self.layakari = layakari
        self.decoder = decoder
        self.seed = seed
        self.primer = primer
        self.primerStart = primerStart
        self.weights = weights
    }
}

/// Why generation could not start.
public enum GenerationError: ReportableError, Sendable {
    /// The grid holds more bols than ``BolGenerator/maxSlots``.
    case gridTooLarge(slots: Int)
    /// The weights leave no bol that may be chosen.
    case nothingToChoose

    /// Generation errors are about the request, not a file.
    public var file: String? { nil }

    /// What is wrong and what to do.
    public var message: String {
        switch self {
        case .gridTooLarge(let n):
            "the grid holds \(n) bols, more than \(BolGenerator.maxSlots); ask for fewer cycles or fewer bols per matra"
        case .nothingToChoose: "the weights leave no bol with a positive weight"
        }
    }
}

/// Fills a fixed taal grid with bols from a ``BolModel``, one LSTM step per bol.
public struct BolGenerator {
    /// The most bols one request may ask for (about 40 minutes of drut chaugun).
    public static let maxSlots = 200_000
    /// How much less likely a bayan-resonant bol is made in the khali vibhag by
    /// ``GenerationRequest/closedKhali``.
    public static let khaliResonantWeight: Float = 0.1
    /// How much less likely ``GenerationRequest/repeatGuard`` makes a bol that completes a
    /// repeated quarter cycle.
    public static let repeatWeight: Float = 0.01
    /// The repeat guard's phrase is this fraction of a cycle's bols: a vibhag of Teentaal
    /// (chosen among a half, a quarter and an eighth on the bigram divergence; docs/MODEL.md).
    static let repeatDivisor = 4

    /// The model.
    public let model: BolModel

    /// Creates a generator.
    public init(model: BolModel) { self.model = model }

    /// Generates a section: the primer, then new matras to the end of the last cycle.
    public func generate(_ request: GenerationRequest) throws -> Section {
        let taal = request.taal
        let primerOffset = request.primerStart - 1 + request.primer.count
        let grid = GenerationGrid(taal: taal, cycles: request.cycles, layakari: request.layakari, primerMatras: primerOffset)
        guard grid.matraSizes.reduce(0, +) <= Self.maxSlots else { throw GenerationError.gridTooLarge(slots: grid.matraSizes.reduce(0, +)) }
        let slots = grid.slots
        let choosable = (1..<model.vocabulary.count).contains { request.weights[Int32($0)] ?? 1 > 0 }
        guard choosable else { throw GenerationError.nothingToChoose }
        // The primer's own slots, so the model reads it where it falls in the taal.
        var context = TokenStream()
        context.append(Section(name: nil, taal: taal, start: request.primerStart, matras: request.primer))
        let pulses: [Pulse]
        switch request.decoder {
        case .beam(let k):
            pulses = try beam(width: max(1, k), context: context, slots: slots, weights: request.weights, request: request)
        case .argmax:
            pulses = try greedy(context: context, slots: slots, options: SamplingOptions(temperature: 0, weights: request.weights),
                                seed: request.seed, request: request)
        case .sample(var options):
            for (t, w) in request.weights { options.weights[t] = w }
            pulses = try greedy(context: context, slots: slots, options: options, seed: request.seed, request: request)
        }
        return Section(name: nil, taal: taal, start: request.primerStart, ends: .cycle,
                       matras: request.primer + grid.matras(pulses))
    }

    /// The form's rules as token multipliers, built once per request rather than once a
    /// slot: the open sam and the mostly closed khali vibhag.
    struct FormRules {
        let openSam: [Float]?
        let closedKhali: [Float]?

        init(model: BolModel, request: GenerationRequest) {
            let ear = ModelEar(model: model)
            openSam = request.openSam ? ear.openBayan : nil
            closedKhali = request.closedKhali ? ear.weighting(BolGenerator.khaliResonantWeight) { $0.isBayanResonant } : nil
        }

        /// The rule for one slot, or nil for none.
        func rule(_ slot: Slot) -> [Float]? {
            let taal = slot.taal
            if let openSam, slot.matra == 1, slot.pulse == 0, taal.marks[0] != .khali { return openSam }
            let vibhag = taal.vibhagIndex(ofMatra: slot.matra)
            let vibhagStart = slot.matra == 1 || taal.vibhagIndex(ofMatra: slot.matra - 1) != vibhag
            if let closedKhali, slot.matra != 1, taal.marks[vibhag] == .khali, !(vibhagStart && slot.pulse == 0) {
                return closedKhali
            }
            return nil
        }
    }

    /// Features of a slot for one step.
    private func features(_ slot: Slot?) -> [Float] { SlotFeatures.vector(slot) }

    /// Feeds the context (boundary and primer) and returns the state ready to predict
    /// the first generated slot, plus the last token fed.
    private func prime(_ inference: InferenceState, context: TokenStream) throws -> Int32 {
        for j in 0..<(context.count - 1) {
            _ = try inference.step(tokens: [Int32](repeating: context.tokens[j], count: inference.batchSize),
                                   features: repeated(features(context.slots[j + 1]), inference.batchSize))
        }
        return context.tokens[context.count - 1]
    }

    private func repeated(_ v: [Float], _ n: Int) -> [Float] {
        n == 1 ? v : Array([[Float]](repeating: v, count: n).joined())
    }

    /// Argmax or sampling: one step per slot.
    private func greedy(context: TokenStream, slots: [Slot], options: SamplingOptions, seed: UInt64,
                        request: GenerationRequest) throws -> [Pulse] {
        let rules = FormRules(model: model, request: request)
        let inference = InferenceState(model: model.network, batchSize: 1)
        var rng = SplitMix64(seed: seed)
        var token = try prime(inference, context: context)
        var stm = request.shortTerm ? shortTermModel(context) : nil
        var guardian = request.repeatGuard
            ? RepeatGuard(length: max(4, slots.count / max(1, request.cycles) / Self.repeatDivisor), context: context.tokens) : nil
        let vocabulary = model.vocabulary
        var out: [Pulse] = []
        out.reserveCapacity(slots.count)
        for slot in slots {
            let logits = try inference.step(token: token, features: features(slot))
            var raw = Evaluation.probabilitiesWithoutBoundary(logits)
            if let stm { raw = stm.mixed(with: raw, next: slot, exponent: mixtureExponent) }
            if let guardian { for t in guardian.repeating() { raw[Int(t)] *= Self.repeatWeight } }
            if let r = rules.rule(slot) { for t in raw.indices { raw[t] *= r[t] } }
            let p = options.reshape(raw)
            let choice: Int
            if options.temperature <= 0.001 || p.filter({ $0 > 0 }).count == 1 {
                choice = Sampler.argmax(p)
            } else {
                choice = SamplingOptions.draw(p, uniform: rng.nextUnitDouble())
            }
            token = Int32(choice)
            stm?.append(token, slot: slot)
            guardian?.append(token)
            out.append(vocabulary.pulse(token) ?? .rest)
        }
        return out
    }

    /// The phrases of `length` bols played so far, to tell which next bol would repeat one.
    struct RepeatGuard {
        let length: Int
        private var recent: [Int32] = []
        private var continuations: [[Int32]: Set<Int32>] = [:]

        init(length: Int, context: [Int32]) {
            self.length = length
            for t in context where t != TokenVocabulary.boundary { append(t) }
        }

        /// Tokens that would complete a phrase of `length` bols already played.
        func repeating() -> Set<Int32> {
            recent.count >= length - 1 ? continuations[Array(recent.suffix(length - 1))] ?? [] : []
        }

        mutating func append(_ token: Int32) {
            if recent.count >= length - 1 { continuations[Array(recent.suffix(length - 1)), default: []].insert(token) }
            recent.append(token)
        }
    }

    /// A short-term model that has read `context` (boundary and primer).
    func shortTermModel(_ context: TokenStream) -> ShortTermModel {
        var stm = ShortTermModel()
        for (t, s) in zip(context.tokens, context.slots) { stm.append(t, slot: s) }
        return stm
    }

    /// The exponent the model records for mixing it with the short-term model.
    var mixtureExponent: Double { model.info.mixtureExponent ?? EntropyMixture.defaultExponent }

    /// Beam search over the fixed grid: the `width` most probable token sequences.
    /// Each step's distribution is weighted and renormalised as sampling does; a bol
    /// weighted 0 is never chosen. Sequences are kept as back-pointers, so a step costs
    /// the same however long the grid.
    private func beam(width: Int, context: TokenStream, slots: [Slot], weights: [Int32: Float],
                      request: GenerationRequest) throws -> [Pulse] {
        let rules = FormRules(model: model, request: request)
        let inference = InferenceState(model: model.network, batchSize: width)
        let last = try prime(inference, context: context)
        let v = model.network.config.vocabularySize
        let h = model.network.config.hiddenSize
        let layers = model.network.config.layerCount
        let weight = (0..<v).map { Double(weights[Int32($0)] ?? 1) }
        var scores = [Double](repeating: 0, count: width)
        var tokens = [Int32](repeating: last, count: width)
        // parents[step][row], chosen[step][row]: the back-pointers.
        var parents: [[Int]] = []
        var chosen: [[Int32]] = []
        var alive = 1  // all rows start identical: expand only the first
        // One short-term model per row, reordered with the rows.
        var stms: [ShortTermModel]? = request.shortTerm
            ? [ShortTermModel](repeating: shortTermModel(context), count: width) : nil
        var guards: [RepeatGuard]? = request.repeatGuard
            ? [RepeatGuard](repeating: RepeatGuard(length: max(4, slots.count / max(1, request.cycles) / Self.repeatDivisor),
                                                   context: context.tokens), count: width) : nil
        var state = inference.state
        var old = state
        for slot in slots {
            let logits = try inference.step(tokens: tokens, features: repeated(features(slot), width))
            var candidates: [(score: Double, row: Int, token: Int32)] = []
            candidates.reserveCapacity(alive * v)
            let slotRule = rules.rule(slot)
            for row in 0..<alive {
                var p = Evaluation.probabilitiesWithoutBoundary(Array(logits[(row * v)..<((row + 1) * v)]))
                if let stms { p = stms[row].mixed(with: p, next: slot, exponent: mixtureExponent) }
                if let guards { for t in guards[row].repeating() { p[Int(t)] *= Self.repeatWeight } }
                var total = 0.0
                func w(_ t: Int) -> Double { weight[t] * Double(slotRule?[t] ?? 1) }
                for t in 1..<v { total += Double(p[t]) * w(t) }
                for t in 1..<v where p[t] > 0 && w(t) > 0 {
                    candidates.append((scores[row] + Foundation.log(Double(p[t]) * w(t) / total), row, Int32(t)))
                }
            }
            candidates.sort { ($0.score, -$0.row, -Int($0.token)) > ($1.score, -$1.row, -Int($1.token)) }
            let kept = candidates.prefix(width)
            // Reorder the carried (h, c) so that row i continues its parent's state.
            state = inference.state
            old.hidden = state.hidden
            old.cell = state.cell
            for layer in 0..<layers {
                for (i, c) in kept.enumerated() where i != c.row {
                    let dst = (layer * width + i) * h, src = (layer * width + c.row) * h
                    for k in 0..<h {
                        state.hidden[dst + k] = old.hidden[src + k]
                        state.cell[dst + k] = old.cell[src + k]
                    }
                }
            }
            inference.state = state
            if let old = stms {
                stms = kept.map { c in
                    var m = old[c.row]
                    m.append(c.token, slot: slot)
                    return m
                } + old.prefix(width - kept.count)
            }
            if let old = guards {
                guards = kept.map { c in
                    var g = old[c.row]
                    g.append(c.token)
                    return g
                } + old.prefix(width - kept.count)
            }
            parents.append(kept.map(\.row))
            chosen.append(kept.map(\.token))
            for (i, c) in kept.enumerated() {
                scores[i] = c.score
                tokens[i] = c.token
            }
            alive = kept.count
            for i in alive..<width { tokens[i] = tokens[0] }
        }
        // Follow the best row's back-pointers from the last step to the first.
        var sequence = [Int32](repeating: 0, count: slots.count)
        var row = 0
        for step in stride(from: slots.count - 1, through: 0, by: -1) {
            sequence[step] = chosen[step][row]
            row = parents[step][row]
        }
        let vocabulary = model.vocabulary
        return sequence.map { vocabulary.pulse($0) ?? .rest }
    }
}

import Foundation
