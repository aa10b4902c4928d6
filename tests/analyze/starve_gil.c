/* A GIL-like lock: the interpreter thread holds it through long CPU stretches and re-takes it at
 * once, while an I/O thread that needs it within 5 ms waits the whole time. */
/* expect: fail starvation */
/* class: starvation */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t gil = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long sink;

static long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000L + ts.tv_nsec / 1000L;
}

static void *interpreter(void *arg)
{
    (void)arg;
    for (int round = 0; round < 12; round++) {
        pthread_mutex_lock(&gil);
        long until = now_us() + 50 * 1000; /* 50 ms of bytecode, lock held */
        while (now_us() < until)
            sink++;
        pthread_mutex_unlock(&gil); /* and straight back in: no hand-off */
    }
    return NULL;
}

static void *io_thread(void *arg)
{
    (void)arg;
    usleep(10 * 1000);
    long t0 = now_us();
    pthread_mutex_lock(&gil);
    long waited = now_us() - t0;
    pthread_mutex_unlock(&gil);
    printf("I/O thread waited %ld ms for the GIL (deadline 5 ms)\n", waited / 1000);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, interpreter, NULL);
    pthread_create(&b, NULL, io_thread, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
