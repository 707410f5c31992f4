import Foundation

/// The Adam optimizer with bias correction (Kingma & Ba 2015), over a model's flat
/// parameter vector.
public final class Adam {
    /// Step size; a `Trainer` schedule may change it before each step.
    public var learningRate: Float
    /// Decay of the first-moment estimate.
    public let beta1: Float
    /// Decay of the second-moment estimate.
    public let beta2: Float
    /// Added to the root of the second moment to avoid dividing by zero.
    public let epsilon: Float
    /// Updates applied so far (the `t` of the bias correction).
    public private(set) var stepCount = 0
    let m: FloatBuffer
    let v: FloatBuffer

    /// Creates an optimizer for `parameterCount` scalars with zero moments.
    public init(
        parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = FloatBuffer(count: parameterCount)
        v = FloatBuffer(count: parameterCount)
    }

    /// Applies one update to `model` from the gradients it holds, scaled by `gradientScale`
    /// (the clipping factor, folded in here to save a pass over the gradients).
    public func update(_ model: LSTMModel, gradientScale: Float = 1) {
        precondition(model.parameterCount == m.count, "Adam was built for another model size")
        stepCount += 1
        // PyTorch's form: lr * m̂ / (√v̂ + ε), with the corrections folded into two scalars.
        let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(stepCount)))
        let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(stepCount)))
        let stepSize = learningRate / c1
        let rootC2 = c2.squareRoot()
        let p = model.parameters.pointer
        let g = model.gradients.pointer
        let m = self.m.pointer
        let v = self.v.pointer
        let b1 = beta1, b2 = beta2, eps = epsilon
        for i in 0..<self.m.count {
            let gi = g[i] * gradientScale
            let mi = b1 * m[i] + (1 - b1) * gi
            let vi = b2 * v[i] + (1 - b2) * gi * gi
            m[i] = mi
            v[i] = vi
            p[i] -= stepSize * mi / (vi.squareRoot() / rootC2 + eps)
        }
    }
}
