/* Workers wait until all three have checked in, but the count they wait for is four. */
/* expect: fail hang */
/* class: hang */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int checked_in;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    checked_in++;
    pthread_cond_broadcast(&arrived);
    while (checked_in <= WORKERS) /* should be "< WORKERS" */
        pthread_cond_wait(&arrived, &m);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    puts("all checked in");
    return 0;
}
