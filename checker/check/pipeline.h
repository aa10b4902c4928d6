/* Checking one exercise: private copy, overlay, build variants, detector runs, verdict and score. */
#ifndef RACELAB_PIPELINE_H
#define RACELAB_PIPELINE_H

#include <stdbool.h>

#include "model/error.h"
#include "model/manifest.h"
#include "model/result.h"

struct check_opts {
	const char *root;        /* the kit's root (holds exercises/, for common/ support files) */
	const char *support_dir; /* directory holding liblockgraph.so (the build directory) */
	/*
	 * NULL: check the exercise as it is in the kit. Else a directory whose files are overlaid on a
	 * pristine private copy: only the files the manifest marks editable are taken; others are
	 * ignored and named in the result's note, missing ones are noted too.
	 */
	const char *overlay_dir;
	const char *graphs_dir;  /* where graphs are written (created if missing) */
	long seed;               /* -1: the manifest's runs with seeds 1..runs; else one tracer run */
	int jobs;                /* detector runs in parallel (>= 1) */
	int timeout_s;           /* 0: the manifest's */
	int explore;             /* controlled (PCT) schedules; -1: the manifest's [check] explore */
};
#define CHECK_OPTS_INIT { .seed = -1, .jobs = 2, .explore = -1 }

/*
 * Checks one exercise and fills out (name, verdict, score, findings, duration). Returns an error
 * only for an internal failure or a missing tool (then out->verdict is VERDICT_ERROR with a note);
 * a broken student program is a normal VERDICT_FAIL. Thread-safe for distinct exercises.
 */
enum rl_err pipeline_check(const struct manifest *m, const struct check_opts *o,
			   struct exercise_result *out, struct diag *d);

/* The same detectors on arbitrary sources with no manifest (racelab analyze). */
struct analyze_opts {
	const char *const *files; /* .c files */
	size_t nfiles;
	const char *const *args;  /* program arguments, NULL-terminated */
	const char *cflags;       /* extra compiler flags, may be NULL */
	const char *libs;         /* extra link flags (e.g. "-lm -lrt"), may be NULL */
	const char *support_dir;
	const char *graphs_dir;
	int timeout_s;
	int runs;
	long seed;
	int jobs;
	int explore;              /* controlled schedules; -1: MANIFEST_EXPLORE */
};
/* Controlled schedules racelab analyze searches when --explore is not given. */
#define ANALYZE_EXPLORE 64
enum rl_err pipeline_analyze(const struct analyze_opts *o, struct exercise_result *out,
			     struct diag *d);

#endif
