/* A stage hands each filled buffer to the next stage with sem_post/sem_wait: the semaphore
 * orders the writes before the reads. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t full, empty;
static int slot[16];
static long checksum;

static void *fill(void *arg)
{
    (void)arg;
    for (int r = 0; r < 200; r++) {
        sem_wait(&empty);
        for (int i = 0; i < 16; i++)
            slot[i] = r + i;
        sem_post(&full);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    sem_init(&full, 0, 0);
    sem_init(&empty, 0, 1);
    pthread_create(&t, NULL, fill, NULL);
    for (int r = 0; r < 200; r++) {
        sem_wait(&full);
        for (int i = 0; i < 16; i++)
            checksum += slot[i];
        sem_post(&empty);
    }
    pthread_join(t, NULL);
    printf("checksum %ld\n", checksum);
    return 0;
}
