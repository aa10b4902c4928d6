/* I/O modes `serial` and `threads`: one probe after the other, or one thread per server. */
#include "modes.h"

#include <pthread.h>
#include <stdlib.h>

#include "proto.h"
#include "wl.h"

struct io_tally io_run_serial(const struct io_run *run)
{
    struct io_tally t = {0, 0};

    for (unsigned i = 0; i < run->servers->count; i++) {
        uint64_t token;

        if (io_probe(run, i, &token) == 0) {
            t.sum += io_process(token, run->rounds);
            t.answered++;
        }
    }
    return t;
}

struct io_one {
    const struct io_run *run;
    unsigned server;
    int ok;
    uint64_t value;
};

static void *io_one_main(void *p)
{
    struct io_one *one = p;
    uint64_t token;

    /* Each thread writes only its own record; the join publishes it. */
    one->ok = io_probe(one->run, one->server, &token) == 0;
    if (one->ok)
        one->value = io_process(token, one->run->rounds);
    return NULL;
}

struct io_tally io_run_threads(const struct io_run *run)
{
    unsigned n = run->servers->count;
    pthread_t *tids = calloc(n, sizeof(*tids));
    struct io_one *ones = calloc(n, sizeof(*ones));
    struct io_tally t = {0, 0};

    if (tids == NULL || ones == NULL)
        wl_fail("threads: out of memory");
    for (unsigned i = 0; i < n; i++) {
        ones[i] = (struct io_one){.run = run, .server = i};
        WL_CHECK_PT(pthread_create(&tids[i], NULL, io_one_main, &ones[i]));
    }
    for (unsigned i = 0; i < n; i++) {
        WL_CHECK_PT(pthread_join(tids[i], NULL));
        if (ones[i].ok) {
            t.sum += ones[i].value;
            t.answered++;
        }
    }
    free(ones);
    free(tids);
    return t;
}
