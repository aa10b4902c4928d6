/* The exercise manifest (exercise.ini), parsed with inih; every key is documented in exercises/README.md. */
#ifndef RACELAB_MANIFEST_H
#define RACELAB_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"

#define MANIFEST_MAX_FILES 16
#define MANIFEST_MAX_ARGS 16

/* Which detectors a check runs; all on by default. */
struct manifest_detectors {
	bool tsan, helgrind, lockgraph;
};

struct manifest {
	char *dir;            /* the exercise directory (absolute) */
	char *slug;           /* "01-lost-update": the directory's basename */
	/* [exercise] */
	char *title;
	char *concept;
	int order;
	int points;
	char *sources[MANIFEST_MAX_FILES];  /* compiled together, relative to dir */
	size_t nsources;
	char *editable[MANIFEST_MAX_FILES]; /* files a student may change (subset of dir's files) */
	size_t neditable;
	char *common[MANIFEST_MAX_FILES];   /* support files from exercises/common compiled in */
	size_t ncommon;
	char *args[MANIFEST_MAX_ARGS];      /* program arguments */
	size_t nargs;
	char *cflags;         /* extra compiler flags, split on blanks */
	char *libs;           /* extra link flags */
	bool cuda;            /* a CUDA exercise (built with nvcc, checked with compute-sanitizer) */
	char *build;          /* "program" (default) or "shared-object"; see shared_object */
	bool shared_object;   /* build = shared-object: sources become module, run by run[] */
	char *module;         /* the shared object's file name ("sensor.so"), in the program's cwd */
	char *run[MANIFEST_MAX_ARGS]; /* the command that loads module: an installed interpreter's
					 absolute path, then its arguments ("/usr/bin/python3
					 app.py"); only with build = shared-object */
	size_t nrun;
	/* [expect] */
	int exit_status;      /* expected exit status, default 0 */
	char *stdout_regex;   /* POSIX ERE matched against the program's stdout, or NULL */
	unsigned expect_kinds;/* bit set of finding kinds the broken version must show */
	bool no_solution;     /* the self-test owes no solutions/<slug>/: none exists on purpose */
	bool no_lazy_fixes;   /* nor tests/kit/lazy/<slug>/ */
	/* [check] */
	struct manifest_detectors detectors;
	int runs;             /* tracer runs with distinct seeds (default 3) */
	int explore;          /* PCT schedules the tracer explores; -1 (unset): up to MANIFEST_EXPLORE,
				 while a core is spare */
	int timeout_s;        /* per run, default 10 */
	int min_threads;      /* threads the program must create (0: no check) */
	unsigned fail_on;     /* warning kinds promoted to errors */
	int starvation_ms;    /* a wait longer than this while others acquire is starvation */
	int hold_blocking_ms; /* a lock held across a blocking call this long, with waiters, is starvation */
	int hang_ms;          /* no progress for this long while all threads block: hang (tracer) */
	/* [perf] */
	double min_speedup;   /* opt build: time(baseline_args) / time(args) must reach this; 0: off */
	char *baseline_args[MANIFEST_MAX_ARGS];
	size_t nbaseline_args;
	double max_seconds;   /* opt build: wall time of one run must stay below; 0: off */
	int perf_points;      /* points lost when only the perf check fails (partial credit) */
};
#define MANIFEST_INIT { 0 }
/*
 * The [check] thresholds' defaults, one place for the loader, analyze's manifest in memory and the
 * lock tracer's backend (which also uses the starvation default to tell a teacher's own value).
 */
#define MANIFEST_STARVATION_MS 1500
#define MANIFEST_HOLD_BLOCKING_MS 200
#define MANIFEST_HANG_MS 1500

/* Default [check] explore: PCT schedules per check (see README "Exploring schedules"). */
#define MANIFEST_EXPLORE 16
#define MANIFEST_MAX_EXPLORE 200

/*
 * Parses dir/exercise.ini. Unknown sections or keys and bad values fail with RL_ERR_MANIFEST and a
 * message naming file:line. Files named in sources/editable must exist in dir.
 */
enum rl_err manifest_load(struct manifest *m, const char *dir, struct diag *d);
/*
 * The same for a manifest already in memory: text (len bytes, need not be NUL-terminated, may hold
 * anything) stands for dir/exercise.ini, which messages name; files are still checked in dir.
 * manifest_load reads the file (at most 1 MiB) and calls this.
 */
enum rl_err manifest_load_text(struct manifest *m, const char *dir, const char *text, size_t len,
			       struct diag *d);
void manifest_release(struct manifest *m);

bool manifest_is_editable(const struct manifest *m, const char *file);

#endif
