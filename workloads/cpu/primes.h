/* The CPU-bound kernel every mode shares: count the primes below a limit by trial division. */
#ifndef PRIMES_H
#define PRIMES_H

#include <stdbool.h>

/* The CUDA workload compiles this very function for the GPU, so both sides run the same code. */
#ifdef __CUDACC__
#define PRIMES_INLINE __host__ __device__ static inline
#else
#define PRIMES_INLINE static inline
#endif

/* Trial division by 2, 3 and then 6k +- 1 up to the square root. Deliberately plain: the point is
 * a kernel that spends its time in arithmetic, not a clever sieve that is bound by memory. */
PRIMES_INLINE bool primes_is_prime(unsigned long n)
{
    if (n < 2)
        return false;
    if (n < 4)
        return true;
    if (n % 2 == 0 || n % 3 == 0)
        return false;
    for (unsigned long d = 5; d * d <= n; d += 6)
        if (n % d == 0 || n % (d + 2) == 0)
            return false;
    return true;
}

#ifdef __cplusplus
extern "C" {
#endif

/* The number of primes in [lo, hi). How the range is split among workers is partition.h's job. */
unsigned long long primes_count_range(unsigned long lo, unsigned long hi);

#ifdef __cplusplus
}
#endif

#endif
