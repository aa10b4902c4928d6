/* A correct CPU-bound program: two threads count primes in disjoint ranges for about 3 s of
 * plain run time (longer under a sanitizer). It is slow, not hung. */
/* expect: pass */
/* class: ok-cpu-bound */
/* long: 3 s of CPU plainly, ten times that under TSan or Helgrind */
#include <pthread.h>
#include <stdio.h>

#define LIMIT 7000000L

struct range {
    long lo, hi, primes;
};

static int is_prime(long n)
{
    if (n < 2)
        return 0;
    for (long d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static void *count(void *arg)
{
    struct range *r = arg;
    for (long n = r->lo; n < r->hi; n++)
        r->primes += is_prime(n);
    return NULL;
}

int main(void)
{
    /* The upper range costs more per number, so it is the shorter one. */
    struct range r[2] = {{0, LIMIT * 6 / 10, 0}, {LIMIT * 6 / 10, LIMIT, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, count, &r[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("primes below %ld: %ld\n", LIMIT, r[0].primes + r[1].primes);
    return 0;
}
