/* A cache fills its slots under a lock, but the rare "table full" path resets a shared miss
 * counter without it: the race needs both workers to hit the full table together. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <pthread.h>
#include <stdio.h>

#define SLOTS 64
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int used;
static int full_events; /* updated on the overflow path only */

static void *filler(void *arg)
{
    (void)arg;
    for (int i = 0; i < 40; i++) {
        pthread_mutex_lock(&lock);
        int ok = used < SLOTS;
        if (ok)
            used++;
        pthread_mutex_unlock(&lock);
        if (!ok)
            full_events++;
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, filler, NULL);
    pthread_create(&t2, NULL, filler, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("used %d, table full %d times\n", used, full_events);
    return 0;
}
