// The engine's packed-operand product (see include/tabla_engine.h). The recurrent step
// products of LSTM training are short and wide (64 x 256 times 256 x 1024 for the
// reference model, 64 times a step): a general sgemm re-packs the same weights at every
// step and runs its kernel on few rows. Here the weights are packed once per layer and
// pass, and an 8 x 32 register tile (16 AVX-512 accumulators) runs over them.

#include "tabla_engine.h"

#include <string.h>

// The AVX-512 kernels need x86-64 and a compiler with its intrinsics and target attributes.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HAS_AVX512_KERNELS 1
#else
#define HAS_AVX512_KERNELS 0
#endif

size_t tabla_packed_size(int k, int n) {
    if (k <= 0 || n <= 0) return 0;
    size_t panels = ((size_t)n + TABLA_PACKED_PANEL - 1) / TABLA_PACKED_PANEL;
    return panels * (size_t)k * TABLA_PACKED_PANEL;
}

void tabla_pack(int k, int n, const float *src, ptrdiff_t row_stride, ptrdiff_t col_stride, float *dst) {
    const int w = TABLA_PACKED_PANEL;
    for (int j0 = 0; j0 < n; j0 += w) {
        int width = n - j0 < w ? n - j0 : w;
        float *d = dst + (size_t)(j0 / w) * (size_t)k * w;
        if (width < w) {
            memset(d, 0, (size_t)k * w * sizeof(float));
        }
        if (col_stride == 1) {
            for (int r = 0; r < k; r++) {
                memcpy(d + (size_t)r * w, src + r * row_stride + j0, (size_t)width * sizeof(float));
            }
        } else {
            // The transpose: walk each source row (a packed column) contiguously.
            for (int jj = 0; jj < width; jj++) {
                const float *s = src + (ptrdiff_t)(j0 + jj) * col_stride;
                for (int r = 0; r < k; r++) {
                    d[(size_t)r * w + jj] = s[r * row_stride];
                }
            }
        }
    }
}

// Portable version of the same product, for CPUs without the AVX-512 kernel (TablaML
// keeps OpenBLAS there; this keeps the entry point total).
static void gemm_packed_portable(int m, int n, int k, const float *a, ptrdiff_t ars, ptrdiff_t acs,
                                 const float *packed, float *c, ptrdiff_t ldc, int accumulate) {
    const int w = TABLA_PACKED_PANEL;
    for (int j0 = 0; j0 < n; j0 += w) {
        int width = n - j0 < w ? n - j0 : w;
        const float *bp = packed + (size_t)(j0 / w) * (size_t)k * w;
        for (int i = 0; i < m; i++) {
            float acc[TABLA_PACKED_PANEL] = {0};
            const float *ai = a + i * ars;
            for (int r = 0; r < k; r++) {
                float av = ai[r * acs];
                for (int jj = 0; jj < w; jj++) acc[jj] += av * bp[(size_t)r * w + jj];
            }
            for (int jj = 0; jj < width; jj++) {
                c[i * ldc + j0 + jj] = (accumulate ? c[i * ldc + j0 + jj] : 0) + acc[jj];
            }
        }
    }
}

static void gemv_rows_portable(int k, int n, const float *x, const float *w, ptrdiff_t ldw, float *y) {
    for (int j = 0; j < n; j++) y[j] = 0;
    for (int r = 0; r < k; r++) {
        float xv = x[r];
        const float *wr = w + r * ldw;
        for (int j = 0; j < n; j++) y[j] += xv * wr[j];
    }
}

#if HAS_AVX512_KERNELS
#include <cpuid.h>
#include <immintrin.h>

static int detect_avx512(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27))) return 0;  // OSXSAVE: the OS manages extended state
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    // XMM, YMM, opmask, ZMM0-15 upper halves and ZMM16-31 all enabled by the OS.
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 16)) != 0;  // AVX512F
}

static int available = -1;

