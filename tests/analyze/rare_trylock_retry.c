/* Workers count their trylock failures in one shared, unlocked counter: the race is only on the
 * failure path, which runs only when the two workers collide on the lock. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <pthread.h>
#include <stdio.h>
#include <sched.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static long retries; /* touched only when trylock fails */

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        while (pthread_mutex_trylock(&lock) != 0) {
            retries++;
            sched_yield();
        }
        total++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("total %ld\n", total);
    return retries < 0; /* read it, so the counter is not dead code */
}
