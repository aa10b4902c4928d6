/* Threads smooth an array in phases: each writes only its own slice of the next buffer and
 * reads the current one, with a barrier between phases. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>

#define N 1024
#define T 4
#define PHASES 20
static double buf[2][N];
static pthread_barrier_t phase_end;

static void *smooth(void *arg)
{
    int id = (int)(long)arg, lo = id * (N / T), hi = lo + N / T;
    for (int p = 0; p < PHASES; p++) {
        double *cur = buf[p % 2], *next = buf[(p + 1) % 2];
        for (int i = lo; i < hi; i++)
            next[i] = (cur[(i + N - 1) % N] + cur[i] + cur[(i + 1) % N]) / 3.0;
        pthread_barrier_wait(&phase_end);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[T];
    buf[0][0] = 1000.0;
    pthread_barrier_init(&phase_end, NULL, T);
    for (long i = 0; i < T; i++)
        pthread_create(&t[i], NULL, smooth, (void *)i);
    for (int i = 0; i < T; i++)
        pthread_join(t[i], NULL);
    double total = 0;
    for (int i = 0; i < N; i++)
        total += buf[PHASES % 2][i];
    printf("total %.3f\n", total);
    return 0;
}
