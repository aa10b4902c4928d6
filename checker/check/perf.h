/* The performance guard: a speed floor measured as a ratio in the same check, or a time ceiling. */
#ifndef RACELAB_PERF_H
#define RACELAB_PERF_H

#include <stddef.h>

#include "model/error.h"
#include "model/findings.h"

struct perf_spec {
	const char *binary;                 /* the -O2 build */
	const char *workdir;
	const char *tooldir;
	const char *const *args;            /* NULL-terminated */
	const char *const *baseline_args;   /* nbaseline entries */
	size_t nbaseline;
	double min_speedup;                 /* 0: off */
	double max_seconds;                 /* 0: off */
	int timeout_ms;
};

/*
 * Runs the baseline and the real arguments alternately, three times each, and compares the best
 * times (the best of three is the least disturbed by a noisy machine). Appends too-slow when
 * time(baseline)/time(args) < min_speedup or the best time exceeds max_seconds.
 */
enum rl_err perf_check(const struct perf_spec *s, struct finding_list *out, struct diag *d);

#endif
