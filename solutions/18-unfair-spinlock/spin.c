/* A ticket spinlock: first come, first served. */
#include "spin.h"

#include <time.h>

/* While the lock is busy, nap 50 us instead of burning the other core. */
static void backoff(void)
{
	struct timespec nap = { 0, 50000 };

	nanosleep(&nap, NULL);
}

/*
 * Like a bakery: take a number, wait until it is served. A thread that has just unlocked
 * and comes straight back draws a number behind everyone already waiting, so it cannot
 * overtake them however fast it is; with test-and-set it wins whenever the waiter is napping.
 */
void spin_lock(struct spinlock *l)
{
	unsigned my = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);

	while (atomic_load_explicit(&l->serving, memory_order_acquire) != my)
		backoff();
}

void spin_unlock(struct spinlock *l)
{
	/* Only the holder writes serving, so a plain increment published with release is enough. */
	unsigned s = atomic_load_explicit(&l->serving, memory_order_relaxed);

	atomic_store_explicit(&l->serving, s + 1, memory_order_release);
}
