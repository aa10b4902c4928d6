/* A producer fills a record and publishes it with a C11 release store; the consumer reads it
 * after an acquire load sees the flag. Race-free, though no lock is taken. */
/* expect: pass */
/* class: ok-atomics */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct record {
    int id;
    double price;
};
static struct record rec;
static atomic_int published;

static void *producer(void *arg)
{
    (void)arg;
    rec.id = 17;
    rec.price = 9.5;
    atomic_store_explicit(&published, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&published, memory_order_acquire))
        sched_yield();
    printf("record %d at %.1f\n", rec.id, rec.price);
    pthread_join(t, NULL);
    return 0;
}
