import Foundation
import Testing
import TablaNotation
import TablaSupport
@testable import TablaGeneration

/// The short-term model and the entropy mixture against probabilities worked by hand.
/// Tokens of the tiny vocabulary: 0 boundary, 1 a, 2 b, 3 c; the floor is 1/3 each.
@Suite("Short-term model")
struct ShortTermModelTests {
    let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!

    func slot(_ matra: Int) -> Slot { Slot(taal: teentaal, matra: matra, pulse: 0, pulsesInMatra: 1) }

    func read(_ tokens: [Int32], order: Int, gridOrder: Int = -1, matras: [Int]? = nil) -> ShortTermModel {
        var m = ShortTermModel(order: order, gridOrder: gridOrder, vocabularySize: 4)
        for (i, t) in tokens.enumerated() {
            m.append(t, slot: t == 0 ? nil : matras.map { slot($0[i]) })
        }
        return m
    }

    func expectClose(_ p: [Double], _ expected: [Double], _ comment: Comment? = nil) {
        #expect(p.count == expected.count)
        for (a, b) in zip(p, expected) { #expect(abs(a - b) < 1e-12, comment) }
    }

    @Test func orderOneAfterABA() {
        // "<s> a b a". Order 0: a 2, b 1 (n 3, t 2): a (2 + 2/3)/5 = 8/15, b 5/15, c 2/15.
        // Order 1 after a: b once (n 1, t 1): b (1 + 1/3)/2 = 2/3, a (8/15)/2 = 4/15, c 1/15.
        let m = read([0, 1, 2, 1], order: 1)
        expectClose(m.sequentialDistribution(), [0, 4.0 / 15, 2.0 / 3, 1.0 / 15])
    }

    @Test func orderTwoUsesTheLongestContextSeen() {
        // "<s> a b a b". Order 0: a 2, b 2: a (2 + 2/3)/6 = 4/9, b 4/9, c 1/9.
        // Order 1 after b: a once: a (1 + 4/9)/2 = 13/18, b 2/9, c 1/18.
        // Order 2 after a b: a once: a (1 + 13/18)/2 = 31/36, b 4/36, c 1/36.
        let m = read([0, 1, 2, 1, 2], order: 2)
        expectClose(m.sequentialDistribution(), [0, 31.0 / 36, 4.0 / 36, 1.0 / 36])
        // An unseen longest context passes the shorter one on: order 8 gives the same.
        expectClose(read([0, 1, 2, 1, 2], order: 8).sequentialDistribution(), [0, 31.0 / 36, 4.0 / 36, 1.0 / 36])
    }

    @Test func nothingReadIsUniform() {
        let m = ShortTermModel(order: 8, gridOrder: 2, vocabularySize: 4)
        expectClose(m.distribution(next: slot(1)), [0, 1.0 / 3, 1.0 / 3, 1.0 / 3])
    }

    @Test func aFloorReplacesTheUniformGuess() {
        // Nothing read: the distribution is the floor itself.
        let floor: [Double] = [0, 0.6, 0.4, 0]
        expectClose(ShortTermModel(order: 2, gridOrder: -1, vocabularySize: 4).distribution(next: nil, floor: floor), floor)
        // "<s> a b a" at order 1 over the floor: order 0 a 2, b 1 (n 3, t 2):
        // a (2 + 2·0.6)/5 = 0.64, b (1 + 2·0.4)/5 = 0.36, c 0. After a, b once (n 1, t 1):
        // a 0.64/2 = 0.32, b (1 + 0.36)/2 = 0.68, c 0: c, which neither the floor nor the
        // piece has, stays impossible (the uniform guess gave it 1/15).
        expectClose(read([0, 1, 2, 1], order: 1).distribution(next: nil, floor: floor), [0, 0.32, 0.68, 0])
    }

    @Test func theMixtureNeverInventsABolNeitherModelHeard() {
        // The LSTM gives c nothing and the piece never played it: the mixture gives it
        // nothing either, whatever the exponent.
        let m = read([0, 1, 2, 1, 2, 1], order: 3)
        for exponent in [0.0, 0.5, 2] {
            let p = m.mixed(with: [0, 0.5, 0.5, 0], next: nil, exponent: exponent)
            #expect(p[3] == 0)
            #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        }
    }

    @Test func gridRemembersWhatCameAtThisMatra() {
        // a at matra 1, b at 2, c at 1. Matra 1 of the next cycle, place only (grid order 0):
        // a 1, c 1 (n 2, t 2): a (1 + 2/3)/4 = 5/12, c 5/12, b (2/3)/4 = 2/12.
        let m = read([0, 1, 2, 3], order: 0, gridOrder: 0, matras: [0, 1, 2, 1])
        expectClose(m.gridDistribution(slot(1)), [0, 5.0 / 12, 2.0 / 12, 5.0 / 12])
        // Matra 3 was never played: uniform.
        expectClose(m.gridDistribution(slot(3)), [0, 1.0 / 3, 1.0 / 3, 1.0 / 3])
    }

    @Test func gridWithOneTokenOfContext() {
        // a at 1, b at 2, a at 1; predicting matra 2 after a. Place alone: b once:
        // b (1 + 1/3)/2 = 2/3, a 1/6, c 1/6. Place and "a": b once: b (1 + 2/3)/2 = 5/6, a 1/12, c 1/12.
        let m = read([0, 1, 2, 1], order: 0, gridOrder: 1, matras: [0, 1, 2, 1])
        expectClose(m.gridDistribution(slot(2)), [0, 1.0 / 12, 5.0 / 6, 1.0 / 12])
    }

    @Test func entropyWeightsFavourTheConfidentModel() {
        // p = (1/2, 1/2, 0) has relative entropy log 2 / log 3; uniform has 1.
        // Exponent 1: weights log2(3) and 1.
        let p: [Double] = [0, 0.5, 0.5, 0], u: [Double] = [0, 1.0 / 3, 1.0 / 3, 1.0 / 3]
        let w: Double = Foundation.log(3.0) / Foundation.log(2.0)
        let expected = [0, (w * 0.5 + 1.0 / 3) / (w + 1), (w * 0.5 + 1.0 / 3) / (w + 1), (1.0 / 3) / (w + 1)]
        expectClose(EntropyMixture.combine([p, u], exponent: 1), expected)
        // Exponent 0 is the plain average.
        expectClose(EntropyMixture.combine([p, u], exponent: 0), [0, 5.0 / 12, 5.0 / 12, 1.0 / 6])
    }

    @Test func fullDistributionSumsToOneAndNeverPredictsTheBoundary() {
        var m = ShortTermModel()
        var rng = SplitMix64(seed: 5)
        for i in 0..<400 {
            let slot = Slot(taal: teentaal, matra: 1 + (i / 2) % 16, pulse: i % 2, pulsesInMatra: 2)
            let p = m.distribution(next: slot)
            #expect(p[0] == 0)
            #expect(abs(p.reduce(0, +) - 1) < 1e-9)
            let token: Int32 = i % 50 == 0 ? 0 : Int32(1 + Int(rng.nextUnitDouble() * 6))
            m.append(token, slot: token == 0 ? nil : slot)
        }
    }

    @Test func aRepeatedThemeBecomesAlmostCertain() {
        // A composition that plays one four-bol phrase eight times: by the last
        // repetition the short-term model gives each bol more than 0.9.
        var m = ShortTermModel()
        let phrase: [Int32] = [2, 5, 9, 1]
        var last: [Double] = []
        m.append(0, slot: nil)
        for r in 0..<8 {
            for (i, t) in phrase.enumerated() {
                let slot = Slot(taal: teentaal, matra: 1 + (r * 4 + i) % 16, pulse: 0, pulsesInMatra: 1)
                if r == 7 { last.append(m.distribution(next: slot)[Int(t)]) }
                m.append(t, slot: slot)
            }
        }
        #expect(last.allSatisfy { $0 > 0.9 }, "\(last)")
    }
}

/// The form generators' ear with the short-term model: a passage the context already
/// played is heard as more likely than the LSTM alone hears it.
@Suite("Ear with the short-term model")
struct ShortTermEarTests {
    @Test func aRepeatedPassageScoresHigherWithTheShortTermModel() throws {
        let model = try BolModel.load(nil)
        let teentaal = TaalCatalogue.standard.taal(named: "teentaal")!
        let names = "Dha Ti Dha Ge Na Dha Ti Dha Ge Dhi Na Ge Tin Na Ke Na".split(separator: " ")
        let phrase = names.map { Int32(TokenVocabulary.standard.names.firstIndex(of: String($0))!) }
        let slots = Slot.layout(taal: teentaal, start: 1, matraSizes: [Int](repeating: 2, count: 8), role: .theme)
        var context = TokenStream()
        context.tokens = [TokenVocabulary.boundary] + phrase
        context.slots = [nil] + slots.map { Optional($0) }
        let plain = try ModelEar(model: model).score(context: context, slots: slots, candidates: [phrase])[0]
        let heard = try ModelEar(model: model, shortTerm: true).score(context: context, slots: slots, candidates: [phrase])[0]
        #expect(heard > plain, "mean log-probability \(heard) with the short-term model, \(plain) without")
        // And the repeated passage is far more likely than a uniform guess among 33 tokens.
        #expect(heard > log(1.0 / 33))
    }
}
