/* A waiter gives up after a short timed wait and records the miss without the lock, while the
 * notifier records its own notice under it: the race is only on the timeout path. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int posted;
static int events; /* written by both sides */

static void *waiter(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 2 * 1000 * 1000; /* 2 ms */
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&m);
    int rc = 0;
    while (!posted && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&cv, &m, &until);
    pthread_mutex_unlock(&m);
    if (rc == ETIMEDOUT)
        events++; /* the bug: the lock was already dropped */
    return NULL;
}

static void *notifier(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    posted = 1;
    events++;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t w, n;
    pthread_create(&w, NULL, waiter, NULL);
    pthread_create(&n, NULL, notifier, NULL);
    pthread_join(w, NULL);
    pthread_join(n, NULL);
    printf("events %d\n", events);
    return 0;
}
