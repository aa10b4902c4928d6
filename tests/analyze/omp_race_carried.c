/* A parallel loop shifts an array in place: iteration i reads what iteration i+1 writes. */
/* expect: fail data-race */
/* class: openmp-race */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

#define N 10000
static int a[N + 1];

int main(void)
{
    for (int i = 0; i <= N; i++)
        a[i] = i;
    omp_set_num_threads(4);
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        a[i] = a[i + 1] + 1; /* loop-carried: a[i+1] belongs to another thread's chunk */
    printf("a[0]=%d a[N-1]=%d\n", a[0], a[N - 1]);
    return 0;
}
