/* A refresher tries the cache's write lock with pthread_rwlock_trywrlock and, when readers are
 * in, marks the cache stale for later without any lock, while readers read that mark under the
 * read lock: the race is only on the busy path, which the readers' short reads leave untaken in
 * a normal run. */
/* expect: fail data-race */
/* class: rare-schedule */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int entries, stale;

static void *reader(void *arg)
{
    (void)arg;
    long seen = 0;
    for (int i = 0; i < 20; i++) {
        pthread_rwlock_rdlock(&cache_lock);
        seen += entries + stale;
        pthread_rwlock_unlock(&cache_lock);
    }
    return (void *)seen;
}

static void *refresher(void *arg)
{
    (void)arg;
    for (int i = 0; i < 5; i++) {
        if (pthread_rwlock_trywrlock(&cache_lock) == 0) {
            entries++;
            stale = 0;
            pthread_rwlock_unlock(&cache_lock);
        } else {
            stale = 1; /* the bug: written without the lock it could not get */
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t r, w;
    pthread_create(&r, NULL, reader, NULL);
    pthread_create(&w, NULL, refresher, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    printf("entries %d stale %d\n", entries, stale);
    return 0;
}
