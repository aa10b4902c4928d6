/* The same counter under a mutex: race-free. */
#include "checked.h"

static long hits;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < rounds(); i++) {
        CHECK(pthread_mutex_lock(&lock));
        hits++;
        CHECK(pthread_mutex_unlock(&lock));
    }
    return NULL;
}

int
main(void)
{
    spawn_two(bump, NULL);
    printf("hits %ld\n", hits);
    return hits == 2L * rounds() ? 0 : 1;
}
