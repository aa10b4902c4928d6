/* Running one check's builds and detector runs on a few threads, each as soon as it can start. */
#ifndef RACELAB_SCHEDULE_H
#define RACELAB_SCHEDULE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "run/build.h"
#include "detect/detector.h"
#include "model/error.h"
#include "model/findings.h"

/* One variant to build. */
struct sched_build {
	enum build_variant variant;
	const char *out_path;
	/* Outputs: done is false when the build was not started (a hang or a failed build made it
	 * pointless); then built is false too and it is no failure. */
	bool done, built;
	struct finding_list found;   /* the compile error, when it did not build */
	enum rl_err err;             /* the compiler could not run at all */
	struct diag diag;
	char note[800];              /* how it was built when not as usual (build_variant_noted) */
};

/* One detector run of the variant ops->variant; the caller fills run before sched_execute(). */
struct sched_run {
	const struct detector_ops *ops;
	struct detector_run run;
	/*
	 * What becomes of it once another run explained a hang: TSan and Helgrind keep running for
	 * at most SCHED_KNOWN_HANG_MS (they report races as they see them, so a short run still
	 * shows what they can see); the others would only hang too and are skipped or stopped.
	 */
	bool keep_when_stuck;
	/*
	 * A run that only uses a core the others leave idle (the default schedule search): it starts
	 * only while a run that is not spare is still under way, and is dropped otherwise.
	 */
	bool spare;
	/* Outputs: skipped runs (not started, or stopped before their end) carry no evidence. */
	bool skipped;
	struct finding_list found;
	enum rl_err err;
	struct diag diag;
	/* Private to the scheduler. */
	long started_ms;
	atomic_long cap;
};

#define SCHED_KNOWN_HANG_MS 1500

/*
 * What the check makes of a finished run, as the scheduler needs to know it. Called outside the
 * scheduler's lock, from the thread that ran it, possibly several at once; explains_hang first,
 * then proves_failure, once each for every run that was started.
 */
struct sched_rules {
	/* The run explains a hang: other runs would only hang too. */
	bool (*explains_hang)(void *ctx, const struct sched_run *r);
	/*
	 * The run fails the check whatever the others find: a speed check will not happen. May keep
	 * what it worked out in the caller's record of the run, so that it is not done twice.
	 */
	bool (*proves_failure)(void *ctx, struct sched_run *r);
	void *ctx;
	/*
	 * May be NULL. The run ran out of time while busy, no failure: its tool's other runs would
	 * only wait out their timeouts too, so those not started are skipped and those under way
	 * stopped (skipped: no evidence either way).
	 */
	bool (*too_slow)(void *ctx, const struct sched_run *r);
};

/* A task is a build or a run: exactly one of the two is set. */
struct sched_task {
	struct sched_build *build;
	struct sched_run *run;
};

/*
 * Runs tasks[0..n) on up to `threads` threads (1 to 8). Each thread takes the first task in the
 * list that can start: a run can start once its variant is built, so the slowest run (Helgrind,
 * on gcc's build) starts while clang still builds the TSan variant. After a run whose findings
 * explain a hang, the other runs are capped or skipped (see keep_when_stuck). Once a run explains
 * a hang or proves a failure, builds of variants that no run waits for (the -O2 build, for the
 * speed check of a correct program) are skipped. After a failed build, every other run is skipped
 * or stopped:
 * the check reports the compile error alone. Each run's run.deadline_cap is set here.
 * Returns RL_ERR_NOMEM (d set) before starting anything, else RL_ERR_OK: how each task went is in
 * the task. Aborts on a failing pthread call (a harness bug).
 */
enum rl_err sched_execute(struct sched_task *tasks, size_t n, const struct build_spec *spec,
			  int threads, const struct sched_rules *rules, struct diag *d);

#endif
