import Foundation
import Testing
@testable import TablaGeneration

@Suite struct TuneScratch {
    @Test func tune() throws {
        guard ProcessInfo.processInfo.environment["TUNE"] != nil else { return }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Compositions")
        let corpus = try Corpus(folder: url)
        let model = try BolModel.load(nil)
        var roles: [String: CorpusRole] = [:]
        for f in model.info.corpus { roles[f.hash] = f.role }
        let which = ProcessInfo.processInfo.environment["TUNE"] == "test" ? CorpusRole.test : .validation
        let val = corpus.entries.filter { roles[$0.hash] == which }
        var out = "validation \(val.count)\n"
        for order in [3, 5, 8] { for g in [-1, 0, 1, 2, 3] { for ie in [1.0, 2.0, 4.0] where g >= 0 || ie == 1 {
            let t = try PredictionTrace.make(network: model.network, entries: val, shortTerm: ShortTermModel(order: order, gridOrder: g, exponent: ie))
            let b = t.bestExponent(longTerm: t.lstm)
            out += "order \(order) grid \(g) ie \(ie): lstm \(t.score(t.lstm).bitsPerBol) stm \(t.score(t.shortTerm).bitsPerBol) best b \(b.exponent) mix \(b.score.bitsPerBol) | " + EntropyMixture.candidateExponents.map { String(format: "%.3f", t.mixtureScore(longTerm: t.lstm, exponent: $0).bitsPerBol) }.joined(separator: " ") + "\n"
        }}}
        try out.write(toFile: "/tmp/tune-\(which).txt", atomically: true, encoding: .utf8)
    }
}
