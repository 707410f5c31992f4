import TablaNotation

/// The cadential pieces that land on sam, and the theka's variations.
public enum CadentialForm: String, Sendable, CaseIterable {
    /// A tihai alone: phrase, gap, phrase, gap, phrase, landing on sam.
    case tihai
    /// A short piece of one cycle or so that ends with a tihai on sam.
    case tukda
    /// A short phrase from late in the cycle (matra 9 or 13 of Teentaal) that lands on sam.
    case mukhda

    /// Where the piece starts when not told: sam for a tihai or tukda, the last vibhag
    /// (matra 13 of Teentaal) for a mukhda.
    public func defaultStart(_ taal: Taal) -> Int {
        switch self {
        case .tihai, .tukda: 1
        case .mukhda: taal.vibhagStarts.last ?? 1
        }
    }
}

/// What cadential piece to write.
public struct CadenceRequest: Sendable {
    /// The form.
    public var form: CadentialForm
    /// The taal.
    public var taal: Taal
    /// The matra the first bol falls on (nil: the form's usual start).
    public var from: Int?
    /// Bols per matra of the phrases the model writes.
    public var layakari: Int
    /// Which gaps the tihai may have.
    public var kind: TihaiKind
    /// Seed.
    public var seed: UInt64
    /// Sampling temperature of the phrases.
    public var temperature: Float

    /// Creates a request.
    public init(form: CadentialForm, taal: Taal, from: Int? = nil, layakari: Int = 2, kind: TihaiKind = .any,
                seed: UInt64 = 1, temperature: Float = SamplingOptions.defaultTemperature) {
        self.form = form
        self.taal = taal
        self.from = from
        self.layakari = layakari
        self.kind = kind
        self.seed = seed
        self.temperature = temperature
    }
}

/// Writes tihais, tukdas and mukhdas: the model writes the phrase (and a tukda's or a
/// long mukhda's opening), the tihai calculator lands it on sam, and the model's ear
/// chooses among the arrangements that land.
public struct CadenceGenerator {
    /// The model.
    public let ear: ModelEar

    /// Creates a generator; with `shortTerm` its ear mixes the LSTM with a short-term model
    /// of the piece so far (``ModelEar/shortTerm``).
    public init(model: BolModel, shortTerm: Bool = false) { ear = ModelEar(model: model, shortTerm: shortTerm) }

    /// The piece as one section from `from` to the landing on sam.
    public func generate(_ request: CadenceRequest) throws -> Section {
        let taal = request.taal
        let n = taal.matras
        let from = request.from ?? request.form.defaultStart(taal)
        guard (1...n).contains(from) else { throw FormGenerationError.notInTaal(matra: from, taal: taal.name, matras: n) }
        var rng = SplitMix64(seed: request.seed)
        let l = request.layakari
        // A tukda states a phrase for half its length before its tihai, passing one more
        // sam when it starts too late in the cycle to leave its tihai room; a mukhda with
        // room (8 matras or more to sam) does the same; a tihai is all tihai.
        let toSam = n - from + 1
        let bodyMatras: Int
        switch request.form {
        case .tihai: bodyMatras = 0
        case .tukda: bodyMatras = (toSam < 8 ? toSam + n : toSam) / 2
        case .mukhda: bodyMatras = toSam >= 8 ? toSam / 2 : 0
        }
        var body: [Matra] = []
        var context = TokenStream()
        if bodyMatras > 0 {
            let slots = Slot.layout(taal: taal, start: from, matraSizes: [Int](repeating: l, count: bodyMatras), role: .other)
            let rules: [[Float]?] = [ear.openBayan] + [[Float]?](repeating: ear.rests(0.15), count: slots.count - 1)
            let tokens = try ear.fill(context: TokenStream(), slots: slots, rules: rules, temperature: request.temperature, rng: &rng)
            body = ear.matras(tokens, sizes: [Int](repeating: l, count: bodyMatras))
            context.append(Section(name: nil, taal: taal, start: from, matras: body), role: .other)
        }
        let tihaiFrom = taal.place(from - 1 + bodyMatras).matra
        // Too little room for a tihai at the piece's layakari (three matras to sam at
        // dugun has none): the tihai is played at double, then triple speed.
        var tihai: Tihai?
        var failure: Error?
        for speed in [l, 2 * l, 3 * l] where speed <= 16 {
            do {
                tihai = try landingTihai(from: tihaiFrom, layakari: speed, request: request, context: context, rng: &rng)
                break
            } catch {
                failure = failure ?? error
            }
        }
        guard let tihai else { throw failure! }
        return Section(name: request.form.rawValue, taal: taal, start: from, ends: .sam, matras: body + tihai.matras)
    }

