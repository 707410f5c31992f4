/// How the next bol is chosen from the model's distribution.
public struct SamplingOptions: Sendable, Equatable {
    /// The temperature `tabla generate` samples at unless told otherwise: a little below
    /// 1, where the shipped model keeps to idiomatic phrases without copying the corpus.
    public static let defaultTemperature: Float = 0.8

    /// Softmax temperature; at or below 0.001 sampling is argmax.
    public var temperature: Float = 1
    /// Keep only the k most probable tokens.
    public var topK: Int?
    /// Keep the smallest set of tokens whose probability reaches p (nucleus sampling).
    public var topP: Float?
    /// Move the temperature with the entropy of each distribution (seed 002): a confident
    /// (low-entropy) prediction is sampled hotter, an uncertain one cooler.
    public var adaptiveTemperature = false
    /// Per-token multipliers applied to the probabilities (e.g. rests 0.9).
    public var weights: [Int32: Float] = [:]

    /// Default options: plain sampling at temperature 1.
    public init(temperature: Float = 1, topK: Int? = nil, topP: Float? = nil, adaptiveTemperature: Bool = false,
                weights: [Int32: Float] = [:]) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.adaptiveTemperature = adaptiveTemperature
        self.weights = weights
    }

    /// The temperature used for one distribution: with adaptive temperature,
    /// T x 2^(1 - 2h) where h is the entropy divided by its maximum, so h = 0 doubles
    /// T, h = 0.5 keeps it and h = 1 halves it.
    public func effectiveTemperature(_ probabilities: [Float]) -> Float {
        guard adaptiveTemperature else { return temperature }
        var entropy: Float = 0
        var support = 0
        for p in probabilities where p > 0 {
            entropy -= p * log(p)
            support += 1
        }
        // Normalised by the entropy of a uniform choice among the tokens that can occur
        // (the boundary, at probability 0, is not one of them).
        let h = support > 1 ? entropy / log(Float(support)) : 0
        return temperature * pow(2, 1 - 2 * h)
    }

    /// The distribution to sample from: `probabilities` (zero for tokens that may not
    /// be chosen) reshaped by temperature, weights, top-k and top-p, renormalised.
    public func reshape(_ probabilities: [Float]) -> [Float] {
        let t = effectiveTemperature(probabilities)
        var p = probabilities
        for (token, w) in weights where Int(token) < p.count { p[Int(token)] *= max(0, w) }
        if p.allSatisfy({ $0 <= 0 }) {
            // The weights excluded every likely token: fall back to the model's own choice.
            p = probabilities
        }
        if t <= 0.001 {
            let best = Sampler.argmax(p)
            return p.indices.map { $0 == best ? 1 : 0 }
        }
        if t != 1 {
            // p^(1/T), scaled by the largest first so small temperatures don't underflow.
            let top = p.max() ?? 1
            if top > 0 { for i in p.indices where p[i] > 0 { p[i] = pow(p[i] / top, 1 / t) } }
        }
        let order = p.indices.sorted { (p[$0], -$0) > (p[$1], -$1) }
        var keep = order.filter { p[$0] > 0 }
        if let k = topK { keep = Array(keep.prefix(max(1, k))) }
        if let topP {
            let total = keep.reduce(Float(0)) { $0 + p[$1] }
            var cumulative: Float = 0
            var cut = keep.count
            for (rank, i) in keep.enumerated() {
                cumulative += p[i] / total
                if cumulative >= topP { cut = rank + 1; break }
            }
            keep = Array(keep.prefix(max(1, cut)))
        }
        var out = [Float](repeating: 0, count: p.count)
        let total = keep.reduce(Float(0)) { $0 + p[$1] }
        guard total > 0 else {
            out[Sampler.argmax(probabilities)] = 1
            return out
        }
        for i in keep { out[i] = p[i] / total }
        return out
    }

    /// Draws an index from a normalised distribution with a uniform number in [0, 1).
    public static func draw(_ distribution: [Float], uniform u: Double) -> Int {
        var cumulative = 0.0
        var last = 0
        for (i, p) in distribution.enumerated() where p > 0 {
            cumulative += Double(p)
            last = i
            if u < cumulative { return i }
        }
        return last
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TablaML
