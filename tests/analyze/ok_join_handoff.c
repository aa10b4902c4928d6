/* Main prepares input before pthread_create and reads output after pthread_join: create and join
 * order everything, no lock needed. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdio.h>

#define N 1000
static int input[N];
static long partial[2];

static void *half_sum(void *arg)
{
    long h = (long)arg;
    for (int i = (int)h * N / 2; i < (int)(h + 1) * N / 2; i++)
        partial[h] += input[i];
    return NULL;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        input[i] = i;
    pthread_t t[2];
    for (long h = 0; h < 2; h++)
        pthread_create(&t[h], NULL, half_sum, (void *)h);
    for (int h = 0; h < 2; h++)
        pthread_join(t[h], NULL);
    printf("sum %ld\n", partial[0] + partial[1]);
    return partial[0] + partial[1] != (long)N * (N - 1) / 2;
}
