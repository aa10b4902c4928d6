/* The detector backends (tsan, helgrind, lockgraph) behind one small ops table. */
#ifndef RACELAB_DETECTOR_H
#define RACELAB_DETECTOR_H

#include <stdbool.h>

#include "model/error.h"
#include "model/findings.h"
#include "run/spawn.h"

/* The student's own source files: frames outside them are skipped when locating a finding. */
struct source_set {
	const char *const *files; /* basenames, e.g. "bank.c" */
	size_t nr;
};
/* True when path's basename is one of s's (compared by basename); false for an empty set. */
bool source_set_contains(const struct source_set *s, const char *path);

enum build_variant {
	VARIANT_TSAN,  /* clang -fsanitize=thread -g -O1 */
	VARIANT_PLAIN, /* gcc -g -O0: for Helgrind and the tracer */
	VARIANT_OPT,   /* gcc -O2: for performance checks */
	VARIANT__COUNT
};

/* Thresholds a detector may need; filled from the manifest's [check] section. */
struct detector_limits {
	int starvation_ms;
	int hold_blocking_ms;
	int hang_ms;
};

/* One run of one detector. All paths are absolute. */
struct detector_run {
	const char *binary;      /* the program built in this detector's variant */
	const char *workdir;     /* private copy of the exercise: the program's cwd */
	const char *tooldir;     /* private directory for tool outputs; the program is never told it */
	const char *const *args; /* program arguments, NULL-terminated (argv[1..]) */
	const struct source_set *sources;
	int timeout_ms;
	atomic_long *deadline_cap; /* may be NULL; see spawn_opts: lets the check end the run early */
	long seed;               /* schedule-perturbation seed, -1 for none */
	const char *graph_prefix;/* e.g. "/abs/graphs/04-bank-deadlock": graphs go to PREFIX.KIND.svg */
	struct detector_limits limits;
	const char *support_dir; /* where the kit's helper files live (suppressions, liblockgraph.so) */
	/* Outputs, owned by the caller: */
	const char *stdout_path; /* where the program's stdout is captured (for the functional check) */
	const char *stderr_path;
	struct spawn_result result; /* how the program ended */
	int threads_seen;        /* threads the program created, main not counted (-1 unknown) */
};

struct detector_ops {
	const char *name;            /* "tsan" */
	unsigned tool;               /* TOOL(TSAN) */
	enum build_variant variant;  /* the build it runs */
	/* False (with d set to a one-line "install X" message) when the tool is missing. Cheap. */
	bool (*available)(struct diag *d);
	/*
	 * May be NULL. Proves the tool works by building and running a known program: slow, so a
	 * check calls it only when this tool's build or run gave no valid evidence, to tell a broken
	 * tool (an error: "run make deps") from a program that broke the tool (a finding).
	 * Thread-safe; the proof is made once per process.
	 */
	bool (*verify)(struct diag *d);
	/*
	 * Runs the program once under the tool and appends its findings. Returns an error only when the
	 * tool itself failed (not when the program misbehaved: that is r->result).
	 */
	enum rl_err (*run)(struct detector_run *r, struct finding_list *out, struct diag *d);
};

extern const struct detector_ops tsan_detector;
extern const struct detector_ops helgrind_detector;
extern const struct detector_ops lockgraph_detector;
/* No tool: the plain build as it is, for the functional check alone (see plain_run.c). */
extern const struct detector_ops plain_detector;

#endif
