/* A scratch variable declared outside the parallel loop is shared by every thread. */
/* expect: fail data-race */
/* class: openmp-race */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

#define N 8000
static double in[N], out[N];

int main(void)
{
    double tmp;
    for (int i = 0; i < N; i++)
        in[i] = i * 0.5;
    omp_set_num_threads(4);
#pragma omp parallel for /* missing private(tmp) */
    for (int i = 0; i < N; i++) {
        tmp = in[i] * in[i];
        out[i] = tmp + 1.0;
    }
    printf("out[7]=%.1f\n", out[7]);
    return 0;
}
