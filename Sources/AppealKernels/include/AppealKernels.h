#ifndef APPEAL_KERNELS_H
#define APPEAL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Lowers each `signature[k]` (k < `size`) to the minimum, over the `count` shingle hashes `hashes`,
/// of the high half of `multipliers[k] * h + offsets[k]` (64-bit arithmetic, wrapping): the
/// multiply-shift permutations of a MinHash signature. Uses the widest vector instructions the
/// processor has; every path gives the same result.
void appeal_minhash_lower(uint32_t *signature, const uint64_t *multipliers, const uint64_t *offsets, size_t size,
                          const uint64_t *hashes, size_t count);

/// `appeal_minhash_lower` through one path: 0 plain, 1 AVX2, 2 AVX-512. Returns 0, and does
/// nothing, when this processor cannot run that path. For tests that compare the paths.
int appeal_minhash_lower_path(int path, uint32_t *signature, const uint64_t *multipliers, const uint64_t *offsets, size_t size,
                              const uint64_t *hashes, size_t count);

#endif
