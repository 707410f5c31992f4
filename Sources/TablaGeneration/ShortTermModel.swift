import Foundation

/// A model of the composition so far, learnt as it is read: tabla pieces repeat
/// themselves (every palta reuses the theme's phrases), so what came before in the same
/// piece predicts much of what comes next. This is the short-term model of IDyOM
/// (Pearce 2005) and of Chordia et al. (ISMIR 2010).
///
/// Two variable-order chains, each interpolated as PPM with escape method C (blending,
/// no exclusion): P_k(x) = (c(x) + t P_{k-1}(x)) / (n + t) for a context of k tokens with
/// n occurrences and t distinct continuations, an unseen context passing P_{k-1} on, and
/// below order 0 a uniform distribution over the predictable tokens or, when mixed with
/// the LSTM, the LSTM's own distribution (``distribution(next:floor:)``).
///
/// - The **sequential** chain's contexts are the last 0...`order` tokens.
/// - The **grid** chain's contexts are the slot's place in the cycle (taal length, matra,
///   pulse and bols in the matra) with the last 0...`gridOrder` tokens, so "what came at
///   this matra last cycle" is a prediction even where the tokens before it are new.
///
/// The two are mixed by their entropies (``EntropyMixture``) with `exponent`. Boundary
/// tokens stay in the history (a section's start predicts the next section's start) but
/// are never predicted.
///
/// ```swift
/// var stm = ShortTermModel()
/// for (token, slot) in zip(stream.tokens, stream.slots) {
///     let p = stm.distribution(next: slot)   // before the token is seen
///     stm.append(token, slot: slot)
/// }
/// ```
public struct ShortTermModel: Sendable {
    /// Longest sequential context the model is built with unless told otherwise: chosen
    /// on the shipped model's validation compositions among 3, 5 and 8 (docs/MODEL.md);
    /// longer contexts, seen once, make escape method C too sure of themselves.
    public static let defaultOrder = 5
    /// Tokens of context beside the place in the cycle, unless told otherwise (chosen with the order).
    public static let defaultGridOrder = 3
    /// Entropy-weighting exponent between the sequential and grid chains.
    public static let defaultExponent = 2.0

    /// Longest sequential context, in tokens.
    public let order: Int
    /// Tokens of context beside the place in the cycle; negative switches the grid chain off.
    public let gridOrder: Int
    /// Entropy-weighting exponent between the two chains.
    public let exponent: Double
    /// Token count, boundary included (token 0, never predicted).
    public let vocabularySize: Int

    struct Counts: Sendable {
        var counts: [Int32]
        var total: Int32 = 0
        var types: Int32 = 0
        init(_ v: Int) { counts = [Int32](repeating: 0, count: v) }
        mutating func add(_ token: Int32) {
            if counts[Int(token)] == 0 { types += 1 }
            counts[Int(token)] += 1
            total += 1
        }
    }

    struct GridKey: Hashable, Sendable {
        var taalMatras: Int16, matra: Int16, pulse: Int16, pulses: Int16
        var context: UInt64
    }

    private var history: [Int32] = []
    private var sequential: [UInt64: Counts] = [:]
    private var grid: [GridKey: Counts] = [:]

    /// An empty model (nothing read yet).
    public init(order: Int = defaultOrder, gridOrder: Int = defaultGridOrder, exponent: Double = defaultExponent,
                vocabularySize: Int = TokenVocabulary.standard.count) {
        precondition(order >= 0 && order <= 8, "contexts are packed into 64 bits: order 0 to 8")
        precondition(gridOrder <= 8 && vocabularySize < 127)
        self.order = order
        self.gridOrder = gridOrder
        self.exponent = exponent
        self.vocabularySize = vocabularySize
    }

    /// Forgets everything read: the start of another composition.
    public mutating func reset() {
        history.removeAll(keepingCapacity: true)
        sequential.removeAll(keepingCapacity: true)
        grid.removeAll(keepingCapacity: true)
    }

    /// Tokens read so far.
    public var count: Int { history.count }

    /// Packs the last `k` tokens of the history (7 bits each, token + 1, so contexts of
    /// different lengths never share a key).
    private func key(_ k: Int) -> UInt64 {
        var key: UInt64 = 0
        for t in history.suffix(k) { key = (key << 7) | UInt64(t + 1) }
        return key
    }

    private static func place(_ slot: Slot) -> (Int16, Int16, Int16, Int16) {
        (Int16(clamping: slot.taal.matras), Int16(clamping: slot.matra), Int16(clamping: slot.pulse),
         Int16(clamping: slot.pulsesInMatra))
    }

    private func gridKey(_ slot: Slot, _ k: Int) -> GridKey {
        let p = Self.place(slot)
        return GridKey(taalMatras: p.0, matra: p.1, pulse: p.2, pulses: p.3, context: key(k))
    }

