#ifndef TABLA_CBLAS_SHIM_H
#define TABLA_CBLAS_SHIM_H

// The only C entry point of TablaML. Any CBLAS header works (OpenBLAS, BLIS, MKL's
// cblas.h...): TablaML calls only cblas_sgemm, cblas_sgemv and the two thread helpers
// below. The thread calls are OpenBLAS extensions; to build against another CBLAS,
// define TABLA_CBLAS_NO_OPENBLAS (e.g. -Xcc -DTABLA_CBLAS_NO_OPENBLAS) and set the
// thread count through that library's environment variable instead.
#include <cblas.h>

#ifndef TABLA_CBLAS_NO_OPENBLAS
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
#endif

/// The name of the CPU kernels the BLAS library chose (OpenBLAS's core name, e.g.
/// "SkylakeX" or "Prescott"), or NULL when the library does not say.
static inline const char *tabla_blas_core_name(void) {
#ifndef TABLA_CBLAS_NO_OPENBLAS
    return openblas_get_corename();
#else
    return 0;
#endif
}

/// Sets the BLAS thread count where the library lets us; returns 0 if it cannot.
static inline int tabla_blas_set_threads(int count) {
#ifndef TABLA_CBLAS_NO_OPENBLAS
    openblas_set_num_threads(count);
    return 1;
#else
    (void)count;
    return 0;
#endif
}

/// The BLAS thread count, or 0 when the library does not say.
static inline int tabla_blas_get_threads(void) {
#ifndef TABLA_CBLAS_NO_OPENBLAS
    return openblas_get_num_threads();
#else
    return 0;
#endif
}

#endif
