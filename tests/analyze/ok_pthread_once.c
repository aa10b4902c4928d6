/* Every worker calls pthread_once to build a lookup table exactly once, then reads it. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int squares[256];

static void build_table(void)
{
    for (int i = 0; i < 256; i++)
        squares[i] = i * i;
}

static void *worker(void *arg)
{
    long sum = 0;
    pthread_once(&table_once, build_table);
    for (int i = 0; i < 256; i++)
        sum += squares[i];
    *(long *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    long sums[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, &sums[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("sum %ld\n", sums[0]);
    return sums[0] != sums[3];
}
