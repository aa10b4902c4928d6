/* Threads count with a relaxed atomic fetch_add and main reads the total after joining them. */
/* expect: pass */
/* class: ok-atomics */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long hits;

static void *visit(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50000; i++)
        atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, visit, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("hits %ld\n", atomic_load(&hits));
    return atomic_load(&hits) != 200000;
}
