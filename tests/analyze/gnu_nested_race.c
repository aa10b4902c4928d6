/* Workers bump a shared total through a GCC nested function (a GNU extension clang cannot
 * compile), with no lock: gcc-built detectors must still run and find the race. */
/* expect: fail data-race */
/* class: gcc-only */
#include <pthread.h>
#include <stdio.h>

static long total;

static void *worker(void *arg)
{
    long step = (long)arg;
    void add(long n) /* nested function: GCC only */
    {
        total += n;
    }
    for (int i = 0; i < 10000; i++)
        add(step);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker, (void *)1L);
    pthread_create(&b, NULL, worker, (void *)2L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("total %ld\n", total);
    return 0;
}
