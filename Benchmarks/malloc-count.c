/* Counts a process's malloc calls by size, for performance work on allocations per page.
 *
 *   gcc -O2 -shared -fPIC -o /tmp/malloc-count.so Benchmarks/malloc-count.c -ldl
 *   LD_PRELOAD=/tmp/malloc-count.so .build/release/appealpress build --no-check --quiet \
 *       --date 2026-11-29 --content /var/tmp/appealpress-bench/site-20k/appealpress --output /tmp/out
 *
 * prints one line on stderr at exit: calls, bytes, and calls per size class. Divide the difference
 * between two site sizes by the difference in pages for the cost of one page.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static void *(*real_malloc)(size_t);
static atomic_long calls, bytes, classes[7];

void *malloc(size_t size) {
    if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc");
    atomic_fetch_add(&calls, 1);
    atomic_fetch_add(&bytes, (long)size);
    int c = size <= 64 ? 0 : size <= 256 ? 1 : size <= 1024 ? 2 : size <= 4096 ? 3 : size <= 16384 ? 4 : size <= 65536 ? 5 : 6;
    atomic_fetch_add(&classes[c], 1);
    return real_malloc(size);
}

__attribute__((destructor)) static void report(void) {
    fprintf(stderr, "mallocs %ld, bytes %ld | <=64 %ld, <=256 %ld, <=1K %ld, <=4K %ld, <=16K %ld, <=64K %ld, more %ld\n",
            (long)calls, (long)bytes, (long)classes[0], (long)classes[1], (long)classes[2], (long)classes[3],
            (long)classes[4], (long)classes[5], (long)classes[6]);
}
