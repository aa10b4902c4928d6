/* A polite thread backs off for a millisecond after each failed pthread_spin_trylock, while a
 * greedy thread re-takes the spinlock at once: the polite one almost never gets in. */
/* expect: fail starvation */
/* class: starvation */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_spinlock_t spin;
static volatile int stop;
static long greedy_rounds, polite_rounds;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *greedy(void *arg)
{
    (void)arg;
    long end = now_ms() + 600;
    while (now_ms() < end) {
        pthread_spin_lock(&spin);
        for (volatile int i = 0; i < 20000; i++)
            ;
        greedy_rounds++;
        pthread_spin_unlock(&spin);
    }
    return NULL;
}

static void *polite(void *arg)
{
    (void)arg;
    long t0 = now_ms(), fails = 0;
    for (int got = 0; got < 3;) {
        if (pthread_spin_trylock(&spin) == 0) {
            polite_rounds++;
            got++;
            pthread_spin_unlock(&spin);
        } else {
            fails++;
            usleep(1000); /* back off, and miss the tiny window again */
        }
    }
    printf("polite: 3 rounds after %ld failed tries, %ld ms\n", fails, now_ms() - t0);
    return NULL;
}

int main(void)
{
    pthread_t g, p;
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_create(&g, NULL, greedy, NULL);
    usleep(5000);
    pthread_create(&p, NULL, polite, NULL);
    pthread_join(g, NULL);
    pthread_join(p, NULL);
    printf("greedy %ld polite %ld\n", greedy_rounds, polite_rounds);
    return 0;
}
