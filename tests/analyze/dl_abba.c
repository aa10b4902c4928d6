/* Two threads each hold one mutex and then want the other's; a barrier makes the deadlock
 * certain rather than lucky. */
/* expect: fail deadlock */
/* class: deadlock */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t left = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t right = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *take(void *arg)
{
    int lr = *(int *)arg;
    pthread_mutex_t *first = lr ? &left : &right, *second = lr ? &right : &left;
    pthread_mutex_lock(first);
    pthread_barrier_wait(&both_hold);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
    return NULL;
}

int main(void)
{
    int a = 1, b = 0;
    pthread_t t1, t2;
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_create(&t1, NULL, take, &a);
    pthread_create(&t2, NULL, take, &b);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    puts("done");
    return 0;
}
