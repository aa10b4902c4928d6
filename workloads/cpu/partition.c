/* Splitting the prime count among workers, statically or through a shared counter. */
#include "partition.h"

#include <assert.h>

#include "primes.h"

/* The processes mode shares this counter between address spaces. Only a lock-free atomic works
 * there: a lock-based one would keep its lock in per-process memory that the children copy. */
static_assert(ATOMIC_LONG_LOCK_FREE == 2, "the shared chunk counter must be lock-free");

void partition_init(struct partition *p, enum partition_kind kind, unsigned long limit,
                     unsigned workers, unsigned long chunk)
{
    assert(workers > 0 && chunk > 0);
    p->kind = kind;
    p->limit = limit;
    p->chunk = chunk;
    p->workers = workers;
    atomic_init(&p->next, 0);
}

struct partition_cursor partition_cursor(struct partition *p, unsigned index)
{
    assert(index < p->workers);
    return (struct partition_cursor){.p = p, .index = index, .claims = 0};
}

bool partition_next(struct partition_cursor *c, unsigned long *lo, unsigned long *hi)
{
    struct partition *p = c->p;

    if (p->kind == PARTITION_STATIC) {
        if (c->claims++ > 0)
            return false;
        *lo = p->limit * c->index / p->workers;
        *hi = p->limit * (c->index + 1) / p->workers;
        return true;
    }
    /* Relaxed is enough: the counter only has to hand each chunk to exactly one worker, which any
     * atomic read-modify-write guarantees. The counts reach the parent through pthread_join or a
     * pipe, and those carry the ordering. A worker that finds the counter past the limit stops;
     * the counter overshoots by at most one chunk per worker, far from wrapping. */
    *lo = atomic_fetch_add_explicit(&p->next, p->chunk, memory_order_relaxed);
    if (*lo >= p->limit)
        return false;
    *hi = *lo + p->chunk < p->limit ? *lo + p->chunk : p->limit;
    c->claims++;
    return true;
}

unsigned long long partition_count(struct partition *p, unsigned index)
{
    struct partition_cursor c = partition_cursor(p, index);
    unsigned long long count = 0;
    unsigned long lo, hi;

    while (partition_next(&c, &lo, &hi))
        count += primes_count_range(lo, hi);
    return count;
}

const char *partition_kind_name(enum partition_kind kind)
{
    return kind == PARTITION_STATIC ? "static" : "dynamic";
}
