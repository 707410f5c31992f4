import Foundation
import TablaNotation
import TablaSynthesis

extension SampleBank {
    /// The built-in bank's sounds (``Synthesizer/bankBols``) that sound `bols`: a bol
    /// the bank has itself (Na, Dha), else the sound of each of its strokes, chosen
    /// as ``voicing(_:)`` chooses it in the whole bank (Dhi: Ge and Ti; Ki: Ke).
    public static func builtInBols(toSound bols: some Sequence<Bol>) -> [Bol] {
        let bank = Set(Synthesizer.bankBols)
        let sorted = Synthesizer.bankBols.sorted()
        var needed: Set<Bol> = []
        for bol in Set(bols) {
            if bank.contains(bol) { needed.insert(bol); continue }
            for stroke in bol.strokes {
                if let named = Bol.named(stroke.rawValue), named.strokes == [stroke], bank.contains(named) {
                    needed.insert(named)
                } else if let other = sorted.first(where: { $0.strokes == [stroke] }) {
                    needed.insert(other)
                }
            }
        }
        return Synthesizer.bankBols.filter(needed.contains)
    }
}

extension Renderer {
    /// The built-in bank holding only the sounds `composition` needs as `options`
    /// play it (count-in and sections included), each with all its takes: a piece
    /// that never plays Dhin or Tun does not synthesise them. It renders exactly as
    /// ``SampleBank/synthesized(sa:rate:takes:bols:)`` with every bol would.
    public static func builtInBank(for composition: Composition, options: RenderOptions = RenderOptions(),
                                   sa: Pitch = .defaultSa, rate: Int = 44100,
                                   takes: Int = SampleBank.builtInTakes) throws(AudioError) -> SampleBank {
        let empty = SampleBank(takes: [:], rate: rate, origin: "built-in synthesis")
        let onsets = try Renderer(bank: empty, options: options).timeline(composition).onsets
        return SampleBank.synthesized(sa: sa, rate: rate, takes: takes, bols: SampleBank.builtInBols(toSound: onsets.map(\.bol)))
    }
}
