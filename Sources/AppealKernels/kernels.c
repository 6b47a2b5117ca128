#include "AppealKernels.h"

// Sixteen permutations at a time, kept in registers across all the shingles: a block of the signature
// is loaded and stored once per call, not once per shingle.
enum { lanes = 16 };

static inline __attribute__((always_inline)) void lower(uint32_t *signature, const uint64_t *multipliers,
                                                        const uint64_t *offsets, size_t size,
                                                        const uint64_t *hashes, size_t count) {
    size_t k0 = 0;
    for (; k0 + lanes <= size; k0 += lanes) {
        uint64_t a[lanes], c[lanes];
        uint32_t m[lanes];
        for (int k = 0; k < lanes; k++) { a[k] = multipliers[k0 + k]; c[k] = offsets[k0 + k]; m[k] = signature[k0 + k]; }
        for (size_t j = 0; j < count; j++) {
            const uint64_t h = hashes[j];
            for (int k = 0; k < lanes; k++) {
                const uint32_t v = (uint32_t)((a[k] * h + c[k]) >> 32);
                m[k] = v < m[k] ? v : m[k];
            }
        }
        for (int k = 0; k < lanes; k++) signature[k0 + k] = m[k];
    }
    for (; k0 < size; k0++) {
        uint32_t m = signature[k0];
        for (size_t j = 0; j < count; j++) {
            const uint32_t v = (uint32_t)((multipliers[k0] * hashes[j] + offsets[k0]) >> 32);
            m = v < m ? v : m;
        }
        signature[k0] = m;
    }
}

typedef void (*lower_function)(uint32_t *, const uint64_t *, const uint64_t *, size_t, const uint64_t *, size_t);

static void lower_baseline(uint32_t *s, const uint64_t *a, const uint64_t *c, size_t n, const uint64_t *h, size_t count) {
    lower(s, a, c, n, h, count);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void lower_avx2(uint32_t *s, const uint64_t *a, const uint64_t *c, size_t n,
                                                       const uint64_t *h, size_t count) {
    lower(s, a, c, n, h, count);
}

__attribute__((target("avx512f,avx512dq,avx512vl"))) static void lower_avx512(uint32_t *s, const uint64_t *a, const uint64_t *c,
                                                                              size_t n, const uint64_t *h, size_t count) {
    lower(s, a, c, n, h, count);
}
#endif

static lower_function chosen_function(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) return lower_avx512;
    if (__builtin_cpu_supports("avx2")) return lower_avx2;
#endif
    return lower_baseline;
}

void appeal_minhash_lower(uint32_t *signature, const uint64_t *multipliers, const uint64_t *offsets, size_t size,
                          const uint64_t *hashes, size_t count) {
    // Chosen once; a race only chooses the same function twice.
    static lower_function chosen = 0;
    lower_function f = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!f) {
        f = chosen_function();
        __atomic_store_n(&chosen, f, __ATOMIC_RELAXED);
    }
    f(signature, multipliers, offsets, size, hashes, count);
}

int appeal_minhash_lower_path(int path, uint32_t *signature, const uint64_t *multipliers, const uint64_t *offsets, size_t size,
                              const uint64_t *hashes, size_t count) {
    lower_function f = 0;
    if (path == 0) f = lower_baseline;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (path == 1 && __builtin_cpu_supports("avx2")) f = lower_avx2;
    if (path == 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) f = lower_avx512;
#endif
    if (!f) return 0;
    f(signature, multipliers, offsets, size, hashes, count);
    return 1;
}
