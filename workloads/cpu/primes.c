/* The CPU-bound kernel: counting primes, over a range or over one worker's share of chunks. */
#include "primes.h"

unsigned long long primes_count_range(unsigned long lo, unsigned long hi)
{
    unsigned long long count = 0;

    for (unsigned long n = lo; n < hi; n++)
        count += primes_is_prime(n);
    return count;
}

unsigned long long primes_count_share(unsigned long limit, unsigned workers, unsigned index)
{
    unsigned long long count = 0;

    for (unsigned long lo = index * PRIMES_CHUNK; lo < limit; lo += workers * PRIMES_CHUNK) {
        unsigned long hi = lo + PRIMES_CHUNK < limit ? lo + PRIMES_CHUNK : limit;

        count += primes_count_range(lo, hi);
    }
    return count;
}
