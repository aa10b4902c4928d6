/* A sampler tries for 20 ms to take the table's lock with pthread_mutex_timedlock and, when it
 * gives up, notes the skipped sample in a counter the loader writes under that lock: the race is
 * only on the give-up path, which the loader's 1 ms hold leaves untaken in a normal run. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long rows, samples;

static void *loader(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&table_lock);
    usleep(1000); /* parsing a batch */
    rows += 10;
    samples++; /* the loader counts its own sample under the lock */
    pthread_mutex_unlock(&table_lock);
    return NULL;
}

static void *sampler(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 20 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&table_lock, &until) == ETIMEDOUT) {
        samples++; /* the bug: counted without the lock it gave up on */
        return NULL;
    }
    samples++;
    pthread_mutex_unlock(&table_lock);
    return NULL;
}

int main(void)
{
    pthread_t l, s;
    pthread_create(&l, NULL, loader, NULL);
    pthread_create(&s, NULL, sampler, NULL);
    pthread_join(l, NULL);
    pthread_join(s, NULL);
    printf("rows %ld samples %ld\n", rows, samples);
    return 0;
}
