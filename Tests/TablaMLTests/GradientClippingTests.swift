import Foundation
import Testing
@testable import TablaML

/// Clipping checked through what Adam does with the clipped gradient on its first step.
///
/// On step 1 Adam's bias corrections cancel: with x the clipped gradient of a weight,
/// the weight moves by lr * x / (|x| + eps), eps = 1e-8. So the move of every weight
/// gives back the gradient Adam saw, x = eps * r / (1 - |r|) with r = move / lr, and
/// those x must have the clipping norm. Without clipping every weight with a real
/// gradient (|g| >> eps) moves by almost lr.
struct GradientClippingTests {
    static let corpus: [Int32] = [0, 1, 2, 0, 3, 4, 5, 1, 0, 3, 2, 5, 4, 0, 1, 5, 3, 2, 4, 1]

    /// One step from fixed weights with `clipNorm`: the weights' moves over lr, and the norm the step reported.
    func firstStep(clipNorm: Float?, lr: Float) throws -> (ratios: [Float], norm: Float) {
        var rng = SplitMix64(seed: 11)
        let model = try LSTMModel(
            config: LSTMConfig(vocabularySize: 6, embeddingSize: 4, hiddenSize: 8, layerCount: 1), rng: &rng)
        let before = model.flatParameters
        let trainer = Trainer(model: model, learningRate: lr, clipNorm: clipNorm, carriesState: false, seed: 2)
        let c = Self.corpus
        let batch = TrainingBatch(batchSize: 1, steps: c.count - 1, tokens: Array(c.dropLast()), targets: Array(c.dropFirst()))
        let result = try trainer.step(batch)
        let after = model.flatParameters
        return (zip(before, after).map { ($0 - $1) / lr }, result.gradientNorm)
    }

    @Test("Clipping scales the gradient Adam sees down to the clipping norm")
    func clippedGradientHasTheClipNorm() throws {
        let clip: Float = 1e-8
        let (ratios, norm) = try firstStep(clipNorm: clip, lr: 0.01)
        // The reported norm is the gradient's own, far above the threshold.
        #expect(norm > 1e-3)
        // |x| <= clip = eps, so no weight moves by more than lr * eps / (eps + eps) = lr / 2.
        let largest = ratios.map(abs).max()!
        #expect(largest <= 0.5 + 1e-3, "largest move \(largest) x lr")
        #expect(largest > 0.01)
        let eps: Double = 1e-8
        let seen = ratios.map { r -> Double in
            let r = Double(r)
            return eps * r / (1 - abs(r))
        }
        let seenNorm = seen.map { $0 * $0 }.reduce(0, +).squareRoot()
        // clip * norm / (norm + 1e-6), read back through float weights: within 2% of the threshold.
        #expect(abs(seenNorm - Double(clip)) < 0.02 * Double(clip), "Adam saw a gradient of norm \(seenNorm)")
    }

    @Test("Without clipping the same step moves the weights by almost the learning rate")
    func unclippedStepIsFull() throws {
        let (ratios, norm) = try firstStep(clipNorm: nil, lr: 0.01)
        #expect(norm > 1e-3)
        #expect(ratios.map(abs).max()! > 0.99)
    }

    @Test("A threshold above the norm leaves the gradient alone")
    func thresholdAboveTheNormChangesNothing() throws {
        let free = try firstStep(clipNorm: nil, lr: 0.01)
        let loose = try firstStep(clipNorm: free.norm * 2, lr: 0.01)
        #expect(loose.ratios == free.ratios)
    }
}
