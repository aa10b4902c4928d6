/* A three-stage pipeline of OpenMP tasks ordered by depend(out)/depend(in) clauses. */
/* expect: pass */
/* class: ok-openmp */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    int raw = 0, cooked = 0, served = 0;
    omp_set_num_threads(4);
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out : raw) shared(raw)
        raw = 21;
#pragma omp task depend(in : raw) depend(out : cooked) shared(raw, cooked)
        cooked = raw * 2;
#pragma omp task depend(in : cooked) depend(out : served) shared(cooked, served)
        served = cooked + 0;
#pragma omp taskwait
        printf("served %d\n", served);
    }
    return served != 42;
}
