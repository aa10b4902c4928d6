/*
 * A stack under a mutex: a push or a pop is a few instructions, so the lock is held for nanoseconds
 * and, uncontended, costs about what the CAS did. While a thread holds it, nobody else can pop,
 * recycle and push a node back, so what it read is still true when it writes.
 */
#include "stack.h"

#include <stddef.h>

void stack_push(struct stack *s, struct node *n)
{
	pthread_mutex_lock(&s->lock);
	n->next = s->top;
	s->top = n;
	pthread_mutex_unlock(&s->lock);
}

struct node *stack_pop(struct stack *s)
{
	struct node *n;

	pthread_mutex_lock(&s->lock);
	n = s->top;
	if (n)
		s->top = n->next;
	pthread_mutex_unlock(&s->lock);
	return n;
}
