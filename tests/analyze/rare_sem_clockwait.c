/* A watchdog waits up to 30 ms (on CLOCK_MONOTONIC) for a worker's heartbeat with sem_clockwait;
 * when the wait times out it marks the worker late in a status word that the worker itself
 * updates under a mutex, but without taking that mutex: the race is only on the timeout path,
 * which the worker's 2 ms beat leaves untaken in a normal run. */
/* expect: fail data-race */
/* class: rare-schedule */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t heartbeat;
static int status; /* 0 starting, 1 running, 2 late */

static void *worker(void *arg)
{
    (void)arg;
    usleep(2000); /* warming up */
    pthread_mutex_lock(&status_lock);
    status = 1;
    pthread_mutex_unlock(&status_lock);
    sem_post(&heartbeat);
    return NULL;
}

static void *watchdog(void *arg)
{
    struct timespec t;
    (void)arg;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += 30 * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    while (sem_clockwait(&heartbeat, CLOCK_MONOTONIC, &t) != 0) {
        if (errno == ETIMEDOUT) {
            status = 2; /* the bug: written without status_lock */
            break;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t w, d;
    sem_init(&heartbeat, 0, 0);
    pthread_create(&d, NULL, watchdog, NULL);
    pthread_create(&w, NULL, worker, NULL);
    pthread_join(w, NULL);
    pthread_join(d, NULL);
    printf("status %d\n", status);
    return 0;
}
