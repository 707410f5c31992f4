/// An interpolated Kneser-Ney n-gram model over tokens: the baseline the LSTM has to beat.
///
/// Counts use contexts within one stream, padded with the boundary token. Boundary
/// tokens are never predicted (the generation grid places them), so both the n-gram and
/// the LSTM are scored over the same targets. Discounts are the usual
/// D = n1 / (n1 + 2 n2) per order from the count-of-counts.
public struct KneserNey: Sendable {
    /// The order n.
    public let order: Int
    /// Size of the predicted vocabulary (all tokens but the boundary).
    public let vocabularySize: Int
    // Per order k (1...n): counts of (context, token) keys, context totals and types.
    private var counts: [[UInt64: Double]]
    private var totals: [[UInt64: Double]]
    private var types: [[UInt64: Double]]
    private var discounts: [Double]

    /// Bits per token in a packed key; token ids must be below 2^bits - 1.
    static let bits: UInt64 = 7

    static func key(_ tokens: ArraySlice<Int32>) -> UInt64 {
        var k: UInt64 = 0
        for t in tokens { k = (k << bits) | UInt64(t + 1) }
        return k
    }

    /// Counts n-grams of `streams`.
    public init(order: Int, vocabularySize: Int, streams: [[Int32]], boundary: Int32 = 0) {
        precondition(order >= 1 && order <= 8 && vocabularySize < 126)
        self.order = order
        self.vocabularySize = vocabularySize - 1
        var raw = [[UInt64: Double]](repeating: [:], count: order + 1)
        for stream in streams {
            let padded = [Int32](repeating: boundary, count: order - 1) + stream
            for t in (order - 1)..<padded.count where padded[t] != boundary {
                for k in 1...order {
                    raw[k][Self.key(padded[(t - k + 1)...t]), default: 0] += 1
                }
            }
        }
        // Lower orders count distinct left extensions (continuation counts).
        var counts = raw
        for k in 1..<order {
            var cont: [UInt64: Double] = [:]
            for key in raw[k + 1].keys { cont[key & ((1 << (Self.bits * UInt64(k))) - 1), default: 0] += 1 }
            counts[k] = cont
        }
        var totals = [[UInt64: Double]](repeating: [:], count: order + 1)
        var types = [[UInt64: Double]](repeating: [:], count: order + 1)
        var discounts = [Double](repeating: 0.75, count: order + 1)
        for k in 1...order {
            var n1 = 0.0, n2 = 0.0
            for (key, c) in counts[k] {
                let context = key >> Self.bits
                totals[k][context, default: 0] += c
                types[k][context, default: 0] += 1
                if c == 1 { n1 += 1 } else if c == 2 { n2 += 1 }
            }
            if n1 > 0, n2 > 0 { discounts[k] = min(0.95, max(0.05, n1 / (n1 + 2 * n2))) }
        }
        self.counts = counts
        self.totals = totals
        self.types = types
        self.discounts = discounts
    }

    /// P(token | the tokens before it), `history` holding at least order-1 tokens
    /// (pad with the boundary).
    public func probability(of token: Int32, after history: ArraySlice<Int32>) -> Double {
        probability(order, token, history.suffix(order - 1))
    }

    private func probability(_ k: Int, _ token: Int32, _ history: ArraySlice<Int32>) -> Double {
        if k == 0 { return 1 / Double(vocabularySize) }
        let context = history.suffix(k - 1)
        let lower = probability(k - 1, token, history)
        let ctxKey = Self.key(context)
        guard let total = totals[k][ctxKey], total > 0 else { return lower }
        let c = counts[k][(ctxKey << Self.bits) | UInt64(token + 1)] ?? 0
        let d = discounts[k]
        return max(c - d, 0) / total + d * (types[k][ctxKey] ?? 0) / total * lower
    }
}

/// Add-one unigram baseline.
public struct Unigram: Sendable {
    private var probabilities: [Double]

    /// Counts tokens of `streams` (boundaries excluded).
    public init(vocabularySize: Int, streams: [[Int32]], boundary: Int32 = 0) {
        var c = [Double](repeating: 1, count: vocabularySize)
        c[Int(boundary)] = 0
        for s in streams { for t in s where t != boundary { c[Int(t)] += 1 } }
        let total = c.reduce(0, +)
        probabilities = c.map { $0 / total }
    }

    /// P(token).
    public func probability(of token: Int32) -> Double { probabilities[Int(token)] }
}
