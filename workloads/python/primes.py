"""The CPU-bound kernel of the Python workload: the same trial division as workloads/cpu/primes.h,
so that the C and the Python counts of the primes below a limit must agree."""

import time


def is_prime(n):
    # Plain on purpose, as in C: the point is a loop of bytecode that holds the GIL while it
    # computes, not a clever sieve.
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0 or n % 3 == 0:
        return False
    d = 5
    while d * d <= n:
        if n % d == 0 or n % (d + 2) == 0:
            return False
        d += 6
    return True


def count_range(lo, hi):
    """The number of primes in [lo, hi)."""
    return sum(1 for n in range(lo, hi) if is_prime(n))


def count_timed(bounds):
    """count_range over a (lo, hi) pair, with the CPU seconds this thread spent on it.

    One argument, so that a multiprocessing pool can send it to a worker as one pickled task.
    The CPU time is taken by the worker itself because a forkserver's workers are children of the
    fork server, not of us: our getrusage(RUSAGE_CHILDREN) never sees them."""
    t0 = time.thread_time()
    count = count_range(*bounds)
    return count, time.thread_time() - t0


def chunks(limit, chunk):
    """[0, limit) cut into (lo, hi) pairs of `chunk` numbers, handed out in order."""
    return [(lo, min(lo + chunk, limit)) for lo in range(0, limit, chunk)]
