/* Three philosophers, three forks, everyone takes the left fork first: a three-way cycle. */
/* expect: fail deadlock */
/* class: deadlock */
#include <pthread.h>
#include <stdio.h>

#define N 3
static pthread_mutex_t fork_[N];
static pthread_barrier_t seated;

static void *philosopher(void *arg)
{
    int i = (int)(long)arg;
    pthread_mutex_lock(&fork_[i]);
    pthread_barrier_wait(&seated); /* everyone holds a left fork */
    pthread_mutex_lock(&fork_[(i + 1) % N]);
    pthread_mutex_unlock(&fork_[(i + 1) % N]);
    pthread_mutex_unlock(&fork_[i]);
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    pthread_barrier_init(&seated, NULL, N);
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&fork_[i], NULL);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, philosopher, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    puts("all ate");
    return 0;
}
