/* Sibling OpenMP tasks update one shared total with no depend clause or taskwait between them. */
/* expect: fail data-race */
/* class: openmp-race */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    long total = 0;
    omp_set_num_threads(4);
#pragma omp parallel
#pragma omp single
    for (int t = 0; t < 8; t++) {
#pragma omp task shared(total)
        for (int i = 0; i < 1000; i++)
            total += t;
    }
    printf("total %ld\n", total);
    return 0;
}
