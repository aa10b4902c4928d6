/* A worker waits for a job on a semaphore for at most 5 ms and, when the wait times out, counts
 * an idle tick in a counter the dispatcher also writes under its lock: the race is only on the
 * timeout path, which the dispatcher's prompt post leaves untaken in a normal run. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static sem_t jobs;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long ticks; /* idle ticks and dispatches, one counter */

static void *worker(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 5 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(&jobs, &until) != 0) {
        if (errno == ETIMEDOUT) {
            ticks++; /* the bug: no lock on the idle path */
            return NULL;
        }
    }
    return NULL;
}

static void *dispatcher(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stats_lock);
    ticks++;
    pthread_mutex_unlock(&stats_lock);
    sem_post(&jobs);
    return NULL;
}

int main(void)
{
    pthread_t w, d;
    sem_init(&jobs, 0, 0);
    pthread_create(&w, NULL, worker, NULL);
    pthread_create(&d, NULL, dispatcher, NULL);
    pthread_join(w, NULL);
    pthread_join(d, NULL);
    sem_destroy(&jobs);
    printf("ticks %ld\n", ticks);
    return 0;
}
