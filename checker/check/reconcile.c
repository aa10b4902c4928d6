/* Reconciling the detectors: one finding per bug, and only the findings the evidence supports. */
#include "reconcile.h"

#include <stdlib.h>
#include <string.h>

/*
 * THE BELIEF RULE
 *
 * A finding that two tools report is believed. A finding that only one tool reports is believed,
 * except in these cases, where another tool that ran to its end on the same program and looked
 * at the same lines refutes it:
 *
 * (a) A data-race that only Helgrind reports is dropped when TSan ran completely and reported no
 *     data-race at any of its file:line places. Helgrind's happens-before model knows pthread
 *     mutexes, condition variables, semaphores and barriers, but not C11 atomics nor glibc's
 *     atomic fast paths; TSan instruments atomics and all of glibc's synchronisation. Evidence,
 *     recorded in tests/fixtures/helgrind/ from tests/fixtures/src/hg_*.c (Debian 12, valgrind
 *     3.19, clang 14, glibc 2.36):
 *     - atomic_publish (payload published by a release store, read after an acquire load):
 *       Helgrind reports 3 races (the flag, both orders, and the payload), TSan none. Dropped.
 *     - glibc_mix (a value set in a pthread_once() initialiser): Helgrind reports a race between
 *       the initialiser's write and a later read, because glibc 2.34+ runs pthread_once's fast
 *       path on atomics it cannot see; TSan none. Dropped.
 *     - counter (an unlocked counter): both report the race at the same line. Merged, kept.
 *     - condvar (a correct hand-off under the mutex): neither reports anything.
 *     The cost: a true race that only Helgrind's schedule exposed (for example one that TSan's run
 *     ordered through an unrelated mutex by chance) is lost. TSan's own HB analysis has the same
 *     blind spot, and the tracer's perturbed runs are there to shake such races out.
 *     A Helgrind-only race is believed when TSan did not run (the exercise turns it off), when
 *     TSan's run did not complete, or when TSan reported a race sharing one of its lines.
 * (b) A lock-order-inversion that only TSan and/or Helgrind report is dropped when the lock tracer
 *     ran completely and reported no lock-order-inversion or deadlock at any of its places. Both
 *     tools report an inversion that a common gate lock makes harmless (gated_inversion: Helgrind
 *     LockOrder and TSan lock-order-inversion on a program that cannot deadlock), so neither can
 *     refute the other; the tracer, which checks for a gate (design.md section 5), can.
 * (c) Everything else from one tool is believed: lock-misuse from Helgrind alone (relock of a
 *     non-recursive mutex, which TSan cannot report before the hang; a worker exiting with a lock
 *     held, which TSan does not report at all: thread_exit_locked), anything TSan reports alone
 *     (its happens-before analysis has no known false alarm on these programs), and everything
 *     from the tracer and the functional check.
 * Helgrind's reports that are wrong on their own face (a condition variable signalled after the
 * mutex was released, which POSIX allows: condvar_late_signal) are dropped by its parser, not
 * here, and library noise by checker/detect/helgrind/helgrind.supp.
 */

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool shares_place(const struct finding *a, const struct finding *b)
{
	for (size_t i = 0; i < a->nlocs; i++)
		if (finding_has_place(b, &a->locs[i]))
			return true;
	return false;
}

static size_t distinct_places(const struct finding *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nlocs; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = f->locs[j].line == f->locs[i].line &&
			       str_eq(f->locs[j].file, f->locs[i].file);
		n += !seen;
	}
	return n;
}

bool reconcile_same(const struct finding *a, const struct finding *b)
{
	if (a->kind != b->kind || !a->nlocs || !b->nlocs)
		return false;
	return finding_places_within(a, b) || finding_places_within(b, a);
}

static void list_remove(struct finding_list *l, size_t i)
{
	memmove(&l->items[i], &l->items[i + 1], (l->nr - i - 1) * sizeof(*l->items));
	l->nr--;
}

