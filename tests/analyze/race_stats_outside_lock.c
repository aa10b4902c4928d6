/* A queue is locked correctly but its statistics counter is bumped after the unlock. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static int queue_len;
static long pushes; /* meant to be under qlock too */

static void *pusher(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&qlock);
        queue_len++;
        pthread_mutex_unlock(&qlock);
        pushes++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, pusher, NULL);
    pthread_create(&t2, NULL, pusher, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("len %d pushes %ld\n", queue_len, pushes);
    return 0;
}
