import Foundation
import CBLAS

/// The matrix-product backend: thin wrappers over CBLAS and its thread control.
///
/// Every matrix in TablaML is row-major, so the wrappers always pass `CblasRowMajor`.
public enum BLAS {
    /// Sets how many threads the BLAS library uses for each product.
    ///
    /// With OpenBLAS this calls `openblas_set_num_threads`; the `OPENBLAS_NUM_THREADS`
    /// environment variable sets the starting value before the first call. Returns
    /// `false` when the linked CBLAS offers no such control (then use its own
    /// environment variable).
    @discardableResult
    public static func setThreadCount(_ count: Int) -> Bool {
        tabla_blas_set_threads(Int32(max(1, count))) != 0
    }

    /// The CPU kernels the BLAS library runs (OpenBLAS's core name, e.g. `SkylakeX`,
    /// `Haswell` or `Prescott`), or `nil` when the library does not report it. OpenBLAS
    /// 0.3.21 does not recognise some recent CPUs and falls back to `Prescott`, its SSE3
    /// kernels, several times slower than the AVX-512 ones; `OPENBLAS_CORETYPE` set in the
    /// environment before start-up overrides the choice (see docs/ENGINE.md).
    public static var coreName: String? {
        guard let name = tabla_blas_core_name() else { return nil }
        return String(cString: name)
    }

    /// A note for the user when the BLAS library runs its SSE3 `Prescott` kernels, or its
    /// AVX2 `Haswell` ones, on a CPU that has AVX-512 (read from `cpuinfo`, Linux's
    /// `/proc/cpuinfo` unless given), with the environment setting that picks the AVX-512
    /// ones; nil otherwise. (OpenBLAS 0.3.21 picks Prescott on some Xeons and Haswell on
    /// AMD's Zen 5, whose AVX-512 it does not know.)
    public static func slowKernelNote(core: String? = coreName, cpuinfo: String? = nil) -> String? {
        guard core == "Prescott" || core == "Haswell" else { return nil }
        let info = cpuinfo ?? ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        guard info.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).contains("avx512f") else { return nil }
        if core == "Haswell" {
            return "note: OpenBLAS runs its AVX2 (Haswell) kernels on this AVX-512 CPU; "
                + "OPENBLAS_CORETYPE=SkylakeX in the environment trained about 1.2x as fast on an AMD Zen 5 (docs/ENGINE.md)"
        }
        return "note: OpenBLAS does not recognise this CPU and runs its slow SSE3 (Prescott) kernels; "
            + "OPENBLAS_CORETYPE=SkylakeX in the environment trains about 2.7x as fast (docs/ENGINE.md)"
    }

    /// The BLAS thread count in effect, or `nil` when the library does not report it.
    public static var threadCount: Int? {
        let n = Int(tabla_blas_get_threads())
        return n > 0 ? n : nil
    }
}

/// `C = alpha * op(A) * op(B) + beta * C`, row-major; `op(A)` is m x k, `op(B)` is k x n.
@inline(__always)
func sgemm(
    transA: Bool = false, transB: Bool = false,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor,
        transA ? CblasTrans : CblasNoTrans,
        transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha,
        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `y = alpha * xᵀ A + beta * y` for a row-major `A` of `rows x cols`: one token's
/// vector times a weight matrix, the batch-1 inference product.
@inline(__always)
func sgemvRowVector(
    rows: Int, cols: Int,
    a: UnsafePointer<Float>,
    x: UnsafePointer<Float>,
    beta: Float,
    y: UnsafeMutablePointer<Float>
) {
    cblas_sgemv(
        CblasRowMajor, CblasTrans, Int32(rows), Int32(cols), 1,
        a, Int32(cols), x, 1, beta, y, 1)
}

/// `y = alpha * A x + beta * y` for a row-major `A` of `rows x cols`: the batch-1 output
/// layer of a tied model, whose weight is the embedding `[V, H]`.
@inline(__always)
func sgemvMatrixVector(
    rows: Int, cols: Int,
    a: UnsafePointer<Float>,
    x: UnsafePointer<Float>,
    beta: Float,
    y: UnsafeMutablePointer<Float>
) {
    cblas_sgemv(
        CblasRowMajor, CblasNoTrans, Int32(rows), Int32(cols), 1,
        a, Int32(cols), x, 1, beta, y, 1)
}

extension BLAS {
    /// `C = op(A) op(B)` for row-major arrays: `op(A)` is `m x k` (stored `k x m` when
    /// `transposeA`), `op(B)` is `k x n` (stored `n x k` when `transposeB`), `C` is
    /// `m x n`. A one-row `A` uses `sgemv`, as batch-1 inference does. For tools and
    /// benchmarks; the engine calls CBLAS directly.
    public static func multiply(
        _ a: [Float], _ b: [Float], into c: inout [Float], m: Int, n: Int, k: Int, transposeA: Bool = false,
        transposeB: Bool = false
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "matrix sizes do not match")
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    if m == 1 && !transposeA && !transposeB {
                        sgemvRowVector(rows: k, cols: n, a: bp.baseAddress!, x: ap.baseAddress!, beta: 0,
                                       y: cp.baseAddress!)
                    } else {
                        sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, a: ap.baseAddress!,
                              lda: transposeA ? m : k, b: bp.baseAddress!, ldb: transposeB ? k : n, beta: 0,
                              c: cp.baseAddress!, ldc: n)
                    }
                }
            }
        }
    }
}
