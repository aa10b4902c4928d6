/* A shared buffer is freed by whichever thread drops the last reference; the acq_rel decrement
 * orders every user's accesses before the free. */
/* expect: pass */
/* class: ok-atomics */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct buf {
    atomic_int refs;
    int data[64];
};

static void buf_put(struct buf *b)
{
    if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
        free(b);
}

static void *user(void *arg)
{
    struct buf *b = arg;
    long sum = 0;
    for (int i = 0; i < 64; i++)
        sum += b->data[i];
    if (sum != 64 * 63 / 2)
        abort();
    buf_put(b);
    return NULL;
}

int main(void)
{
    struct buf *b = malloc(sizeof *b);
    for (int i = 0; i < 64; i++)
        b->data[i] = i;
    atomic_init(&b->refs, 5);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, user, b);
    buf_put(b);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    puts("released");
    return 0;
}
