/* A harmonic sum with reduction(+:sum): each thread adds into its own copy. */
/* expect: pass */
/* class: ok-openmp */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    double sum = 0.0;
    omp_set_num_threads(4);
#pragma omp parallel for reduction(+ : sum)
    for (int i = 1; i <= 200000; i++)
        sum += 1.0 / i;
    printf("sum %.6f\n", sum);
    return 0;
}
