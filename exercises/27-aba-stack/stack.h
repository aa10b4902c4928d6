/* A lock-free LIFO stack of intrusive nodes (a Treiber stack). */
#ifndef STACK_H
#define STACK_H

/* Embed a node as the first member of whatever the stack holds. */
struct node {
	struct node *next;
};

struct stack {
	struct node *top;
};

#define STACK_INIT { 0 }

/* Both are safe to call from any number of threads at once. */
void stack_push(struct stack *s, struct node *n);
struct node *stack_pop(struct stack *s); /* NULL when empty */

#endif
