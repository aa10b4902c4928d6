/* A sensor logger that keeps its deadlines on CLOCK_MONOTONIC, immune to wall-clock jumps: two
 * sensors record readings in a table under pthread_rwlock_clockwrlock and bump a shared count
 * under pthread_mutex_clocklock, a reporter reads the table under pthread_rwlock_clockrdlock, and
 * main waits for each sensor's last reading with sem_clockwait. Race-free; the clock variants
 * are what ThreadSanitizer (clang 14) and Helgrind (3.19) do not all intercept. */
/* expect: pass */
/* class: ok-sync */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#define READINGS 300

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t finished[2];
static double table[2];
static long count, last_seen[2];

static struct timespec deadline_ms(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static void *sensor(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < READINGS; i++) {
        struct timespec t = deadline_ms(2000);
        if (pthread_rwlock_clockwrlock(&table_lock, CLOCK_MONOTONIC, &t) != 0)
            continue;
        table[id] = 20.0 + id + i * 0.01;
        pthread_rwlock_unlock(&table_lock);
        t = deadline_ms(2000);
        if (pthread_mutex_clocklock(&count_lock, CLOCK_MONOTONIC, &t) == 0) {
            count++;
            pthread_mutex_unlock(&count_lock);
        }
    }
    last_seen[id] = READINGS; /* published by the post below */
    sem_post(&finished[id]);
    return NULL;
}

static void *reporter(void *arg)
{
    double sum = 0;
    (void)arg;
    for (int i = 0; i < READINGS; i++) {
        struct timespec t = deadline_ms(2000);
        if (pthread_rwlock_clockrdlock(&table_lock, CLOCK_MONOTONIC, &t) != 0)
            continue;
        sum += table[0] + table[1];
        pthread_rwlock_unlock(&table_lock);
    }
    printf("reporter: mean %.1f\n", sum / (2 * READINGS));
    return NULL;
}

int main(void)
{
    pthread_t s[2], r;
    for (long i = 0; i < 2; i++) {
        sem_init(&finished[i], 0, 0);
        pthread_create(&s[i], NULL, sensor, (void *)i);
    }
    pthread_create(&r, NULL, reporter, NULL);
    for (int i = 0; i < 2; i++) {
        struct timespec t = deadline_ms(10000);
        if (sem_clockwait(&finished[i], CLOCK_MONOTONIC, &t) != 0)
            return 1;
        printf("sensor %d: %ld readings\n", i, last_seen[i]);
    }
    pthread_join(r, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(s[i], NULL);
    pthread_mutex_lock(&count_lock);
    printf("count %ld\n", count);
    pthread_mutex_unlock(&count_lock);
    return 0;
}
