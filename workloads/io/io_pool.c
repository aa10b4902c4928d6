/* I/O mode `pool` (and `pool-gil`): the learner's connectivity checker. A watcher thread loads
 * the servers into a small queue, a fixed pool of worker threads probes them, and when every
 * server is done the watcher tells the workers to stop. */
#include "modes.h"

#include <pthread.h>
#include <stdbool.h>

#include "gil.h"
#include "proto.h"
#include "wl.h"

/* Smaller than the pool on purpose: the watcher keeps feeding while the workers drain it, so
 * both "queue full" and "queue empty" waits are exercised every run. */
#define IO_POOL_QUEUE 4
#define IO_POOL_MAX_WORKERS 256

/* Rounds of the compute part between two GIL switch points (a few microseconds). */
#define IO_POOL_TICK_ROUNDS 1000UL

struct io_pool {
    pthread_mutex_t lock;     /* guards everything below */
    pthread_cond_t not_empty; /* a job arrived, or stop was set: workers wait on it */
    pthread_cond_t not_full;  /* a job was taken: the watcher waits on it to load more */
    pthread_cond_t all_done;  /* the last job finished: the watcher waits on it to stop the pool */
    unsigned queue[IO_POOL_QUEUE];
    unsigned head, len;
    unsigned done;
    bool stop;
    struct io_tally tally;
    const struct io_run *run;
    bool gil;
};

static void *io_watcher_main(void *p)
{
    struct io_pool *pool = p;
    unsigned n = pool->run->servers->count;

    for (unsigned i = 0; i < n; i++) {
        WL_CHECK_PT(pthread_mutex_lock(&pool->lock));
        while (pool->len == IO_POOL_QUEUE)
            WL_CHECK_PT(pthread_cond_wait(&pool->not_full, &pool->lock));
        pool->queue[(pool->head + pool->len) % IO_POOL_QUEUE] = i;
        pool->len++;
        WL_CHECK_PT(pthread_cond_signal(&pool->not_empty));
        WL_CHECK_PT(pthread_mutex_unlock(&pool->lock));
    }
    /* The app is closing once every server has been checked. Set the flag under the lock and
     * wake every worker (broadcast, not signal): each idle worker waits on the same condition,
     * and one left sleeping would never be joined. */
    WL_CHECK_PT(pthread_mutex_lock(&pool->lock));
    while (pool->done < n)
        WL_CHECK_PT(pthread_cond_wait(&pool->all_done, &pool->lock));
    pool->stop = true;
    WL_CHECK_PT(pthread_cond_broadcast(&pool->not_empty));
    WL_CHECK_PT(pthread_mutex_unlock(&pool->lock));
    return NULL;
}

/* The compute part. Under the GIL it runs in slices with a switch point after each, as an
 * interpreter's eval loop would. */
static uint64_t io_pool_compute(const struct io_pool *pool, uint64_t token)
{
    unsigned long left = pool->run->rounds;
    uint64_t x = token;

    if (!pool->gil)
        return io_process(x, left);
    gil_acquire();
    while (left > 0) {
        unsigned long slice = left < IO_POOL_TICK_ROUNDS ? left : IO_POOL_TICK_ROUNDS;

        x = io_process(x, slice);
        left -= slice;
        gil_tick();
    }
    gil_release();
    return x;
}

static void *io_worker_main(void *p)
{
    struct io_pool *pool = p;
    unsigned n = pool->run->servers->count;

    WL_CHECK_PT(pthread_mutex_lock(&pool->lock));
    for (;;) {
        unsigned server;
        uint64_t token, value = 0;
        int ok;

        /* A while, not an if: a wakeup does not mean there is still a job for us. */
        while (pool->len == 0 && !pool->stop)
            WL_CHECK_PT(pthread_cond_wait(&pool->not_empty, &pool->lock));
        if (pool->len == 0)
            break; /* stop was set and nothing is left */
        server = pool->queue[pool->head];
        pool->head = (pool->head + 1) % IO_POOL_QUEUE;
        pool->len--;
        WL_CHECK_PT(pthread_cond_signal(&pool->not_full));
        WL_CHECK_PT(pthread_mutex_unlock(&pool->lock));

        /* The slow part runs with no lock held (and without the GIL): that is what lets ten
         * workers wait for ten servers at once. */
        ok = io_probe(pool->run, server, &token) == 0;
        if (ok)
            value = io_pool_compute(pool, token);

        WL_CHECK_PT(pthread_mutex_lock(&pool->lock));
        if (ok) {
            pool->tally.sum += value;
            pool->tally.answered++;
        }
        if (++pool->done == n)
            WL_CHECK_PT(pthread_cond_signal(&pool->all_done));
    }
    WL_CHECK_PT(pthread_mutex_unlock(&pool->lock));
    return NULL;
}

struct io_tally io_run_pool(const struct io_run *run, bool gil)
{
    struct io_pool pool = {.run = run, .gil = gil};
    pthread_t watcher, workers[IO_POOL_MAX_WORKERS];

    if (run->workers == 0 || run->workers > IO_POOL_MAX_WORKERS)
        wl_usage_error("pool: want 1..%d workers", IO_POOL_MAX_WORKERS);
    WL_CHECK_PT(pthread_mutex_init(&pool.lock, NULL));
    WL_CHECK_PT(pthread_cond_init(&pool.not_empty, NULL));
    WL_CHECK_PT(pthread_cond_init(&pool.not_full, NULL));
    WL_CHECK_PT(pthread_cond_init(&pool.all_done, NULL));
    for (unsigned i = 0; i < run->workers; i++)
        WL_CHECK_PT(pthread_create(&workers[i], NULL, io_worker_main, &pool));
    WL_CHECK_PT(pthread_create(&watcher, NULL, io_watcher_main, &pool));
    WL_CHECK_PT(pthread_join(watcher, NULL));
    for (unsigned i = 0; i < run->workers; i++)
        WL_CHECK_PT(pthread_join(workers[i], NULL));
    WL_CHECK_PT(pthread_cond_destroy(&pool.all_done));
    WL_CHECK_PT(pthread_cond_destroy(&pool.not_full));
    WL_CHECK_PT(pthread_cond_destroy(&pool.not_empty));
    WL_CHECK_PT(pthread_mutex_destroy(&pool.lock));
    return pool.tally;
}
