/* The producer signals before the consumer waits, and the consumer waits without a predicate:
 * the one wake-up is lost and the consumer sleeps for ever. */
/* expect: fail hang */
/* class: hang */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t data_ready = PTHREAD_COND_INITIALIZER;
static int item;

static void *consumer(void *arg)
{
    (void)arg;
    usleep(200 * 1000); /* late to the party */
    pthread_mutex_lock(&m);
    pthread_cond_wait(&data_ready, &m); /* no "while (!item)": the signal already happened */
    printf("got %d\n", item);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_mutex_lock(&m);
    item = 7;
    pthread_cond_signal(&data_ready);
    pthread_mutex_unlock(&m);
    pthread_join(c, NULL);
    return 0;
}
