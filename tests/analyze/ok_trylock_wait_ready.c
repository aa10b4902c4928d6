/* A loader holds the table's lock through one long load; a reporter polls the lock with
 * pthread_spin_trylock every millisecond until the load is done. It waits for one long hold, as
 * it must, and is not passed over by anyone re-taking the lock: not starvation. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_spinlock_t table_lock;
static int rows;

static void *loader(void *arg)
{
    (void)arg;
    pthread_spin_lock(&table_lock);
    for (int i = 0; i < 40; i++) {
        usleep(2000); /* reading a file, row by row */
        rows++;
    }
    pthread_spin_unlock(&table_lock);
    return NULL;
}

static void *reporter(void *arg)
{
    (void)arg;
    int tries = 0;
    usleep(5000);
    while (pthread_spin_trylock(&table_lock) != 0) {
        tries++;
        usleep(1000);
    }
    printf("reporter: %d rows after %d tries\n", rows, tries);
    pthread_spin_unlock(&table_lock);
    return NULL;
}

int main(void)
{
    pthread_t l, r;
    pthread_spin_init(&table_lock, PTHREAD_PROCESS_PRIVATE);
    pthread_create(&l, NULL, loader, NULL);
    pthread_create(&r, NULL, reporter, NULL);
    pthread_join(l, NULL);
    pthread_join(r, NULL);
    pthread_spin_destroy(&table_lock);
    return 0;
}
