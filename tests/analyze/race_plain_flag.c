/* A worker hands a result to main through a plain (non-atomic) ready flag. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>
#include <sched.h>

static int result;
static volatile int ready; /* volatile is not synchronisation */

static void *worker(void *arg)
{
    (void)arg;
    result = 42;
    ready = 1;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!ready)
        sched_yield();
    printf("result %d\n", result);
    pthread_join(t, NULL);
    return 0;
}
