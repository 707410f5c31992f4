import Testing
@testable import TablaGeneration

@Suite("n-gram baselines")
struct KneserNeyTests {
    // Tokens: 0 boundary, 1 rest, 2 a, 3 b, 4 c. One stream "a b a b a c".
    let stream: [Int32] = [0, 2, 3, 2, 3, 2, 4]

    @Test func bigramProbabilityMatchesAHandComputation() {
        let kn = KneserNey(order: 2, vocabularySize: 5, streams: [stream])
        // Worked by hand (see the comment in docs/MODEL.md's baseline section):
        // D2 = 2/(2+2*2) = 1/3, D1 = 2/(2+2*1) = 1/2, P1(b) = 0.5/4 + 0.5*3/4*1/4 = 7/32,
        // P(b|a) = (2 - 1/3)/3 + (1/3)*(2/3)*P1(b) = 5/9 + 14/288 = 174/288.
        #expect(abs(kn.probability(of: 3, after: [2]) - 174.0 / 288.0) < 1e-12)
        // After c (never seen as a context) it falls back to the continuation unigram.
        #expect(abs(kn.probability(of: 2, after: [4]) - 15.0 / 32.0) < 1e-12)
        #expect(abs(kn.probability(of: 1, after: [4]) - 3.0 / 32.0) < 1e-12)
    }

    @Test(arguments: [1, 2, 3, 5])
    func distributionsSumToOne(order: Int) {
        let streams: [[Int32]] = [[0, 2, 3, 2, 3, 2, 4, 1, 2], [0, 4, 4, 3, 1, 1, 2]]
        let kn = KneserNey(order: order, vocabularySize: 5, streams: streams)
        for history: [Int32] in [[0, 0, 0, 0], [2, 3, 2, 3], [4, 4, 4, 4], [1, 1, 2, 2], [3, 3, 3, 3]] {
            let sum = (1...4).reduce(0.0) { $0 + kn.probability(of: Int32($1), after: history[...]) }
            #expect(abs(sum - 1) < 1e-9, "order \(order) after \(history): \(sum)")
        }
    }

    @Test func unigramIsAddOne() {
        let u = Unigram(vocabularySize: 5, streams: [stream])
        // counts a 3, b 2, c 1, rest 0, each + 1, over 6 + 4 = 10.
        #expect(abs(u.probability(of: 2) - 0.4) < 1e-12)
        #expect(abs(u.probability(of: 1) - 0.1) < 1e-12)
        #expect(u.probability(of: 0) == 0)
    }
}
