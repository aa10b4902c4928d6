/* An error path unlocks a mutex that the success path already unlocked. */
/* expect: fail lock-misuse */
/* class: lock-misuse */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int stock = 1;

static int take(void)
{
    pthread_mutex_lock(&m);
    int ok = stock > 0;
    if (ok)
        stock--;
    pthread_mutex_unlock(&m);
    if (!ok)
        goto fail;
    return 0;
fail:
    pthread_mutex_unlock(&m); /* unlocked twice */
    return -1;
}

static void *buyer(void *arg)
{
    (void)arg;
    take();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, buyer, NULL);
    pthread_join(a, NULL);
    pthread_create(&b, NULL, buyer, NULL); /* finds no stock: the error path */
    pthread_join(b, NULL);
    printf("stock %d\n", stock);
    return 0;
}
