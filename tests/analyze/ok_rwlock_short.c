/* Readers and one writer share a rwlock with short critical sections and pauses between them:
 * every wait is brief, nobody starves. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t cfg_lock = PTHREAD_RWLOCK_INITIALIZER;
static int cfg_version;

static void *reader(void *arg)
{
    (void)arg;
    long seen = 0;
    for (int i = 0; i < 50; i++) {
        pthread_rwlock_rdlock(&cfg_lock);
        seen += cfg_version;
        pthread_rwlock_unlock(&cfg_lock);
        usleep(2000);
    }
    return (void *)seen;
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_rwlock_wrlock(&cfg_lock);
        cfg_version++;
        pthread_rwlock_unlock(&cfg_lock);
        usleep(8000);
    }
    return NULL;
}

int main(void)
{
    pthread_t r[3], w;
    for (int i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, reader, NULL);
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    pthread_join(w, NULL);
    printf("version %d\n", cfg_version);
    return 0;
}
