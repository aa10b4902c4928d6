/*
 * A Treiber stack (R. K. Treiber, 1986): the top pointer is the only shared state, and every
 * change to it is one compare-and-swap, so no thread ever waits for a lock.
 */
#include "stack.h"

#include <stdbool.h>
#include <stddef.h>

static bool cas(struct node **where, struct node *expected, struct node *desired)
{
	return __atomic_compare_exchange_n(where, &expected, desired, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

void stack_push(struct stack *s, struct node *n)
{
	struct node *old;

	do {
		old = __atomic_load_n(&s->top, __ATOMIC_ACQUIRE);
		n->next = old;
	} while (!cas(&s->top, old, n)); /* if top moved meanwhile, try again */
}

struct node *stack_pop(struct stack *s)
{
	struct node *old, *next;

	do {
		old = __atomic_load_n(&s->top, __ATOMIC_ACQUIRE);
		if (!old)
			return NULL;
		next = old->next;
		/* Someone got there first: start over rather than swap in a stale next. */
		if (__atomic_load_n(&s->top, __ATOMIC_ACQUIRE) != old)
			continue;
	} while (!cas(&s->top, old, next)); /* top is still old: nobody popped it meanwhile */
	return old;
}
