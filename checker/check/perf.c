/* The performance guard against fixes that throw the concurrency away (one big lock, no threads). */
#include "perf.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "run/spawn.h"

#define PERF_ROUNDS 3
#define MAX_ARGV 40

static enum rl_err timed_run(const struct perf_spec *s, const char *const *args, size_t nargs,
			     long *ms, bool *ok, struct diag *d)
{
	const char *argv[MAX_ARGV];
	char out[PATH_MAX];
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	size_t n = 0;
	enum rl_err err;

	argv[n++] = s->binary;
	for (size_t i = 0; i < nargs && args[i] && n + 1 < MAX_ARGV; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	snprintf(out, sizeof(out), "%s/perf.out", s->tooldir);
	o.argv = argv;
	o.cwd = s->workdir;
	o.stdout_path = out;
	o.stderr_path = out;
	o.timeout_ms = s->timeout_ms;
	o.isolate = true;
	err = spawn_run(&o, &r, d);
	*ms = r.wall_ms;
	*ok = err == RL_ERR_OK && r.exited && r.status == 0;
	return err;
}

static size_t count(const char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

enum rl_err perf_check(const struct perf_spec *s, struct finding_list *out, struct diag *d)
{
	long best = LONG_MAX, best_base = LONG_MAX;
	char msg[300];

	for (int i = 0; i < PERF_ROUNDS; i++) {
		long ms;
		bool ok;
		enum rl_err err;

		if (s->min_speedup > 0) {
			err = timed_run(s, s->baseline_args, s->nbaseline, &ms, &ok, d);
			if (err != RL_ERR_OK)
				return err;
			if (ok && ms < best_base)
				best_base = ms;
		}
		err = timed_run(s, s->args, count(s->args), &ms, &ok, d);
		if (err != RL_ERR_OK)
			return err;
		if (ok && ms < best)
			best = ms;
	}
	if (best == LONG_MAX)
		return finding_list_add1(out, FK_TOO_SLOW, TOOL(PERF), NULL, 0,
					 "the optimised build never finished cleanly in time");
	if (s->max_seconds > 0 && best > s->max_seconds * 1000) {
		snprintf(msg, sizeof(msg), "took %.2f s at best; it must finish within %.2f s",
			 best / 1000.0, s->max_seconds);
		return finding_list_add1(out, FK_TOO_SLOW, TOOL(PERF), NULL, 0, msg);
	}
	if (s->min_speedup > 0 && best_base != LONG_MAX) {
		double speedup = (double)(best_base ? best_base : 1) / (double)(best ? best : 1);

		if (speedup < s->min_speedup) {
			snprintf(msg, sizeof(msg),
				 "speedup %.2fx over the baseline run (%ld ms vs %ld ms); at least "
				 "%.2fx expected: the fix serialises the work", speedup, best,
				 best_base, s->min_speedup);
			return finding_list_add1(out, FK_TOO_SLOW, TOOL(PERF), NULL, 0, msg);
		}
	}
	return RL_ERR_OK;
}
