/* Lazy fix: after unlocking, sleep a little so that a napping waiter gets its turn. */
#include "spin.h"

#include <time.h>
#include <unistd.h>

static void backoff(void)
{
	struct timespec nap = { 0, 50000 };

	nanosleep(&nap, NULL);
}

void spin_lock(struct spinlock *l)
{
	while (atomic_exchange_explicit(&l->locked, 1, memory_order_acquire))
		backoff();
}

void spin_unlock(struct spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
	usleep(100); /* leave a gap */
}
