/* The CPU-bound kernel: counting the primes in a range. */
#include "primes.h"

unsigned long long primes_count_range(unsigned long lo, unsigned long hi)
{
    unsigned long long count = 0;

    for (unsigned long n = lo; n < hi; n++)
        count += primes_is_prime(n);
    return count;
}
