/* Semaphore tokens per thread and the signal flag per semaphore: the wait-for edges of sem_wait. */
#include "sem_tokens.h"

#define LG_TOKENS 8 /* semaphores one thread holds tokens of at once; more are not tracked */

struct lg_token {
	struct lg_obj *obj;
	unsigned count;
	struct lg_site site; /* where the first token still held was taken */
};

/* One table per thread slot; num tells a reused slot from its previous thread. */
struct lg_tokens {
	int num;
	int n;
	struct lg_token tok[LG_TOKENS];
};

static struct lg_tokens tokens[LG_MAX_THREADS];
/*
 * Set once a semaphore is posted by a thread holding none of its tokens. Indexed by the object's
 * id, which lg_obj_get hands out below LG_MAX_OBJS + 1 (ids past that were truncated away).
 */
static _Atomic unsigned char is_signal[LG_MAX_OBJS + 2];

static struct lg_tokens *own(struct lg_thread *t)
{
	int slot = lg_slot(t);
	struct lg_tokens *k;

	if (slot < 0 || slot >= LG_MAX_THREADS)
		return NULL;
	k = &tokens[slot];
	if (k->num != t->num) { /* a new thread in a reused slot starts with no tokens */
		k->n = 0;
		k->num = t->num;
	}
	return k;
}

static bool signal_sem(const struct lg_obj *o)
{
	return o->id < 0 || o->id > LG_MAX_OBJS + 1 ||
	       atomic_load_explicit(&is_signal[o->id], memory_order_relaxed);
}

void lg_token_take(struct lg_thread *t, struct lg_obj *o, const struct lg_site *site)
{
	struct lg_tokens *k = own(t);
	int i;

	if (!k || !o || signal_sem(o))
		return;
	for (i = 0; i < k->n; i++) {
		if (k->tok[i].obj == o) {
			if (!k->tok[i].count++)
				k->tok[i].site = *site;
			return;
		}
	}
	for (i = 0; i < k->n && k->tok[i].count; i++)
		;
	if (i == k->n) {
		if (k->n == LG_TOKENS)
			return;
		k->n++;
	}
	k->tok[i].obj = o;
	k->tok[i].count = 1;
	k->tok[i].site = *site;
}

void lg_token_post(struct lg_thread *t, struct lg_obj *o)
{
	struct lg_tokens *k = own(t);

	if (!k || !o || signal_sem(o))
		return;
	for (int i = 0; i < k->n; i++) {
		if (k->tok[i].obj == o && k->tok[i].count) {
			k->tok[i].count--;
			return;
		}
	}
	/* Posted by a thread that took none: a signal, whoever holds its tokens now. */
	if (o->id >= 0 && o->id <= LG_MAX_OBJS + 1)
		atomic_store_explicit(&is_signal[o->id], 1, memory_order_relaxed);
}

void lg_tokens_snapshot(void)
{
	int hw = atomic_load(&lg_thread_hw);

	for (int s = 0; s < hw && s < LG_MAX_THREADS; s++) {
		struct lg_thread *t = &lg_threads[s];
		struct lg_tokens *k = &tokens[s];
		int st = atomic_load(&t->state);

		if ((st != LG_T_RUNNING && st != LG_T_BLOCKED) || k->num != t->num)
			continue;
		for (int i = 0; i < k->n; i++) {
			struct lg_line l = { .n = 0 };

			if (!k->tok[i].count || signal_sem(k->tok[i].obj))
				continue;
			lg_put(&l, LG_REC_HELD " ");
			lg_put_thread(&l, t->num);
			lg_put(&l, " ");
			lg_put_obj(&l, k->tok[i].obj);
			lg_put(&l, " mode=s f=");
			lg_put_site(&l, &k->tok[i].site);
			lg_emit(&l);
		}
	}
}