    /// Reads one token in its slot (nil for a boundary): counts it after each of its
    /// contexts, then adds it to the history.
    public mutating func append(_ token: Int32, slot: Slot?) {
        if token != TokenVocabulary.boundary {
            let v = vocabularySize
            for k in 0...min(order, history.count) {
                sequential[key(k), default: Counts(v)].add(token)
            }
            if let slot, gridOrder >= 0 {
                for k in 0...min(gridOrder, history.count) {
                    grid[gridKey(slot, k), default: Counts(v)].add(token)
                }
            }
        }
        history.append(token)
    }

    /// Blends the chain from the shortest context up, starting from `floor` (a
    /// distribution without the boundary) or from the uniform floor.
    private func blend(_ chain: [Counts?], floor: [Double]? = nil) -> [Double] {
        let v = vocabularySize
        var p = floor ?? [Double](repeating: 1 / Double(v - 1), count: v)
        p[Int(TokenVocabulary.boundary)] = 0
        for case let c? in chain where c.total > 0 {
            let n = Double(c.total), t = Double(c.types)
            for x in 1..<v { p[x] = (Double(c.counts[x]) + t * p[x]) / (n + t) }
        }
        return p
    }

    /// The sequential chain's distribution of the next token (boundary at 0).
    public func sequentialDistribution(floor: [Double]? = nil) -> [Double] {
        blend((0...min(order, history.count)).map { sequential[key($0)] }, floor: floor)
    }

    /// The grid chain's distribution of the token in `slot` (uniform when nothing was
    /// read in that place yet, or when the grid chain is off).
    public func gridDistribution(_ slot: Slot, floor: [Double]? = nil) -> [Double] {
        guard gridOrder >= 0 else { return blend([], floor: floor) }
        return blend((0...min(gridOrder, history.count)).map { grid[gridKey(slot, $0)] }, floor: floor)
    }

    /// The distribution of the next token, which falls in `slot` (boundary at 0, summing to 1).
    ///
    /// With a `floor` (a long-term model's distribution, boundary at 0), what the piece has
    /// not shown yet is predicted as that model predicts it, instead of by a uniform guess
    /// over the vocabulary: early in a piece, and for bols the piece has not played, the
    /// uniform guess put rare bols (Kru, Tit, Kat) into generated cycles and cost bits.
    public func distribution(next slot: Slot?, floor: [Double]? = nil) -> [Double] {
        let s = sequentialDistribution(floor: floor)
        guard let slot, gridOrder >= 0 else { return s }
        return EntropyMixture.combine([s, gridDistribution(slot, floor: floor)], exponent: exponent)
    }
}

extension ShortTermModel {
    /// `lstm` (probabilities, boundary at 0) mixed by entropies with this model's
    /// distribution backed off to `lstm`: the LSTM + short-term model that generation and
    /// `tabla eval`'s mixture use.
    public func mixed(with lstm: [Float], next slot: Slot?, exponent: Double) -> [Float] {
        let longTerm = lstm.map(Double.init)
        return EntropyMixture.combine([longTerm, distribution(next: slot, floor: longTerm)], exponent: exponent).map(Float.init)
    }
}

/// IDyOM's entropy weighting: each distribution is weighted by its relative entropy
/// (entropy over that of a uniform choice among the predictable tokens) raised to
/// -`exponent`, so a confident model counts more; 0 gives the plain average.
public enum EntropyMixture {
    /// The exponent used with a model that records none (chosen on the shipped model's
    /// validation compositions; docs/MODEL.md).
    public static let defaultExponent = 1.0
    /// Exponents tried when one is chosen on validation data.
    public static let candidateExponents: [Double] = [0, 0.5, 1, 2, 3, 4, 6, 8]

    /// Entropy of `p` over log(count of predictable tokens): the boundary (token 0) is
    /// not one of them. Kept above 0.01 so that a certain prediction has a finite weight.
    public static func relativeEntropy(_ p: [Double]) -> Double {
        var h = 0.0
        for x in p where x > 0 { h -= x * Foundation.log(x) }
        return max(0.01, h / Foundation.log(Double(max(2, p.count - 1))))
    }

    /// The weighted arithmetic mean of `distributions` (all of one size).
    public static func combine(_ distributions: [[Double]], exponent: Double) -> [Double] {
        guard let first = distributions.first else { return [] }
        if distributions.count == 1 { return first }
        let weights = distributions.map { Foundation.pow(relativeEntropy($0), -exponent) }
        let total = weights.reduce(0, +)
        var out = [Double](repeating: 0, count: first.count)
        for (d, w) in zip(distributions, weights) {
            for i in out.indices { out[i] += w / total * d[i] }
        }
        return out
    }
}
