/* An OpenMP loop sums into a shared variable with no reduction clause. */
/* expect: fail data-race */
/* class: openmp-race */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    double sum = 0.0;
    omp_set_num_threads(4);
#pragma omp parallel for
    for (int i = 1; i <= 100000; i++)
        sum += 1.0 / i;
    printf("sum %.6f\n", sum);
    return 0;
}
