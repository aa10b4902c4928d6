/* Threads find the largest value with a private pass, then merge under `omp critical`, and count
 * with `omp atomic`. */
/* expect: pass */
/* class: ok-openmp */
/* cflags: -fopenmp */
#include <omp.h>
#include <stdio.h>

#define N 20000
static int v[N];

int main(void)
{
    int best = -1, visited = 0;
    for (int i = 0; i < N; i++)
        v[i] = (i * 7919) % 10007;
    omp_set_num_threads(4);
#pragma omp parallel
    {
        int mine = -1;
#pragma omp for
        for (int i = 0; i < N; i++) {
            if (v[i] > mine)
                mine = v[i];
#pragma omp atomic
            visited++;
        }
#pragma omp critical
        if (mine > best)
            best = mine;
    }
    printf("max %d over %d\n", best, visited);
    return visited != N;
}
