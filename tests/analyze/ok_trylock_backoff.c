/* Three workers spend most of their time on their own data and take a shared tally with
 * pthread_mutex_trylock, backing off briefly when it is busy: the lock is mostly free, every
 * worker gets in within a few tries, nobody starves. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t tally_lock = PTHREAD_MUTEX_INITIALIZER;
static long tally;

static long crunch(long seed)
{
    long x = seed;
    for (int i = 0; i < 40000; i++)
        x = x * 1103515245 + 12345;
    return x & 1;
}

static void *worker(void *arg)
{
    long id = (long)arg, local = 0;
    for (int round = 0; round < 300; round++) {
        local += crunch(id * 1000 + round);
        while (pthread_mutex_trylock(&tally_lock) != 0)
            usleep(50); /* busy: come back in a moment */
        tally += local;
        local = 0;
        pthread_mutex_unlock(&tally_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t w[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&w[i], NULL, worker, (void *)i);
    for (int i = 0; i < 3; i++)
        pthread_join(w[i], NULL);
    printf("tally %ld\n", tally);
    return 0;
}
