/* A fixed pool of three workers takes job numbers from a locked queue and adds their results
 * under the same lock; main posts the jobs, then a stop flag, and joins. */
/* expect: pass */
/* class: ok-sync */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define JOBS 300
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static int next_job, posted;
static bool stopping;
static long result;

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&m);
        while (next_job == posted && !stopping)
            pthread_cond_wait(&work, &m);
        if (next_job == posted) {
            pthread_mutex_unlock(&m);
            return NULL;
        }
        int job = next_job++;
        pthread_mutex_unlock(&m);
        long r = (long)job * job; /* the work itself, outside the lock */
        pthread_mutex_lock(&m);
        result += r;
        pthread_mutex_unlock(&m);
    }
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int j = 0; j < JOBS; j++) {
        pthread_mutex_lock(&m);
        posted++;
        pthread_cond_signal(&work);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    stopping = true;
    pthread_cond_broadcast(&work);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("result %ld\n", result);
    return result != (long)(JOBS - 1) * JOBS * (2 * JOBS - 1) / 6;
}
