/* CPU mode `openmp`: the same chunks, handed out by an OpenMP loop with a sum reduction. */
#include "modes.h"

#include "primes.h"
#include "wl.h"

unsigned long long cpu_run_openmp(unsigned long limit, unsigned workers)
{
    unsigned long long total = 0;
    long chunks = (long)((limit + PRIMES_CHUNK - 1) / PRIMES_CHUNK);

#ifndef _OPENMP
    /* Built without -fopenmp the pragma is ignored and this is the serial loop: say so rather
     * than report a speedup of one as if OpenMP had failed. */
    wl_fail("openmp: this binary was built without -fopenmp");
#endif
    /* schedule(dynamic) hands the next chunk to whichever thread is free; reduction(+) gives each
     * thread a private sum and adds them at the end, so there is no shared counter to race on. */
#pragma omp parallel for num_threads(workers) schedule(dynamic, 1) reduction(+ : total)
    for (long c = 0; c < chunks; c++) {
        unsigned long lo = (unsigned long)c * PRIMES_CHUNK;
        unsigned long hi = lo + PRIMES_CHUNK < limit ? lo + PRIMES_CHUNK : limit;

        total += primes_count_range(lo, hi);
    }
    return total;
}
