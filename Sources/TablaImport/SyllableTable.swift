import TablaNotation

/// How a format's syllables become bols: the user's own mappings first, then the format's
/// table, then the bol vocabulary (`Bol.named`), then, where the format writes words of
/// several bols, the standard splitter. A syllable none of these knows is reported, never
/// guessed.
struct SyllableTable: Sendable {
    /// Lowercased syllable to bol names, for this format.
    let table: [String: [String]]
    /// Lowercased syllable to bols, from the user (`--map`).
    let user: [String: [Bol]]
    /// Whether a word may stand for several bols (`tirakita`, `dhatidhage`).
    let splitsWords: Bool

    /// The bols a syllable stands for, or nil when it is unknown.
    func bols(_ syllable: String) -> [Bol]? {
        let key = syllable.lowercased()
        if let bols = user[key] { return bols }
        if let names = table[key] { return names.map { Bol.named($0)! } }
        if let bol = Bol.named(key) { return [bol] }
        if splitsWords, case .success(let pulses) = BolSplitter.standard.split(key),
           !pulses.isEmpty, pulses.allSatisfy({ $0.bol != nil }) {
            return pulses.compactMap(\.bol)
        }
        return nil
    }

    /// CompMusic Tabla Solo syllables that are spellings of bols under another name.
    /// TAA is the long open Ta, which sounds as Na (TABLA.md); GHI is the open bayan
    /// stroke Ge; KDA is the flam Kran; TII and TEE the closed Ti.
    static let compMusic: [String: [String]] = [
        "taa": ["Na"], "ghi": ["Ge"], "kda": ["Kran"], "tii": ["Ti"], "tee": ["Ti"], "ne": ["Na"],
    ]

    /// Tabalchi phrases (its `basicVocab`, composite and sequential phrases) in bols.
    /// `tere` is the two-stroke swish of TiRaKiTa; `ne` is Na (GeNe = GeNa); `ghen`,
    /// `ghet` and `gat` are Tabalchi's names for the open bayan stroke Ge.
    static let tabalchi: [String: [String]] = [
        "ne": ["Na"], "ghen": ["Ge"], "ghet": ["Ge"], "gat": ["Ge"],
        "tere": ["Ti", "Ra"], "teretere": ["Ti", "Ra", "Ti", "Ra"],
        "dhere": ["Dhi", "Ra"], "dheredhere": ["Dhi", "Ra", "Dhi", "Ra"],
        "dhete": ["Dhe", "Te"], "gadigene": ["Ga", "Di", "Ge", "Na"],
        "nagetete": ["Na", "Ge", "Te", "Te"], "kitetaka": ["Ki", "Te", "Te", "Ka"],
        "kite": ["Ki", "Ta"],
    ]

    /// Bol Processor terminals: `tr` and `kt` are one unit holding two strokes each
    /// (Ti Ra, Ki Ta); `tee` is Ti.
    static let bolProcessor: [String: [String]] = [
        "tr": ["Ti", "Ra"], "kt": ["Ki", "Ta"], "tee": ["Ti"], "ne": ["Na"],
    ]
}