int tabla_packed_kernel_available(void) {
    int v = __atomic_load_n(&available, __ATOMIC_RELAXED);
    if (v < 0) {
        v = detect_avx512();
        __atomic_store_n(&available, v, __ATOMIC_RELAXED);
    }
    return v;
}

#define AVX512 __attribute__((target("avx512f")))

// C[mr x 32] (+)= A[mr x k] * panel, columns masked by m0 (0-15) and m1 (16-31); with
// nv = 1 only the first 16 columns (a panel at most half full: no work on its zeros).
// `mr` and `nv` are constants at every call site, so each instance keeps its
// accumulators in registers.
static inline __attribute__((always_inline)) AVX512 void tile(
    const int mr, const int nv, int k, const float *a, ptrdiff_t ars, ptrdiff_t acs, const float *bp, float *c, ptrdiff_t ldc,
    __mmask16 m0, __mmask16 m1, int accumulate) {
    __m512 x[8], y[8];
    for (int i = 0; i < 8; i++) {
        x[i] = _mm512_setzero_ps();
        y[i] = _mm512_setzero_ps();
    }
    const float *ar[8];
    for (int i = 0; i < 8; i++) ar[i] = a + (i < mr ? i : 0) * ars;
    for (int r = 0; r < k; r++) {
        __m512 b0 = _mm512_loadu_ps(bp + (size_t)r * 32);
        __m512 b1 = nv == 2 ? _mm512_loadu_ps(bp + (size_t)r * 32 + 16) : _mm512_setzero_ps();
        for (int i = 0; i < 8; i++) {
            if (i < mr) {
                __m512 av = _mm512_set1_ps(ar[i][r * acs]);
                x[i] = _mm512_fmadd_ps(av, b0, x[i]);
                if (nv == 2) y[i] = _mm512_fmadd_ps(av, b1, y[i]);
            }
        }
    }
    for (int i = 0; i < 8; i++) {
        if (i < mr) {
            float *ci = c + i * ldc;
            if (accumulate) {
                x[i] = _mm512_add_ps(_mm512_maskz_loadu_ps(m0, ci), x[i]);
                if (nv == 2) y[i] = _mm512_add_ps(_mm512_maskz_loadu_ps(m1, ci + 16), y[i]);
            }
            _mm512_mask_storeu_ps(ci, m0, x[i]);
            if (nv == 2) _mm512_mask_storeu_ps(ci + 16, m1, y[i]);
        }
    }
}

// Depth per pass over C: an 8-row slice of A (16 KB at 512) stays in L1 while the
// panels' matching rows stream from L2; deeper products (the weight gradients sum over
// 4,096 rows) go through C once per block.
#define DEPTH_BLOCK 512

