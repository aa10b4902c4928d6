/* A program made of two .c files: samplers in main.c feed a locked statistics module. */
/* expect: pass */
/* class: ok-build */
/* files: main.c stats.c */
#include <pthread.h>
#include <stdio.h>
#include "stats.h"

static void *sampler(void *arg)
{
    double base = *(double *)arg;
    for (int i = 0; i < 5000; i++)
        stats_add(base);
    return NULL;
}

int main(void)
{
    double lo = 1.0, hi = 3.0;
    pthread_t a, b;
    pthread_create(&a, NULL, sampler, &lo);
    pthread_create(&b, NULL, sampler, &hi);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("mean %.2f\n", stats_mean());
    return stats_mean() != 2.0;
}
