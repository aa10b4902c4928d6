/* A flusher tries the log's mutex with pthread_mutex_trylock and sleeps half a millisecond when
 * it is busy, while the appender keeps the mutex nearly always held, re-taking it as soon as it
 * lets go: the flusher gets in only by luck. */
/* expect: fail starvation */
/* class: starvation */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static long pending, flushed;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *appender(void *arg)
{
    (void)arg;
    long end = now_ms() + 500;
    while (now_ms() < end) {
        pthread_mutex_lock(&log_lock);
        for (volatile int i = 0; i < 30000; i++)
            ; /* format the line inside the lock */
        pending++;
        pthread_mutex_unlock(&log_lock);
    }
    return NULL;
}

static void *flusher(void *arg)
{
    (void)arg;
    int fails = 0;
    for (int round = 0; round < 4; round++) {
        usleep(2000); /* flush every couple of milliseconds */
        while (pthread_mutex_trylock(&log_lock) != 0) {
            fails++;
            usleep(500);
        }
        flushed += pending;
        pending = 0;
        pthread_mutex_unlock(&log_lock);
    }
    printf("flusher: 4 flushes after %d busy tries\n", fails);
    return NULL;
}

int main(void)
{
    pthread_t a, f;
    pthread_create(&a, NULL, appender, NULL);
    usleep(2000);
    pthread_create(&f, NULL, flusher, NULL);
    pthread_join(a, NULL);
    pthread_join(f, NULL);
    printf("flushed %ld, left %ld\n", flushed, pending);
    return 0;
}
