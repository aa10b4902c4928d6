/* How the numbers below a limit are split among workers: fixed blocks decided before the work
 * starts (static), or chunks claimed from one shared counter whenever a worker is free
 * (dynamic). */
#ifndef PARTITION_H
#define PARTITION_H

#include <stdatomic.h>
#include <stdbool.h>

/* Numbers per claim in dynamic mode unless --chunk says otherwise. Small enough that the last
 * chunk handed out is a sliver of each worker's time (4,000,000 numbers make 977 chunks, about 60
 * per worker at 16), large enough that the counter is touched once every few hundred
 * microseconds and costs nothing. */
#define PARTITION_DEFAULT_CHUNK 4096UL

enum partition_kind {
    /* Worker i of W gets the contiguous block [i*N/W, (i+1)*N/W), as OpenMP's schedule(static)
     * does. Equal numbers, unequal work: testing a large number costs more than a small one. */
    PARTITION_STATIC,
    /* Each free worker claims the next `chunk` numbers from the shared counter: whoever finishes
     * early takes more, so all finish within about one chunk of one another. */
    PARTITION_DYNAMIC,
};

/* One split of [0, limit) among `workers`. The processes mode places it in memory shared with
 * its children (MAP_SHARED), which is why `next` is a lock-free atomic and the struct holds no
 * pointers: the same bytes are read at the same address by every process. */
struct partition {
    enum partition_kind kind;
    unsigned long limit;
    unsigned long chunk;
    unsigned workers;
    atomic_ulong next; /* dynamic: the first number no worker has claimed yet */
};

/* Ready `p` for one run; call it again before reusing `p`. */
void partition_init(struct partition *p, enum partition_kind kind, unsigned long limit,
                     unsigned workers, unsigned long chunk);

/* One worker's walk through its share: its block once (static), or chunk after chunk from the
 * shared counter until none is left (dynamic). */
struct partition_cursor {
    struct partition *p;
    unsigned index;
    unsigned claims; /* ranges handed out so far to this worker */
};

/* Start worker `index`'s walk over `p`. */
struct partition_cursor partition_cursor(struct partition *p, unsigned index);

/* The next range [*lo, *hi) for this worker, or false when its share is done. Thread-safe and
 * process-safe for distinct cursors on the same partition. */
bool partition_next(struct partition_cursor *c, unsigned long *lo, unsigned long *hi);

/* The primes worker `index` counts: those in its block (static), or in every chunk it manages to
 * claim (dynamic). Over all indexes 0..workers-1 the counts add up to the primes below limit.
 * Thread-safe and process-safe for distinct indexes working on the same partition. */
unsigned long long partition_count(struct partition *p, unsigned index);

/* "static" or "dynamic", for labels and messages. */
const char *partition_kind_name(enum partition_kind kind);

#endif
