/* The plan of one check: its runs in start order, from the backend table (plan.h). */
#include "plan.h"

#include <limits.h>

/* How many runs ops makes: its fixed number, or for a seeded one the manifest's (capped). */
static int runs_of(const struct detector_ops *ops, const struct manifest *m, long seed)
{
	if (!ops->run || !detector_enabled(ops, m))
		return 0;
	if (!ops->seeded)
		return ops->runs;
	return seed >= 0 ? 1 : m->runs < PLAN_MAX_SEEDED ? m->runs : PLAN_MAX_SEEDED;
}

static int start_key(const struct detector_ops *ops, int jobs)
{
	return jobs < 2 && ops->explains_hangs ? 0 : ops->start_rank;
}

/* Appends the controlled schedules of each exploring backend: seeds 1..count, or seed alone. */
static size_t plan_explore(const struct manifest *m, long seed, int count, bool spare,
			   struct plan_run *out, size_t n)
{
	for (size_t i = 0; detector_table[i]; i++) {
		const struct detector_ops *ops = detector_table[i];
		int nx = runs_of(ops, m, seed) > 0 && ops->explores ? count : 0;

		if (nx > MANIFEST_MAX_EXPLORE)
			nx = MANIFEST_MAX_EXPLORE;
		if (seed >= 0 && nx > 1)
			nx = 1;
		for (int r = 0; r < nx && n < PLAN_MAX_RUNS; r++)
			out[n++] = (struct plan_run){ .ops = ops, .seed = seed >= 0 ? seed : r + 1,
						      .explore = true, .spare = spare && seed < 0 };
	}
	return n;
}

/*
 * Appends the search runs of each unseeded backend that makes them (TSan through its perturbation
 * shim): seeds 1..search_runs, or seed alone. They only look for what the plain runs missed, so
 * the check makes them controlled runs, which the scheduler drops once the check fails. None
 * with explore = 0: an exercise judged on its own timing (15's GIL measures its ticks) says so,
 * and a perturbed run is no more its timing than a controlled schedule is.
 */
static size_t plan_search(const struct manifest *m, long seed, struct plan_run *out, size_t n)
{
	if (m->explore == 0)
		return n;
	for (size_t i = 0; detector_table[i]; i++) {
		const struct detector_ops *ops = detector_table[i];
		int ns = runs_of(ops, m, seed) > 0 && !ops->seeded ? ops->search_runs : 0;

		if (seed >= 0 && ns > 1)
			ns = 1;
		for (int r = 0; r < ns && n < PLAN_MAX_RUNS; r++)
			out[n++] = (struct plan_run){ .ops = ops, .seed = seed >= 0 ? seed : r + 1,
						      .search = true };
	}
	return n;
}

size_t plan_runs(const struct manifest *m, long seed, int jobs, struct plan_run *out,
		 unsigned *tools)
{
	size_t n = 0;
	int last_key = -1;

	*tools = 0;
	for (;;) {
		int key = INT_MAX;

		for (size_t i = 0; detector_table[i]; i++) {
			int k = start_key(detector_table[i], jobs);

			if (runs_of(detector_table[i], m, seed) > 0 && k > last_key && k < key)
				key = k;
		}
		if (key == INT_MAX)
			break;
		for (size_t i = 0; detector_table[i]; i++) {
			const struct detector_ops *ops = detector_table[i];
			int runs = runs_of(ops, m, seed);

			if (runs <= 0 || start_key(ops, jobs) != key)
				continue;
			*tools |= ops->tool;
			if (ops->seeded)
				runs = 1;
			for (int r = 0; r < runs && n < PLAN_MAX_RUNS; r++)
				out[n++] = (struct plan_run){
					.ops = ops,
					.seed = ops->seeded ? (seed >= 0 ? seed : 1) : -1 };
		}
		last_key = key;
	}
	/* Then the controlled schedules: a search with a bound, and each one a replay (plan.h). */
	if (m->explore >= 0)
		n = plan_explore(m, seed, m->explore, false, out, n);
	/* Then the other seeds, which matter only when the first ones found nothing. */
	for (size_t i = 0; detector_table[i]; i++) {
		const struct detector_ops *ops = detector_table[i];

		for (int r = 1; ops->seeded && r < runs_of(ops, m, seed) && n < PLAN_MAX_RUNS; r++)
			out[n++] = (struct plan_run){ .ops = ops, .seed = r + 1 };
	}
	/* Then the unseeded backends' search runs, which every check makes (unlike spare ones). */
	n = plan_search(m, seed, out, n);
	/* The default search last: it uses what the runs above leave of the cores. */
	if (m->explore < 0)
		n = plan_explore(m, seed, MANIFEST_EXPLORE, true, out, n);
	return n;
}
