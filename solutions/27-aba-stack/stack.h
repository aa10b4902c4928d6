/* A LIFO stack of intrusive nodes, safe to share between threads. */
#ifndef STACK_H
#define STACK_H

#include <pthread.h>

/* Embed a node as the first member of whatever the stack holds. */
struct node {
	struct node *next;
};

struct stack {
	pthread_mutex_t lock; /* guards top and every next of a node on the stack */
	struct node *top;
};

#define STACK_INIT { PTHREAD_MUTEX_INITIALIZER, 0 }

/* Both are safe to call from any number of threads at once. */
void stack_push(struct stack *s, struct node *n);
struct node *stack_pop(struct stack *s); /* NULL when empty */

#endif
