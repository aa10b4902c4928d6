/* The number of workers comes from the command line; with more than one they race on a shared
 * histogram that has no lock. */
/* expect: fail data-race */
/* class: data-race */
/* args: 3 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static int histogram[10];

static void *tally(void *arg)
{
    unsigned seed = (unsigned)(long)arg;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245u + 12345u;
        histogram[(seed >> 16) % 10]++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 1 || n > 16)
        return 2;
    pthread_t t[16];
    for (long i = 0; i < n; i++)
        pthread_create(&t[i], NULL, tally, (void *)(i + 1));
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    printf("bucket 0: %d\n", histogram[0]);
    return 0;
}
