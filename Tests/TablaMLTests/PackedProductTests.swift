import Testing
@testable import TablaML

/// The engine's packed-operand product (Sources/CEngine) against a double-precision
/// triple loop, over shapes that hit every edge of its 8 x 32 register tile.
struct PackedProductTests {
    /// `C + op(A) * op(B)` in double, row-major; `op(A)` is `A` (`m x k`) or the
    /// transpose of the stored `k x m` matrix `A`, `op(B)` is `B` (`k x n`) or the
    /// transpose of the stored `n x k` matrix `B`.
    static func reference(m: Int, n: Int, k: Int, a: [Float], b: [Float], v: Variant, c: [Float]) -> [Double] {
        var out = c.map(Double.init)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for r in 0..<k {
                    let av = v.aTransposed ? a[r * m + i] : a[i * k + r]
                    let bv = v.bTransposed ? b[j * k + r] : b[r * n + j]
                    sum += Double(av) * Double(bv)
                }
                out[i * n + j] = (v.accumulate ? out[i * n + j] : 0) + sum
            }
        }
        return out
    }

    struct Variant: CustomTestStringConvertible, Sendable {
        let aTransposed: Bool, bTransposed: Bool, accumulate: Bool
        var testDescription: String {
            (aTransposed ? "A^T" : "A") + (bTransposed ? " B^T" : " B") + (accumulate ? " +=" : " =")
        }
    }

    static let variants: [Variant] = [
        Variant(aTransposed: false, bTransposed: false, accumulate: true),
        Variant(aTransposed: false, bTransposed: true, accumulate: true),
        Variant(aTransposed: true, bTransposed: false, accumulate: false),
        Variant(aTransposed: true, bTransposed: true, accumulate: false),
    ]

    struct Shape: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, k: Int
        var testDescription: String { "\(m)x\(n)x\(k)" }
    }

    // Rows 1, 7, 8, 9, 17 and 64 (full, partial and several tiles); columns below, at and
    // across the 16-lane halves and the 32-column panel; depths 1, 3, 5, 7, 9, a layer's 256
    // and 1,100 (three of the kernel's depth blocks).
    static let shapes: [Shape] = [
        Shape(m: 1, n: 1, k: 1), Shape(m: 7, n: 15, k: 3), Shape(m: 8, n: 16, k: 5), Shape(m: 9, n: 17, k: 3),
        Shape(m: 17, n: 33, k: 7), Shape(m: 8, n: 32, k: 1), Shape(m: 3, n: 100, k: 9),
        Shape(m: 64, n: 64, k: 256), Shape(m: 16, n: 48, k: 96), Shape(m: 9, n: 40, k: 1100),
    ]

    @Test("C (+)= op(A) * op(B) with op(B) packed matches the double-precision product", arguments: shapes, variants)
    func matchesReference(_ s: Shape, v: Variant) {
        var rng = SplitMix64(seed: UInt64(s.m * 10_007 + s.n * 101 + s.k))
        func random(_ count: Int) -> [Float] { (0..<count).map { _ in rng.nextUnitFloat() * 2 - 1 } }
        let a = random(s.m * s.k), b = random(s.k * s.n)
        // Distinct values around the product so that writing outside it, or overwriting
        // C instead of adding to it, shows.
        let ldc = s.n + 3
        var c = random(s.m * ldc)
        let before = c
        var packed = [Float](repeating: .nan, count: PackedProduct.size(k: s.k, n: s.n))
        #expect(packed.count == ((s.n + 31) / 32) * 32 * s.k)
        b.withUnsafeBufferPointer { bp in
            packed.withUnsafeMutableBufferPointer { pp in
                PackedProduct.pack(k: s.k, n: s.n, b: bp.baseAddress!, ldb: v.bTransposed ? s.k : s.n,
                                   transposed: v.bTransposed, into: pp.baseAddress!)
            }
        }
        #expect(!packed.contains { $0.isNaN }, "the zero padding must be written")
        a.withUnsafeBufferPointer { ap in
            packed.withUnsafeBufferPointer { pp in
                c.withUnsafeMutableBufferPointer { cp in
                    PackedProduct.multiply(m: s.m, n: s.n, k: s.k, a: ap.baseAddress!,
                                           aRowStride: v.aTransposed ? 1 : s.k, aColumnStride: v.aTransposed ? s.m : 1,
                                           packed: pp.baseAddress!, c: cp.baseAddress!, ldc: ldc, accumulate: v.accumulate)
                }
            }
        }
        // The reference on the dense n-column view of C.
        let dense = (0..<s.m).flatMap { i in before[(i * ldc)..<(i * ldc + s.n)] }
        let expected = Self.reference(m: s.m, n: s.n, k: s.k, a: a, b: b, v: v, c: dense)
        var worst = 0.0
        for i in 0..<s.m {
            for j in 0..<ldc {
                if j < s.n {
                    // float32 sums of k products of magnitude <= 1.
                    worst = max(worst, abs(Double(c[i * ldc + j]) - expected[i * s.n + j]) / Double(s.k))
                } else {
                    #expect(c[i * ldc + j] == before[i * ldc + j], "column \(j) of row \(i) is outside C")
                }
            }
        }
        #expect(worst < 1e-6, "worst error per term \(worst)")
    }

    @Test("Empty products: no rows leave C alone, no depth adds nothing or sets zeros")
    func emptyProduct() {
        var c: [Float] = [1, 2, 3]
        let a: [Float] = [1], packed: [Float] = [1]
        c.withUnsafeMutableBufferPointer { cp in
            PackedProduct.multiply(m: 0, n: 3, k: 1, a: a, aRowStride: 1, packed: packed, c: cp.baseAddress!, ldc: 3,
                                   accumulate: false)
            PackedProduct.multiply(m: 1, n: 3, k: 0, a: a, aRowStride: 1, packed: packed, c: cp.baseAddress!, ldc: 3)
        }
        #expect(c == [1, 2, 3])
        c.withUnsafeMutableBufferPointer { cp in
            PackedProduct.multiply(m: 1, n: 2, k: 0, a: a, aRowStride: 1, packed: packed, c: cp.baseAddress!, ldc: 3,
                                   accumulate: false)
        }
        #expect(c == [0, 0, 3])
        #expect(PackedProduct.size(k: 0, n: 5) == 0)
    }

    /// Columns around the kernel's 16-float vectors, 64-column tail blocks and 256-column
    /// blocks; depths 1, 7 and a generation layer's 288.
    @Test("x * W (batch-1 gate products) matches the double-precision product",
          arguments: [1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 300, 1024], [1, 7, 288])
    func gemvMatchesReference(n: Int, k: Int) {
        var rng = SplitMix64(seed: UInt64(n * 1_000 + k))
        let ldw = n + 5
        let w = (0..<(k * ldw)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let x = (0..<k).map { _ in rng.nextUnitFloat() * 2 - 1 }
        // One sentinel past the end: the kernel must not write beyond n.
        var y = [Float](repeating: .nan, count: n + 1)
        y[n] = 42
        w.withUnsafeBufferPointer { wp in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    PackedProduct.gemv(k: k, n: n, x: xp.baseAddress!, w: wp.baseAddress!, ldw: ldw, y: yp.baseAddress!)
                }
            }
        }
        var worst = 0.0
        for j in 0..<n {
            var sum = 0.0
            for r in 0..<k {
                sum += Double(x[r]) * Double(w[r * ldw + j])
            }
            worst = max(worst, abs(Double(y[j]) - sum) / Double(k))
        }
        #expect(worst < 1e-6, "worst error per term \(worst)")
        #expect(y[n] == 42)
    }

    /// The public wrappers for tools: a packed transposed operand, overwriting and then
    /// accumulating, and `BLAS.multiply` with `B` transposed, against the same sums.
    @Test("PackedOperand and BLAS.multiply(transposeB:) compute A * B^T")
    func publicWrappers() {
        // A = [[1, 2], [3, 4], [5, 6]] (3 x 2); stored B = [[1, 0], [2, 1], [0, 3], [1, 1]]
        // (4 x 2), so A * B^T = [[1, 4, 6, 3], [3, 10, 12, 7], [5, 16, 18, 11]] by hand.
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [1, 0, 2, 1, 0, 3, 1, 1]
        let expected: [Float] = [1, 4, 6, 3, 3, 10, 12, 7, 5, 16, 18, 11]
        let packed = PackedOperand(b, k: 2, n: 4, transposed: true)
        var c = [Float](repeating: 7, count: 12)
        packed.multiply(a, m: 3, into: &c, accumulate: false)
        #expect(c == expected)
        packed.multiply(a, m: 3, into: &c)
        #expect(c == expected.map { 2 * $0 })
        var d = [Float](repeating: 7, count: 12)
        BLAS.multiply(a, b, into: &d, m: 3, n: 4, k: 2, transposeB: true)
        #expect(d == expected)
    }
}
