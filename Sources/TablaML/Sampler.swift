import Foundation

/// Turning logits into probabilities and sampled tokens.
public enum Sampler {
    /// Softmax of `logits / temperature`, computed stably.
    public static func softmax<C: Collection>(_ logits: C, temperature: Float = 1) -> [Float]
    where C.Element == Float {
        let t = max(temperature, 1e-6)
        let m = logits.max() ?? 0
        var out = logits.map { Foundation.exp(($0 - m) / t) }
        let s = out.reduce(0, +)
        for i in out.indices {
            out[i] /= s
        }
        return out
    }

    /// The index of the largest logit (ties go to the lowest index).
    public static func argmax<C: Collection>(_ logits: C) -> Int where C.Element == Float, C.Index == Int {
        var best = logits.startIndex
        for i in logits.indices where logits[i] > logits[best] {
            best = i
        }
        return best - logits.startIndex
    }

    /// Draws an index with probability softmax(logits / temperature); a temperature of
    /// 0 or less means argmax.
    public static func sample<C: Collection>(
        logits: C, temperature: Float, rng: inout SplitMix64
    ) -> Int where C.Element == Float, C.Index == Int {
        if temperature <= 0 { return argmax(logits) }
        let m = logits.max() ?? 0
        let inv = 1 / temperature
        var total: Float = 0
        for x in logits {
            total += Foundation.exp((x - m) * inv)
        }
        var u = rng.nextUnitFloat() * total
        var i = 0
        for x in logits {
            u -= Foundation.exp((x - m) * inv)
            if u < 0 { return i }
            i += 1
        }
        return logits.count - 1
    }
}
