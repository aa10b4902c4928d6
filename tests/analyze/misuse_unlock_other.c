/* One thread locks a mutex and another unlocks it, as if it were a semaphore. */
/* expect: fail lock-misuse */
/* class: lock-misuse */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t token = PTHREAD_MUTEX_INITIALIZER;

static void *releaser(void *arg)
{
    (void)arg;
    pthread_mutex_unlock(&token); /* not the owner */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_mutex_lock(&token);
    pthread_create(&t, NULL, releaser, NULL);
    pthread_join(t, NULL);
    puts("handed over");
    return 0;
}
