import TablaNotation

/// The forms `tabla generate` writes.
public enum GenerationForm: String, Sendable, CaseIterable {
    /// Cycles filled bol by bol over a fixed grid, with the sam and khali rules.
    case free
    /// A theme (bhari and khali halves), paltas from its units, and a closing tihai.
    case kaida
    /// A tihai landing on sam.
    case tihai
    /// A short piece ending with a tihai on sam.
    case tukda
    /// A phrase from late in the cycle that lands on sam.
    case mukhda
    /// The theka and variations of it that keep its skeleton.
    case thekaPrakar = "theka-prakar"
}

/// Everything a generated piece needs, whatever its form.
public struct FormRequest: Sendable {
    /// The form.
    public var form: GenerationForm
    /// The taal.
    public var taal: Taal
    /// Bols per matra.
    public var layakari: Layakari
    /// Seed of every random choice.
    public var seed: UInt64
    /// Sampling temperature of what the model writes.
    public var temperature: Float
    /// Free form: the request for the grid.
    public var free: GenerationRequest?
    /// Kaida: the theme's bhari half (nil: the model writes one).
    public var theme: [Matra]?
    /// Kaida: the bhari half's length when the model writes the theme.
    public var themeMatras: Int?
    /// Kaida: how many paltas.
    public var paltas: Int
    /// Tihai, tukda, mukhda: the matra the piece starts on.
    public var from: Int?
    /// Which tihais may be used.
    public var tihaiKind: TihaiKind
    /// Theka prakar and free form: cycles.
    public var cycles: Int
    /// Laya for the header, matras per minute.
    public var laya: Double
    /// `--weight` as given (free form), recorded in `source:`.
    public var weightSetting: String?
    /// The model's name, recorded in `source:`.
    public var modelName: String

    /// Creates a request.
    public init(form: GenerationForm, taal: Taal, layakari: Layakari = Layakari([2]), seed: UInt64 = 1,
                temperature: Float = SamplingOptions.defaultTemperature, free: GenerationRequest? = nil,
                theme: [Matra]? = nil, themeMatras: Int? = nil, paltas: Int = 6, from: Int? = nil,
                tihaiKind: TihaiKind = .any, cycles: Int = 4, laya: Double = 90, weightSetting: String? = nil,
                modelName: String = "shipped model") {
        self.form = form
        self.taal = taal
        self.layakari = layakari
        self.seed = seed
        self.temperature = temperature
        self.free = free
        self.theme = theme
        self.themeMatras = themeMatras
        self.paltas = paltas
        self.from = from
        self.tihaiKind = tihaiKind
        self.cycles = cycles
        self.laya = laya
        self.weightSetting = weightSetting
        self.modelName = modelName
    }
}

extension FormRequest {
    /// The `tabla generate` options that make this piece again, for `source:`.
    public var settings: [String] {
        var out = ["--layakari \(layakari)"]
        if form == .free {
            let free = self.free ?? GenerationRequest(taal: taal)
            switch free.decoder {
            case .beam(let k): out.append("--beam \(k)")
            case .argmax: out.append("--decoder argmax")
            case .sample(let o):
                out += ["--decoder sample", "--temperature \(o.temperature)"]
                if let k = o.topK { out.append("--top-k \(k)") }
                if let p = o.topP { out.append("--top-p \(p)") }
                if o.adaptiveTemperature { out.append("--adaptive-temperature") }
                out.append("--seed \(free.seed)")
            }
            if let weightSetting { out.append("--weight \(weightSetting)") }
            if !free.openSam { out.append("--no-open-sam") }
            if !free.closedKhali { out.append("--no-closed-khali") }
            if !free.shortTerm { out.append("--no-short-term") }
            if !free.repeatGuard { out.append("--no-repeat-guard") }
            return out
        }
        out = ["--form \(form.rawValue)"] + out + ["--seed \(seed)"]
        if temperature != SamplingOptions.defaultTemperature { out.append("--temperature \(temperature)") }
        if form == .kaida {
            if let theme {
                out.append("--theme \"\(theme.map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " "))\"")
            } else if let themeMatras {
                out.append("--theme-matras \(themeMatras)")
            }
            out.append("--paltas \(paltas)")
        }
        if form == .thekaPrakar { out.append("--cycles \(cycles)") }
        if let from { out.append("--from \(from)") }
        if tihaiKind != .any { out.append("--kind \(tihaiKind.rawValue)") }
        return out
    }
}

/// Writes a whole composition of the requested form, with its title, laya and
/// provenance, ready to print as a `.bol` file.
public struct FormComposer {
    /// The model.
    public let model: BolModel

    /// Creates a composer.
    public init(model: BolModel) { self.model = model }

    /// The composition.
    public func compose(_ request: FormRequest) throws -> Composition {
        let taal = request.taal
        let source = "tabla generate \(request.settings.joined(separator: " ")) (\(request.modelName))"
        let bols = request.layakari.pattern[0]
        switch request.form {
        case .free:
            var free = request.free ?? GenerationRequest(taal: taal, cycles: request.cycles, layakari: request.layakari)
            free.taal = taal
            var section = try BolGenerator(model: model).generate(free)
            section.name = "generated"
            let cycles = (section.start - 1 + section.matras.count) / taal.matras
            return Composition(title: "\(cycles) new \(taal.name) cycle\(cycles == 1 ? "" : "s")", taal: taal,
                               laya: request.laya, form: .other, source: source, sections: [section])
        case .kaida:
            let kaida = try KaidaGenerator(model: model).generate(KaidaRequest(
                taal: taal, theme: request.theme, layakari: bols, themeMatras: request.themeMatras, paltas: request.paltas,
                seed: request.seed, temperature: request.temperature, tihaiKind: request.tihaiKind))
            let opening = kaida.bhari.prefix(4).map { Printer.matraText($0.pulses, script: .roman) }.joined(separator: " ")
            return Composition(title: "Kaida on \(opening)", taal: taal, laya: request.laya, form: .kaida, source: source,
                               sections: kaida.sections(taal: taal))
        case .tihai, .tukda, .mukhda:
            let form = CadentialForm(rawValue: request.form.rawValue)!
            let section = try CadenceGenerator(model: model).generate(CadenceRequest(
                form: form, taal: taal, from: request.from, layakari: bols, kind: request.tihaiKind,
                seed: request.seed, temperature: request.temperature))
            let title = "\(form.rawValue.prefix(1).uppercased())\(form.rawValue.dropFirst()) from matra \(section.start) of \(taal.name)"
            return Composition(title: title, taal: taal, laya: request.laya, form: Form(rawValue: form.rawValue),
                               source: source, start: section.start, ends: .sam, sections: [section])
        case .thekaPrakar:
            let prakars = try PrakarGenerator(model: model).generate(
                taal: taal, count: request.cycles, layakari: request.layakari, seed: request.seed, temperature: request.temperature)
            let theka = Section(name: "theka", taal: taal, matras: PrakarGenerator.theka(of: taal)!)
            return Composition(title: "\(taal.name) theka and \(prakars.count) prakar\(prakars.count == 1 ? "" : "s")", taal: taal,
                               laya: request.laya, form: .theka, source: source, sections: [theka] + prakars)
        }
    }
}
