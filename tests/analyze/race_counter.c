/* Four threads add to one hit counter with no lock: the classic lost update. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>

static long hits;

static void *visit(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++)
        hits++;
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, visit, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("hits: %ld (want 400000)\n", hits);
    return 0;
}
