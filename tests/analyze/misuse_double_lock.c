/* A helper that takes the registry lock is called from a function that already holds it: the
 * default mutex is not recursive, so the thread locks it twice and blocks on itself. */
/* expect: fail deadlock */
/* class: lock-misuse */
/* Why deadlock: POSIX leaves relocking a PTHREAD_MUTEX_DEFAULT mutex undefined; glibc's default is
 * PTHREAD_MUTEX_NORMAL, whose relock blocks for ever. The program does deadlock (a one-thread
 * cycle), and the tracer's finding names both places ("T1 holds mutex `registry` (locked at :21)
 * and waits for mutex `registry` at :13"): what a student must see to take the lock once. */
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
