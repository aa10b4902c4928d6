/* Three readers of a reader-preferring rwlock overlap their read sections, so the lock is never
 * free and the one writer waits for as long as they keep reading (hundreds of milliseconds). */
/* expect: fail starvation */
/* class: starvation */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_rwlock_t table = PTHREAD_RWLOCK_INITIALIZER; /* glibc default: readers first */
static int version;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *reader(void *arg)
{
    usleep((useconds_t)(long)arg * 3000); /* staggered, so read sections overlap */
    for (int i = 0; i < 60; i++) {
        pthread_rwlock_rdlock(&table);
        int v = version;
        usleep(10 * 1000);
        pthread_rwlock_unlock(&table);
        (void)v;
    }
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    usleep(30 * 1000);
    long t0 = now_ms();
    pthread_rwlock_wrlock(&table);
    version++;
    pthread_rwlock_unlock(&table);
    printf("writer waited %ld ms\n", now_ms() - t0);
    return NULL;
}

int main(void)
{
    pthread_t r[3], w;
    for (long i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    pthread_join(w, NULL);
    return 0;
}