    /// A tihai the model's phrases make from matra `from` to sam at `l` bols per matra.
    func landingTihai(from tihaiFrom: Int, layakari l: Int, request: CadenceRequest, context: TokenStream,
                      rng: inout SplitMix64) throws -> Tihai {
        let taal = request.taal
        let n = taal.matras
        // A tihai from sam may pass one more sam; one from inside the cycle lands on the next.
        let maxCycles = tihaiFrom == 1 ? 2 : 1
        let reach = (n - tihaiFrom + 1 + (maxCycles - 1) * n) * l
        // Phrase lengths worth trying, in pulses: from two bols to a third of the way to sam.
        let longest = (reach + 1) / 3
        guard longest >= 2 else { throw FormGenerationError.noTihai("\(reach) bols to sam leave no room for three phrases of two bols") }
        let lengths = Set([2, 3, 4, 5, 6, 7, l + 1, 2 * l + 1, longest / 2, longest - 1, longest].filter { (2...longest).contains($0) }).sorted()
        var phrases: [TihaiChooser.Phrase] = []
        for length in lengths {
            let sizes = [Int](repeating: l, count: length / l) + (length % l == 0 ? [] : [length % l])
            let slots = Slot.layout(taal: taal, start: tihaiFrom, matraSizes: sizes, role: .tihai)
            var rules: [[Float]?] = [ear.openBayan] + [[Float]?](repeating: ear.rests(0.15), count: max(0, slots.count - 1))
            if slots.count > 1 { rules[slots.count - 1] = ear.openBayan }
            let tokens = try ear.fill(context: context, slots: slots, rules: rules, temperature: request.temperature, rng: &rng)
            phrases.append(.pulses(tokens.map { ear.model.vocabulary.pulse($0) ?? .rest }, perMatra: l))
        }
        return try TihaiChooser(ear: ear).best(phrases: phrases, taal: taal, from: tihaiFrom, kind: request.kind,
                                               maxCycles: maxCycles, role: .tihai, context: context)
    }

}

/// Variations of a taal's theka (prakars) that keep its skeleton: the theka's first bol
/// of every vibhag, and the khali vibhag's closed character (no bayan-resonant bol after
/// its first); the model fills the rest at the chosen layakari.
public struct PrakarGenerator {
    /// The model.
    public let ear: ModelEar

    /// Creates a generator; with `shortTerm` its ear mixes the LSTM with a short-term model
    /// of the piece so far (``ModelEar/shortTerm``).
    public init(model: BolModel, shortTerm: Bool = false) { ear = ModelEar(model: model, shortTerm: shortTerm) }

    /// Why a theka can't be varied.
    public enum PrakarError: ReportableError, Sendable {
        /// The taal has no theka (a user taal without one).
        case noTheka(String)

        /// Not about a file.
        public var file: String? { nil }

        /// What is wrong.
        public var message: String {
            switch self {
            case .noTheka(let t): "\(t) has no theka to vary; give the taal a theka (docs/NOTATION.md, taal files)"
            }
        }
    }

    /// The theka's bols, one matra each, or nil when it has none or does not fill a cycle.
    public static func theka(of taal: Taal) -> [Matra]? {
        guard let matras = KhaliTransform.matras(taal.theka), matras.count == taal.matras else { return nil }
        return matras
    }

    /// `count` prakars of one cycle each.
    public func generate(taal: Taal, count: Int, layakari: Layakari, seed: UInt64,
                         temperature: Float = SamplingOptions.defaultTemperature) throws -> [Section] {
        guard let theka = Self.theka(of: taal) else { throw PrakarError.noTheka(taal.name) }
        var rng = SplitMix64(seed: seed)
        let vocabulary = ear.model.vocabulary
        var context = TokenStream()
        context.append(Section(name: "theka", taal: taal, matras: theka), role: .theka)
        var out: [Section] = []
        let sizes = (0..<taal.matras).map { layakari.pulses(at: $0) }
        let slots = Slot.layout(taal: taal, start: 1, matraSizes: sizes, role: .theka)
        let closed = ear.closedOnly
        for i in 0..<count {
            var rules: [[Float]?] = []
            for slot in slots {
                let vibhag = taal.vibhagIndex(ofMatra: slot.matra)
                if slot.pulse == 0 && taal.vibhagStarts[vibhag] == slot.matra, let bol = theka[slot.matra - 1].pulses.first {
                    rules.append(ear.only([vocabulary.token(bol)]))
                } else if taal.marks[vibhag] == .khali {
                    rules.append(closed)
                } else {
                    rules.append(ear.rests(0.2))
                }
            }
            let tokens = try ear.fill(context: context, slots: slots, rules: rules, temperature: temperature, rng: &rng)
            let matras = ear.matras(tokens, sizes: sizes)
            let section = Section(name: "prakar \(i + 1)", taal: taal, matras: matras)
            context.append(section, role: .theka)
            out.append(section)
        }
        return out
    }
}
