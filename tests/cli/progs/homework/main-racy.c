/* Two threads add to one counter with no lock: a data race. */
#include "checked.h"

static long hits;

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < rounds(); i++)
        hits++;
    return NULL;
}

int main(void)
{
    spawn_two(bump, NULL);
    printf("hits %ld\n", hits);
    return 0;
}
