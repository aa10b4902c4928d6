/* CPU mode `openmp`: the same count as one OpenMP loop over the numbers, with a sum reduction. */
#include "modes.h"

#include "primes.h"
#include "wl.h"

unsigned long long cpu_run_openmp(struct partition *p)
{
    unsigned long long total = 0;
    long limit = (long)p->limit, chunk = (long)p->chunk;

#ifndef _OPENMP
    /* Built without -fopenmp the pragma is ignored and this is the serial loop: say so rather
     * than report a speedup of one as if OpenMP had failed. */
    wl_fail("openmp: this binary was built without -fopenmp");
#endif
    /* reduction(+) gives each thread a private sum and adds them at the end, so there is no
     * shared total to race on. The two loops differ only in their schedule clause, which is the
     * lesson: static cuts the numbers into one contiguous block per thread before the loop
     * starts, dynamic hands the next `chunk` numbers to whichever thread is free. */
    if (p->kind == PARTITION_STATIC) {
#pragma omp parallel for num_threads(p->workers) schedule(static) reduction(+ : total)
        for (long n = 0; n < limit; n++)
            total += primes_is_prime((unsigned long)n);
    } else {
#pragma omp parallel for num_threads(p->workers) schedule(dynamic, chunk) reduction(+ : total)
        for (long n = 0; n < limit; n++)
            total += primes_is_prime((unsigned long)n);
    }
    return total;
}
