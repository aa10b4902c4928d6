/* The running mean behind one mutex. */
#include <pthread.h>
#include "stats.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double sum;
static long n;

void stats_add(double x)
{
    pthread_mutex_lock(&lock);
    sum += x;
    n++;
    pthread_mutex_unlock(&lock);
}

double stats_mean(void)
{
    pthread_mutex_lock(&lock);
    double m = n ? sum / n : 0.0;
    pthread_mutex_unlock(&lock);
    return m;
}
