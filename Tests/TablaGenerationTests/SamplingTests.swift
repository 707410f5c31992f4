import Testing
@testable import TablaGeneration

@Suite("Sampling controls")
struct SamplingTests {
    func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 }
    }

    @Test func temperatureNearZeroAndTopKOneAreArgmax() {
        let p: [Float] = [0, 0.2, 0.5, 0.3]
        #expect(SamplingOptions(temperature: 0.0001).reshape(p) == [0, 0, 1, 0])
        #expect(SamplingOptions(temperature: 1.5, topK: 1).reshape(p) == [0, 0, 1, 0])
    }

    @Test func temperatureSharpensAndFlattens() {
        // p^(1/T) renormalised: [0.8, 0.2] at T = 2 gives sqrt: [0.894, 0.447] -> [2/3, 1/3].
        #expect(close(SamplingOptions(temperature: 2).reshape([0.8, 0.2]), [2.0 / 3, 1.0 / 3]))
        // At T = 0.5: squares [0.64, 0.04] -> [16/17, 1/17].
        #expect(close(SamplingOptions(temperature: 0.5).reshape([0.8, 0.2]), [16.0 / 17, 1.0 / 17]))
    }

    @Test func topPKeepsTheSmallestNucleus() {
        #expect(close(SamplingOptions(topP: 0.5).reshape([0.5, 0.3, 0.2]), [1, 0, 0]))
        #expect(close(SamplingOptions(topP: 0.7).reshape([0.5, 0.3, 0.2]), [0.625, 0.375, 0]))
    }

    @Test func weightsScaleProbabilities() {
        // [0.5, 0.5] with the second weighted 0.5: [0.5, 0.25] -> [2/3, 1/3].
        #expect(close(SamplingOptions(weights: [1: 0.5]).reshape([0.5, 0.5]), [2.0 / 3, 1.0 / 3]))
        #expect(close(SamplingOptions(weights: [0: 0]).reshape([0.9, 0.1]), [0, 1]))
    }

    @Test func adaptiveTemperatureFollowsEntropy() {
        let o = SamplingOptions(temperature: 1, adaptiveTemperature: true)
        #expect(abs(o.effectiveTemperature([0.25, 0.25, 0.25, 0.25]) - 0.5) < 1e-5)  // maximal entropy halves T
        #expect(abs(o.effectiveTemperature([1, 0, 0, 0]) - 2) < 1e-5)  // certain doubles T
    }

    @Test func drawFollowsTheCumulativeDistribution() {
        let p: [Float] = [0, 0.25, 0.5, 0.25]
        #expect(SamplingOptions.draw(p, uniform: 0.1) == 1)
        #expect(SamplingOptions.draw(p, uniform: 0.5) == 2)
        #expect(SamplingOptions.draw(p, uniform: 0.99) == 3)
    }
}
