#ifndef TABLA_ENGINE_H
#define TABLA_ENGINE_H

// The LSTM engine's own matrix kernel: a product whose right operand is packed once and
// reused many times, as the recurrent weights are over every step of a sequence.
// Row-major throughout. TablaML calls it only when tabla_packed_kernel_available()
// says the CPU runs it; otherwise it keeps OpenBLAS's sgemm.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Columns per packed panel.
#define TABLA_PACKED_PANEL 32

/// 1 when this CPU (and the OS) run the AVX-512 kernel, else 0. Checked once.
int tabla_packed_kernel_available(void);

/// Floats `tabla_pack` writes for a k x n operand: k rows of every 32-column panel,
/// the last panel padded with zeros.
size_t tabla_packed_size(int k, int n);

/// Packs the k x n operand B, element (r, j) at src[r * row_stride + j * col_stride]
/// (row_stride = ldb, col_stride = 1 for B itself; 1 and ldb for the transpose of a
/// stored n x k matrix), into dst (tabla_packed_size(k, n) floats).
void tabla_pack(int k, int n, const float *src, ptrdiff_t row_stride, ptrdiff_t col_stride, float *dst);

/// C (m x n, row stride ldc) = A * B, or += with `accumulate`, where A's element (i, r) is
/// a[i * a_row_stride + r * a_col_stride] (lda and 1 for A itself; 1 and lda for the
/// transpose of a stored k x m matrix) and `packed` holds B as tabla_pack left it. Runs
/// the AVX-512 kernel where tabla_packed_kernel_available(), a plain C loop elsewhere.
void tabla_gemm_packed(int m, int n, int k, const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_col_stride,
                       const float *packed, float *c, ptrdiff_t ldc, int accumulate);

/// y (n) = x (k) * W, W being k x n with row stride ldw: batch-1 generation's gate
/// pre-activations. The AVX-512 kernel where tabla_packed_kernel_available(), a plain C
/// loop elsewhere.
void tabla_gemv_rows(int k, int n, const float *x, const float *w, ptrdiff_t ldw, float *y);

#ifdef __cplusplus
}
#endif

#endif
