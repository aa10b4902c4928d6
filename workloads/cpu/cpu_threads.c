/* CPU mode `threads`: one POSIX thread per worker, each counting the ranges its partition gives. */
#include "modes.h"

#include <pthread.h>
#include <stdlib.h>

#include "wl.h"

/* Each worker writes only its own slot, once, at the end: no lock is needed, and padding the slot
 * to a cache line keeps one worker's write from invalidating the line another is reading. */
struct cpu_slot {
    struct partition *p;
    unsigned index;
    unsigned long long count;
} __attribute__((aligned(64)));

static void *cpu_thread_main(void *arg)
{
    struct cpu_slot *slot = arg;

    slot->count = partition_count(slot->p, slot->index);
    return NULL;
}

unsigned long long cpu_run_threads(struct partition *p)
{
    pthread_t *tids;
    struct cpu_slot *slots;
    unsigned long long total = 0;

    tids = calloc(p->workers, sizeof(*tids));
    slots = aligned_alloc(64, p->workers * sizeof(*slots));
    if (tids == NULL || slots == NULL)
        wl_fail("threads: out of memory");
    for (unsigned i = 0; i < p->workers; i++) {
        slots[i] = (struct cpu_slot){.p = p, .index = i};
        WL_CHECK_PT(pthread_create(&tids[i], NULL, cpu_thread_main, &slots[i]));
    }
    /* pthread_join is the happens-before edge that makes each slot's count visible here. */
    for (unsigned i = 0; i < p->workers; i++) {
        WL_CHECK_PT(pthread_join(tids[i], NULL));
        total += slots[i].count;
    }
    free(slots);
    free(tids);
    return total;
}
