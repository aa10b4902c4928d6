/* A barrier sized for three parties, but only two threads ever arrive at it. */
/* expect: fail hang */
/* class: hang */
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t phase;

static void *stage(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&phase);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_barrier_init(&phase, NULL, 3); /* counts main, but main never waits */
    pthread_create(&a, NULL, stage, NULL);
    pthread_create(&b, NULL, stage, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("phase over");
    return 0;
}
