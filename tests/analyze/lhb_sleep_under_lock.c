/* A cache refresher sleeps (a stand-in for a slow network fetch) while holding the cache lock
 * that three readers are queued on. */
/* expect: fail lock-held-blocking */
/* class: lock-held-blocking */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t cache = PTHREAD_MUTEX_INITIALIZER;
static int entry;

static void *refresher(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&cache);
        usleep(150 * 1000); /* the fetch belongs before the lock */
        entry++;
        pthread_mutex_unlock(&cache);
        usleep(1000);
    }
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++) {
        pthread_mutex_lock(&cache);
        int e = entry;
        pthread_mutex_unlock(&cache);
        (void)e;
        usleep(5000);
    }
    return NULL;
}

int main(void)
{
    pthread_t w, r[3];
    pthread_create(&w, NULL, refresher, NULL);
    for (int i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, reader, NULL);
    pthread_join(w, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    printf("entry %d\n", entry);
    return 0;
}