#define TILES(nv)                                                               \
    switch (mr) {                                                               \
    case 8: tile(8, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 7: tile(7, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 6: tile(6, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 5: tile(5, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 4: tile(4, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 3: tile(3, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    case 2: tile(2, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;    \
    default: tile(1, nv, kc, ai, ars, acs, bp, cij, ldc, m0, m1, acc); break;   \
    }

static AVX512 void gemm_packed_avx512(int m, int n, int k, const float *a, ptrdiff_t ars, ptrdiff_t acs,
                                      const float *packed, float *c, ptrdiff_t ldc, int accumulate) {
    const int w = TABLA_PACKED_PANEL;
    for (int r0 = 0; r0 < k; r0 += DEPTH_BLOCK) {
        int kc = k - r0 < DEPTH_BLOCK ? k - r0 : DEPTH_BLOCK;
        int acc = accumulate || r0 > 0;
        for (int i0 = 0; i0 < m; i0 += 8) {
            int mr = m - i0 < 8 ? m - i0 : 8;
            const float *ai = a + i0 * ars + r0 * acs;
            float *ci = c + i0 * ldc;
            for (int j0 = 0; j0 < n; j0 += w) {
                int width = n - j0 < w ? n - j0 : w;
                __mmask16 m0 = width >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << width) - 1);
                __mmask16 m1 = width >= 32 ? (__mmask16)0xFFFF : width <= 16 ? 0 : (__mmask16)((1u << (width - 16)) - 1);
                const float *bp = packed + (size_t)(j0 / w) * (size_t)k * w + (size_t)r0 * w;
                float *cij = ci + j0;
                if (width > 16) {
                    TILES(2)
                } else {
                    TILES(1)
                }
            }
        }
    }
}

// y[0, 16 * nv) = x * W over all k rows, nv vectors of accumulators (16 for a block of
// 256 columns: enough independent chains to keep both FMA pipes busy while W streams in
// row by row); the last vector masked by `tail`.
static inline __attribute__((always_inline)) AVX512 void gemv_block(
    const int nv, int k, const float *x, const float *w, ptrdiff_t ldw, float *y, __mmask16 tail) {
    __m512 acc[16];
    for (int v = 0; v < 16; v++) acc[v] = _mm512_setzero_ps();
    for (int r = 0; r < k; r++) {
        __m512 xv = _mm512_set1_ps(x[r]);
        const float *wr = w + r * ldw;
        for (int v = 0; v < 16; v++) {
            if (v < nv) {
                __m512 wv = v == nv - 1 ? _mm512_maskz_loadu_ps(tail, wr + 16 * v) : _mm512_loadu_ps(wr + 16 * v);
                acc[v] = _mm512_fmadd_ps(xv, wv, acc[v]);
            }
        }
    }
    for (int v = 0; v < 16; v++) {
        if (v < nv) {
            if (v == nv - 1) {
                _mm512_mask_storeu_ps(y + 16 * v, tail, acc[v]);
            } else {
                _mm512_storeu_ps(y + 16 * v, acc[v]);
            }
        }
    }
}

static AVX512 void gemv_rows_avx512(int k, int n, const float *x, const float *w, ptrdiff_t ldw, float *y) {
    int j0 = 0;
    for (; j0 + 256 <= n; j0 += 256) {
        gemv_block(16, k, x, w + j0, ldw, y + j0, 0xFFFF);
    }
    // The rest in blocks of up to 64 columns, the last vector masked.
    for (; j0 < n; j0 += 64) {
        int width = n - j0 < 64 ? n - j0 : 64;
        int nv = (width + 15) / 16;
        int last = width - 16 * (nv - 1);
        __mmask16 tail = last >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << last) - 1);
        switch (nv) {
        case 4: gemv_block(4, k, x, w + j0, ldw, y + j0, tail); break;
        case 3: gemv_block(3, k, x, w + j0, ldw, y + j0, tail); break;
        case 2: gemv_block(2, k, x, w + j0, ldw, y + j0, tail); break;
        default: gemv_block(1, k, x, w + j0, ldw, y + j0, tail); break;
        }
    }
}

#else

int tabla_packed_kernel_available(void) { return 0; }

#endif

void tabla_gemm_packed(int m, int n, int k, const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_col_stride,
                       const float *packed, float *c, ptrdiff_t ldc, int accumulate) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        }
        return;
    }
#if HAS_AVX512_KERNELS
    if (tabla_packed_kernel_available()) {
        gemm_packed_avx512(m, n, k, a, a_row_stride, a_col_stride, packed, c, ldc, accumulate);
        return;
    }
#endif
    gemm_packed_portable(m, n, k, a, a_row_stride, a_col_stride, packed, c, ldc, accumulate);
}

void tabla_gemv_rows(int k, int n, const float *x, const float *w, ptrdiff_t ldw, float *y) {
    if (n <= 0) return;
    if (k <= 0) {
        memset(y, 0, (size_t)n * sizeof(float));
        return;
    }
#if HAS_AVX512_KERNELS
    if (tabla_packed_kernel_available()) {
        gemv_rows_avx512(k, n, x, w, ldw, y);
        return;
    }
#endif
    gemv_rows_portable(k, n, x, w, ldw, y);
}
