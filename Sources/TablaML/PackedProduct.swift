import CEngine

/// The engine's own product for the recurrent steps: the right operand (a layer's
/// recurrent weights, or their transpose) is packed once per layer and pass, then
/// multiplied at every step by an AVX-512 register-tile kernel (`Sources/CEngine`).
/// OpenBLAS's sgemm re-packs the weights at every step and runs its kernel on 64 rows
/// at a fraction of its large-matrix rate (docs/ENGINE.md).
enum PackedProduct {
    /// Whether this CPU runs the kernel (AVX-512F, enabled by the OS).
    static let isAvailable = tabla_packed_kernel_available() != 0

    /// Floats a packed `k x n` operand takes.
    static func size(k: Int, n: Int) -> Int {
        Int(tabla_packed_size(Int32(k), Int32(n)))
    }

    /// Packs `B` (`k x n`, row stride `ldb`), or with `transposed` the transpose of the
    /// stored `n x k` matrix `B` (row stride `ldb`), into `packed`.
    static func pack(
        k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int, transposed: Bool = false,
        into packed: UnsafeMutablePointer<Float>
    ) {
        tabla_pack(Int32(k), Int32(n), b, transposed ? 1 : ldb, transposed ? ldb : 1, packed)
    }

    /// `y (n) = x (k) * W`, `W` being `k x n` with row stride `ldw` (no packing: batch-1
    /// generation reads each weight once per token).
    static func gemv(
        k: Int, n: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, ldw: Int, y: UnsafeMutablePointer<Float>
    ) {
        tabla_gemv_rows(Int32(k), Int32(n), x, w, ldw, y)
    }

    /// Columns per packed panel; a row split of the packing starts on a panel.
    static let panel = Int(TABLA_PACKED_PANEL)

    /// `C (m x n) = A * B`, or `+=` when `accumulate`, with `B` as `pack` left it and
    /// `A`'s element `(i, r)` at `a[i * aRowStride + r * aColumnStride]` (a row-major `A`,
    /// or with strides `1` and `lda` the transpose of a stored `k x m` matrix).
    static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int = 1,
        packed: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = true
    ) {
        tabla_gemm_packed(Int32(m), Int32(n), Int32(k), a, aRowStride, aColumnStride, packed, c, ldc,
                          accumulate ? 1 : 0)
    }
}

/// Which of a training pass's products run on the engine's packed kernel.
public enum PackedKernelUse: String, Sendable, CaseIterable {
    /// None: OpenBLAS's sgemm for every product.
    case none
    /// The recurrent step products, on weights packed once per layer and pass.
    case recurrentSteps = "steps"
    /// Every product of the pass (input projections, weight gradients, the dense layer too).
    case allProducts = "all"
}

/// A right operand packed once for the engine's kernel, for tools and benchmarks (the
/// engine packs into its own workspaces): `C (m x n) (+)= A (m x k) * B`.
///
/// ```swift
/// let b = PackedOperand(weights, k: 256, n: 1024)
/// b.multiply(hidden, m: 64, into: &gates)        // gates += hidden * weights
/// ```
public struct PackedOperand: Sendable {
    /// Whether this CPU runs the AVX-512 kernel (elsewhere a plain C loop stands in).
    public static var kernelIsAvailable: Bool { PackedProduct.isAvailable }
    public let k: Int
    public let n: Int
    private let storage: [Float]

    /// Packs `B` (`k x n`, row-major), or with `transposed` the transpose of the stored
    /// `n x k` matrix `B`.
    public init(_ b: [Float], k: Int, n: Int, transposed: Bool = false) {
        precondition(k >= 0 && n >= 0 && b.count >= k * n, "matrix sizes do not match")
        self.k = k
        self.n = n
        var packed = [Float](repeating: 0, count: PackedProduct.size(k: k, n: n))
        if !packed.isEmpty {
            b.withUnsafeBufferPointer { bp in
                packed.withUnsafeMutableBufferPointer { pp in
                    PackedProduct.pack(k: k, n: n, b: bp.baseAddress!, ldb: transposed ? k : n, transposed: transposed,
                                       into: pp.baseAddress!)
                }
            }
        }
        storage = packed
    }

    /// `C = A * B`, or `+=` when `accumulate`; `A` is `m x k` and `C` `m x n`, row-major.
    public func multiply(_ a: [Float], m: Int, into c: inout [Float], accumulate: Bool = true) {
        precondition(m >= 0 && a.count >= m * k && c.count >= m * n, "matrix sizes do not match")
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C stays, or becomes zero.
            if !accumulate { c.replaceSubrange(0..<(m * n), with: repeatElement(0, count: m * n)) }
            return
        }
        a.withUnsafeBufferPointer { ap in
            storage.withUnsafeBufferPointer { pp in
                c.withUnsafeMutableBufferPointer { cp in
                    PackedProduct.multiply(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, packed: pp.baseAddress!,
                                           c: cp.baseAddress!, ldc: n, accumulate: accumulate)
                }
            }
        }
    }
}
