/* Shared by every program of the folder: it defines no main(), so it is built into each. */
#include "checked.h"

int rounds(void)
{
    return 10000;
}

void spawn_two(void *(*fn)(void *), void *arg)
{
    pthread_t a, b;

    CHECK(pthread_create(&a, NULL, fn, arg));
    CHECK(pthread_create(&b, NULL, fn, arg));
    CHECK(pthread_join(a, NULL));
    CHECK(pthread_join(b, NULL));
}
