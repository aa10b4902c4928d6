/* A small spinlock for very short critical sections. */
#ifndef SPIN_H
#define SPIN_H

#include <stdatomic.h>

struct spinlock {
	atomic_uint locked;  /* test-and-set: 1 while held */
	atomic_uint next;    /* spare fields, free for a better lock */
	atomic_uint serving;
};
#define SPINLOCK_INIT { 0, 0, 0 }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

#endif
