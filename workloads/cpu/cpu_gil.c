/* CPU mode `gil`: threads that must hold the toy interpreter's GIL to compute, like CPython's. */
#include "modes.h"

#include <pthread.h>
#include <stdlib.h>

#include "gil.h"
#include "primes.h"
#include "wl.h"

/* Numbers tested between two switch points. One gil_tick() costs a clock read (~20 ns) and a
 * prime test here averages under 100 ns, so ticking every number would slow every mode down by a
 * quarter; every 64 numbers is a few microseconds of work, as gil.h asks, and costs under 1%. */
#define CPU_GIL_TICK_EVERY 64UL

struct cpu_gil_arg {
    struct partition *p;
    unsigned index;
    struct int_obj *total; /* an interpreter object: only a GIL holder may touch it */
};

static void *cpu_gil_main(void *p)
{
    struct cpu_gil_arg *arg = p;
    struct partition_cursor cur = partition_cursor(arg->p, arg->index);
    unsigned long lo, hi;

    /* A Python thread runs bytecode only while it holds the GIL, so the whole computation happens
     * inside it; gil_tick() is the interpreter's eval-loop check that lets another thread in
     * once the switch interval has passed. The threads take turns; they never run in parallel. */
    gil_acquire();
    while (partition_next(&cur, &lo, &hi)) {
        for (unsigned long n = lo; n < hi; n += CPU_GIL_TICK_EVERY) {
            unsigned long end = n + CPU_GIL_TICK_EVERY < hi ? n + CPU_GIL_TICK_EVERY : hi;

            /* The shared total needs no atomics and no lock of its own: the GIL is held. */
            arg->total->value += (long)primes_count_range(n, end);
            gil_tick();
        }
    }
    gil_release();
    return NULL;
}

unsigned long long cpu_run_gil(struct partition *p)
{
    unsigned workers = p->workers;
    pthread_t *tids = calloc(workers, sizeof(*tids));
    struct cpu_gil_arg *args = calloc(workers, sizeof(*args));
    struct int_obj *total;
    unsigned long long result;

    if (tids == NULL || args == NULL)
        wl_fail("gil: out of memory");
    gil_acquire();
    total = int_new(0);
    gil_release();
    if (total == NULL)
        wl_fail("gil: out of memory");
    for (unsigned i = 0; i < workers; i++) {
        args[i] = (struct cpu_gil_arg){.p = p, .index = i, .total = total};
        WL_CHECK_PT(pthread_create(&tids[i], NULL, cpu_gil_main, &args[i]));
    }
    for (unsigned i = 0; i < workers; i++)
        WL_CHECK_PT(pthread_join(tids[i], NULL));
    gil_acquire();
    result = (unsigned long long)total->value;
    obj_decref(&total->base);
    gil_release();
    free(args);
    free(tids);
    return result;
}
