/* The running mean, with its lock forgotten in stats_add(). */
#include <pthread.h>
#include "stats.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double sum;
static long n;

void stats_add(double x)
{
    sum += x;
    n++;
}

double stats_mean(void)
{
    pthread_mutex_lock(&lock);
    double m = n ? sum / n : 0.0;
    pthread_mutex_unlock(&lock);
    return m;
}