/*
 * Between two reports of one bug with as many places, the one that knows columns (TSan's) reads
 * better in a compiler-style diagnostic; the order the runs finished in must not decide it.
 */
static bool richer(const struct finding *a, const struct finding *b)
{
	return a->nlocs && b->nlocs && a->locs[0].column > 0 && b->locs[0].column == 0;
}

/* Step 1: pairs of the same bug become one, kept where the one with more places stood. */
static void merge_same(struct finding_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		for (size_t j = i + 1; j < l->nr; j++) {
			struct finding *a = &l->items[i], *b = &l->items[j];

			if (!reconcile_same(a, b))
				continue;
			if (distinct_places(b) > distinct_places(a) ||
			    (distinct_places(b) == distinct_places(a) && richer(b, a))) {
				struct finding t = *a;

				*a = *b;
				*b = t;
			}
			finding_fold(a, b);
			list_remove(l, j);
			/* a may now cover findings it did not before: look again from the start. */
			j = i;
		}
	}
}

/* Some finding of kind k from a tool in tools shares a place with f. */
static bool confirmed_by(const struct finding_list *l, const struct finding *f,
			 enum finding_kind k, unsigned tools)
{
	for (size_t i = 0; i < l->nr; i++)
		if (l->items[i].kind == k && (l->items[i].tools & tools) &&
		    shares_place(&l->items[i], f))
			return true;
	return false;
}

/* The rule above, for one finding of l after merging. */
static bool believed(const struct finding_list *l, const struct finding *f, unsigned complete)
{
	if (f->kind == FK_DATA_RACE && f->tools == TOOL(HELGRIND) && (complete & TOOL(TSAN)))
		return confirmed_by(l, f, FK_DATA_RACE, TOOL(TSAN));
	if (f->kind == FK_LOCK_ORDER && !(f->tools & ~(TOOL(TSAN) | TOOL(HELGRIND))) &&
	    (complete & TOOL(LOCKGRAPH)))
		return confirmed_by(l, f, FK_LOCK_ORDER, TOOL(LOCKGRAPH)) ||
		       confirmed_by(l, f, FK_DEADLOCK, TOOL(LOCKGRAPH));
	return true;
}

enum rl_err reconcile_findings_ex(struct finding_list *l, unsigned tools_ran,
				  unsigned tools_complete, struct finding_list *dropped,
				  struct diag *d)
{
	unsigned complete = tools_ran & tools_complete;
	bool *keep;
	size_t w = 0;
	enum rl_err err = RL_ERR_OK;

	merge_same(l);
	if (!l->nr)
		return RL_ERR_OK;
	keep = calloc(l->nr, sizeof(*keep));
	if (!keep)
		return diag_set(d, RL_ERR_NOMEM, "reconcile: out of memory");
	/* Decide for all first: a dropped finding must not change what refutes another. */
	for (size_t i = 0; i < l->nr; i++)
		keep[i] = believed(l, &l->items[i], complete);
	for (size_t i = 0; i < l->nr; i++) {
		if (keep[i]) {
			l->items[w++] = l->items[i];
			continue;
		}
		if (dropped && err == RL_ERR_OK) {
			struct finding f = l->items[i];

			/* finding_list_add takes f over, or frees it when it cannot. */
			err = finding_list_add(dropped, &f);
			if (err)
				diag_set(d, err, "reconcile: out of memory");
		} else {
			finding_release(&l->items[i]);
		}
	}
	l->nr = w;
	free(keep);
	return err;
}

enum rl_err reconcile_findings(struct finding_list *l, unsigned tools_ran, struct diag *d)
{
	unsigned complete = tools_ran;

	for (size_t i = 0; i < l->nr; i++) {
		enum finding_kind k = l->items[i].kind;

		if (k == FK_HANG || k == FK_DEADLOCK || k == FK_CRASH || k == FK_RESOURCE_LIMIT)
			complete = 0;
	}
	return reconcile_findings_ex(l, tools_ran, complete, NULL, d);
}
