/* Two independent `omp sections`, one of them a `parallel for simd` dot product with a
 * reduction: nothing is shared that is written. */
/* expect: pass */
/* class: ok-openmp */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

#define N 4096
static float a[N], b[N];

int main(void)
{
    float dot = 0.0f;
    long evens = 0;
    for (int i = 0; i < N; i++) {
        a[i] = 1.0f;
        b[i] = (float)(i % 4);
    }
    omp_set_num_threads(2);
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i < N; i++)
            evens += (i % 2 == 0);
#pragma omp section
        {
#pragma omp simd reduction(+ : dot)
            for (int i = 0; i < N; i++)
                dot += a[i] * b[i];
        }
    }
    printf("dot %.0f evens %ld\n", dot, evens);
    return 0;
}
