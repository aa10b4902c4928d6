/* CPU mode `threads`: one POSIX thread per worker, each counting its own share of chunks. */
#include "modes.h"

#include <pthread.h>
#include <stdlib.h>

#include "primes.h"
#include "wl.h"

/* Each worker writes only its own slot, once, at the end: no lock is needed, and padding the slot
 * to a cache line keeps one worker's write from invalidating the line another is reading. */
struct cpu_slot {
    unsigned long limit;
    unsigned workers;
    unsigned index;
    unsigned long long count;
    char pad[64 - 2 * sizeof(unsigned long) - 2 * sizeof(unsigned)];
} __attribute__((aligned(64)));

static void *cpu_thread_main(void *arg)
{
    struct cpu_slot *slot = arg;

    slot->count = primes_count_share(slot->limit, slot->workers, slot->index);
    return NULL;
}

unsigned long long cpu_run_threads(unsigned long limit, unsigned workers)
{
    pthread_t tids[WL_MAX_LIST * 4];
    struct cpu_slot *slots;
    unsigned long long total = 0;

    if (workers > sizeof(tids) / sizeof(tids[0]))
        wl_fail("threads: at most %zu workers", sizeof(tids) / sizeof(tids[0]));
    slots = aligned_alloc(64, workers * sizeof(*slots));
    if (slots == NULL)
        wl_fail("threads: out of memory");
    for (unsigned i = 0; i < workers; i++) {
        slots[i] = (struct cpu_slot){.limit = limit, .workers = workers, .index = i};
        WL_CHECK_PT(pthread_create(&tids[i], NULL, cpu_thread_main, &slots[i]));
    }
    /* pthread_join is the happens-before edge that makes each slot's count visible here. */
    for (unsigned i = 0; i < workers; i++) {
        WL_CHECK_PT(pthread_join(tids[i], NULL));
        total += slots[i].count;
    }
    free(slots);
    return total;
}
