/* Results of checking exercises: verdict names, ownership of a result, and totals over a set. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

static const char *const verdict_names[] = {
	[VERDICT_PASS] = "pass",
	[VERDICT_FAIL] = "fail",
	[VERDICT_SKIPPED] = "skipped",
	[VERDICT_ERROR] = "error",
};

const char *verdict_name(enum verdict v)
{
	if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return "error";
	return verdict_names[v];
}

void exercise_result_release(struct exercise_result *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->title);
	free(r->dir);
	free(r->note);
	finding_list_release(&r->findings);
	*r = (struct exercise_result)EXERCISE_RESULT_INIT;
}

enum rl_err result_set_add(struct result_set *s, struct exercise_result *r)
{
	if (s->nr == s->alloc) {
		size_t alloc = s->alloc ? 2 * s->alloc : 8;
		struct exercise_result *items = realloc(s->items, alloc * sizeof(*items));

		/* On failure the caller still owns r: it was not taken. */
		if (!items)
			return RL_ERR_NOMEM;
		s->items = items;
		s->alloc = alloc;
	}
	s->items[s->nr++] = *r;
	*r = (struct exercise_result)EXERCISE_RESULT_INIT;
	return RL_ERR_OK;
}

void result_set_release(struct result_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr; i++)
		exercise_result_release(&s->items[i]);
	free(s->items);
	free(s->student);
	*s = (struct result_set)RESULT_SET_INIT;
}

void result_set_counts(const struct result_set *s, int *passed, int *failed, int *skipped,
		       int *errors)
{
	int n[4] = { 0, 0, 0, 0 };

	for (size_t i = 0; i < s->nr; i++) {
		unsigned v = s->items[i].verdict;

		n[v < 4 ? v : VERDICT_ERROR]++;
	}
	if (passed)
		*passed = n[VERDICT_PASS];
	if (failed)
		*failed = n[VERDICT_FAIL];
	if (skipped)
		*skipped = n[VERDICT_SKIPPED];
	if (errors)
		*errors = n[VERDICT_ERROR];
}

void result_set_score(const struct result_set *s, int *score, int *max_score)
{
	int sc = 0, max = 0;

	for (size_t i = 0; i < s->nr; i++) {
		sc += s->items[i].score;
		max += s->items[i].max_score;
	}
	if (score)
		*score = sc;
	if (max_score)
		*max_score = max;
}
