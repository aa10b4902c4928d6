/* A producer sets the predicate under the lock and signals after unlocking; the consumer waits in
 * a predicate loop. Correct: the predicate, not the signal, carries the news. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static int items, consumed;

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&m);
        while (items == 0)
            pthread_cond_wait(&nonempty, &m);
        items--;
        consumed++;
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&m);
        items++;
        pthread_mutex_unlock(&m);
        pthread_cond_signal(&nonempty); /* after the unlock: allowed, and cheaper */
    }
    pthread_join(c, NULL);
    printf("consumed %d\n", consumed);
    return consumed != 500;
}
