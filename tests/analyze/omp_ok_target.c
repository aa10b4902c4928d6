/* An `omp target teams distribute parallel for` saxpy: with no accelerator it runs on the host,
 * each iteration writing its own element. */
/* expect: pass */
/* class: ok-openmp */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

#define N 4096
static float x[N], y[N];

int main(void)
{
    const float a = 2.0f;
    for (int i = 0; i < N; i++) {
        x[i] = (float)i;
        y[i] = 1.0f;
    }
#pragma omp target teams distribute parallel for map(to : x) map(tofrom : y)
    for (int i = 0; i < N; i++)
        y[i] = a * x[i] + y[i];
    printf("y[10]=%.1f y[N-1]=%.1f\n", y[10], y[N - 1]);
    return y[10] != 21.0f;
}
