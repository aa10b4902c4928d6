/* Lazy fix: spin with sched_yield() instead of napping, so the waiter notices the lock sooner. */
#include "spin.h"

#include <sched.h>

void spin_lock(struct spinlock *l)
{
	while (atomic_exchange_explicit(&l->locked, 1, memory_order_acquire))
		sched_yield();
}

void spin_unlock(struct spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
}
