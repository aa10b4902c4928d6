/* Two jobs take the same two locks in opposite orders, but run one after the other: no deadlock
 * happens in this run, the inversion is waiting for a schedule that overlaps them. */
/* expect: fail lock-order-inversion */
/* class: lock-order */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit = PTHREAD_MUTEX_INITIALIZER;
static int moved, checked;

static void *transfer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&accounts);
    pthread_mutex_lock(&audit);
    moved++;
    pthread_mutex_unlock(&audit);
    pthread_mutex_unlock(&accounts);
    return NULL;
}

static void *review(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&audit);
    pthread_mutex_lock(&accounts);
    checked++;
    pthread_mutex_unlock(&accounts);
    pthread_mutex_unlock(&audit);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, transfer, NULL);
    pthread_join(t, NULL);
    pthread_create(&t, NULL, review, NULL);
    pthread_join(t, NULL);
    printf("moved %d checked %d\n", moved, checked);
    return 0;
}
