/* A helper that takes the registry lock is called from a function that already holds it: the
 * default mutex is not recursive, so the thread locks it twice and blocks on itself. */
/* expect: fail lock-misuse */
/* class: lock-misuse */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static int entries;

static void add_entry(void)
{
    pthread_mutex_lock(&registry);
    entries++;
    pthread_mutex_unlock(&registry);
}

static void *importer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&registry);
    add_entry(); /* the second lock of the same mutex */
    pthread_mutex_unlock(&registry);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, importer, NULL);
    pthread_join(t, NULL);
    printf("entries %d\n", entries);
    return 0;
}
