/* The same GCC nested function, with the total behind a mutex: correct, though clang cannot
 * build it. Not a build error for a gcc user. */
/* expect: pass */
/* class: ok-build */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *worker(void *arg)
{
    long step = (long)arg;
    void add(long n) /* nested function: GCC only */
    {
        pthread_mutex_lock(&lock);
        total += n;
        pthread_mutex_unlock(&lock);
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
    return total != 30000;
}
