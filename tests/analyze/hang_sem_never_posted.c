/* The worker waits for a "start" semaphore that main forgets to post before joining it. */
/* expect: fail hang */
/* class: hang */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t start;

static void *worker(void *arg)
{
    (void)arg;
    sem_wait(&start);
    puts("working");
    return NULL;
}

int main(void)
{
    pthread_t t;
    sem_init(&start, 0, 0);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL); /* sem_post(&start) was meant to come first */
    return 0;
}
