/* A tiny spinlock made of atomic_flag test-and-set (acquire) and clear (release) guards a plain
 * counter. */
/* expect: pass */
/* class: ok-atomics */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_flag busy = ATOMIC_FLAG_INIT;
static long counter;

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
            sched_yield();
        counter++;
        atomic_flag_clear_explicit(&busy, memory_order_release);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, bump, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld (want 60000)\n", counter);
    return counter != 60000;
}
