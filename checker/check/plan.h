/*
 * The plan of one check: which backend runs how many times, with which seed, in which order.
 * Pure: it reads the manifest and the options and the backend table, and starts nothing.
 */
#ifndef RACELAB_PLAN_H
#define RACELAB_PLAN_H

#include <stddef.h>

#include "detect/detector.h"
#include "model/manifest.h"

/* Manifests and analyze allow at most 50 seeded runs; the other backends make a few each. */
#define PLAN_MAX_SEEDED 50
#define PLAN_MAX_RUNS (64 + MANIFEST_MAX_EXPLORE)

struct plan_run {
	const struct detector_ops *ops;
	long seed; /* the schedule seed of a seeded backend's run, -1 for the others */
	bool explore; /* a controlled (PCT) schedule of an exploring backend, from seed */
	bool spare;   /* runs only on a core the other runs leave idle (the default search) */
	bool search;  /* a search run of an unseeded backend (TSan, perturbed from seed) */
};

/*
 * Fills out (room for PLAN_MAX_RUNS) with the runs of a check of m, in the order they start:
 * first, by each backend's start key, every unseeded backend's runs and each seeded backend's
 * first seed (seed if >= 0, else 1); then the other seeds 2..runs. With jobs < 2 (one run at a
 * time: graders run checks side by side) a backend that explains hangs starts first, or a
 * deadlocked Helgrind would use up the whole timeout before the tracer can explain it. Only
 * TOOLCHAIN_CC backends the manifest enables are planned. An exploring backend (the tracer)
 * then adds m->explore controlled schedules, seeds 1..explore (with seed >= 0: one, that seed),
 * before the other perturbed seeds: a schedule search is the better use of the cores. With
 * explore unset (-1) the search is the default one: MANIFEST_EXPLORE spare runs, planned last,
 * that start only while other runs still use a core (so the default costs no wall time).
 * Before those, each unseeded backend's search_runs (TSan's perturbed runs), seeds
 * 1..search_runs (with seed >= 0: that seed), marked search: the check makes them controlled
 * runs, which the scheduler drops once the check fails; none when explore is 0 (a program judged
 * on its own timing). Returns the number of runs; *tools
 * receives the TOOL() bits of the backends planned.
 */
size_t plan_runs(const struct manifest *m, long seed, int jobs, struct plan_run *out,
		 unsigned *tools);

#endif
