/*
 * The detector backends behind one small ops table. What differs between backends is data in the
 * table (the build each runs, whether its reports survive a capped run, whether it explains hangs,
 * how many runs it makes); the orchestrator (check/) iterates detector_table and never names a
 * backend. What every backend shares lives here too: one rule for "is this frame the student's",
 * one set of run bounds, one argv builder.
 */
#ifndef RACELAB_DETECTOR_H
#define RACELAB_DETECTOR_H

#include <stdatomic.h>
#include <stdbool.h>

#include "model/error.h"
#include "model/findings.h"
#include "model/manifest.h"
#include "run/build.h"
#include "run/spawn.h"

/* The student's own source files: frames outside them are skipped when locating a finding. */
struct source_set {
	const char *const *files; /* basenames, e.g. "bank.c" */
	size_t nr;
};
/* True when path's basename is one of s's (compared by basename); false for an empty set. */
bool source_set_contains(const struct source_set *s, const char *path);

/*
 * The one rule for whether a stack frame is the student's own code, for every detector:
 * - a frame without a file never is (nothing to show);
 * - a frame in code loaded from the system or from Valgrind (obj under /usr/lib, /lib,
 *   /usr/local/lib, /usr/libexec/valgrind, or a vgpreload_ library) never is;
 * - with a list of sources, a frame is when its file's basename is one of them;
 * - with an empty list (racelab analyze: every file of the program is the student's), a frame
 *   is unless its directory is relative ("./nptl": distribution-built code names its sources so).
 * obj and dir may be NULL when the tool does not say.
 */
bool detector_frame_is_students(const struct source_set *s, const char *file, const char *obj,
				const char *dir);

/* Thresholds a detector may need; filled from the manifest's [check] section. */
struct detector_limits {
	int starvation_ms;
	int hold_blocking_ms;
	int hang_ms;
};

/* One run of one detector. All paths are absolute. */
struct detector_run {
	const char *binary;      /* the program built in this detector's variant; with command,
				    the shared object the command loads (symbols are read there) */
	const char *const *command; /* NULL-terminated, or NULL: an interpreter and its arguments
				    that run instead of binary and args (build = shared-object) */
	const char *workdir;     /* private copy of the exercise: the program's cwd */
	const char *tooldir;     /* private directory for tool outputs; the program is never told it */
	const char *const *args; /* program arguments, NULL-terminated (argv[1..]) */
	const struct source_set *sources;
	int timeout_ms;
	atomic_long *deadline_cap; /* may be NULL; see spawn_opts: lets the check end the run early */
	long seed;               /* schedule-perturbation seed, -1 for none */
	bool controlled;         /* a schedule search run: for the tracer a PCT schedule from seed
				    instead of random yields; for a search_runs backend, its seed */
	const char *graph_prefix;/* e.g. "/abs/graphs/04-bank-deadlock": graphs go to PREFIX.KIND.svg */
	struct detector_limits limits;
	const char *support_dir; /* where the kit's helper files live (suppressions, liblockgraph.so) */
	/* Outputs, owned by the caller: */
	const char *stdout_path; /* where the program's stdout is captured (for the functional check) */
	const char *stderr_path;
	struct spawn_result result; /* how the program ended */
	int threads_seen;        /* threads the program created, main not counted (-1 unknown) */
	const char *view_rw[2];  /* filled by detector_spawn_opts(): the tool dir, NULL */
};

/*
 * The bounds of every detector run: CPU time for every core until the wall-clock timeout and one
 * second more (a backstop only: the timeout ends a run first), 512 processes (threads count, and
 * tools add their own), 256 MiB per file, 1024 open files. RLIMIT_AS stays unset: TSan reserves
 * terabytes of address space and Valgrind maps its own large regions.
 */
struct spawn_limits detector_spawn_limits(int timeout_ms);

/*
 * Fills o for running argv (and env, may be NULL) as r's run: r's cwd, captured output, timeout,
 * deadline cap, the sandbox (whose view shows r's tool directory read-write: the tools write
 * there from inside the program's process) and detector_spawn_limits().
 */
void detector_spawn_opts(struct detector_run *r, const char *const *argv,
			 const char *const *env, struct spawn_opts *o);

/*
 * A malloc'd, NULL-terminated argv: the tool's prefix (NULL-terminated, may be NULL), then
 * r->binary and r->args, or r->command when set. The strings are borrowed. NULL when out of memory.
 */
const char **detector_argv(const struct detector_run *r, const char *const *prefix);

/* One whole-program check by a backend with its own toolchain (see detector_ops.check_whole). */
struct detector_whole {
	const char *workdir;          /* sources are relative to it; the program's cwd */
	const char *tooldir;          /* the binary and the tools' outputs go here */
	const char *const *sources;   /* NULL-terminated */
	const char *cflags, *libs;    /* may be NULL */
	const char *const *args;      /* NULL-terminated; may be NULL */
	const struct source_set *srcs;
	int expect_exit;              /* the manifest's expectations, for the functional check */
	const char *expect_stdout;    /* may be NULL */
	int timeout_ms;
	/* Outputs: */
	bool skipped;                 /* nothing could be checked: see reason */
	char reason[160];             /* "no CUDA device", "nvcc not found" */
};

/* Which toolchain a backend's program is built with: a manifest picks the backends of one. */
enum detector_toolchain {
	TOOLCHAIN_CC,   /* gcc and clang: the build variants of run/build.h */
	TOOLCHAIN_CUDA, /* nvcc: the backend builds and runs the program itself */
};

struct detector_ops {
	const char *name;            /* "tsan" */
	unsigned tool;               /* TOOL(TSAN) */
	enum detector_toolchain toolchain;
	enum build_variant variant;  /* the build it runs (TOOLCHAIN_CC) */
	/* Capabilities, as data (curl's TLS backends carry `supports` flags the same way): */
	bool reports_when_capped;    /* its reports stand even when the run was killed at a cap */
	bool explains_hangs;         /* explains a hang itself (a wait-for graph): with one job it
					runs first, and it can end the runs that would only hang */
	bool seeded;                 /* one run per schedule seed (the manifest's runs) */
	bool explores;               /* also runs controlled schedules (the manifest's explore) */
	int runs;                    /* runs of an unseeded backend */
	int search_runs;             /* then, runs with a schedule-perturbation seed each (1..n):
					controlled runs, dropped once the check fails (plan.c) */
	int start_rank;              /* start order among the runs (lower first; see check/plan.c) */
	/*
	 * May be NULL (always there). False, with d set to a one-line "install X" message, when the
	 * tool is missing. Cheap.
	 */
	bool (*available)(struct diag *d);
	/*
	 * May be NULL. Proves the tool works by building and running a known program: slow, so a
	 * check calls it only when this tool's build or run gave no valid evidence, to tell a broken
	 * tool (an error) from a program that broke the tool (a finding). A backend that has one is
	 * also asked when its own build variant fails where another variant built: the compiler that
	 * fails may be the tool's, not the student's code. Thread-safe; the proof is made once.
	 */
	bool (*verify)(struct diag *d);
	/*
	 * Runs the program once under the tool and appends its findings. Returns an error only when the
	 * tool itself failed (not when the program misbehaved: that is r->result). TOOLCHAIN_CC.
	 */
	enum rl_err (*run)(struct detector_run *r, struct finding_list *out, struct diag *d);
	/* TOOLCHAIN_CUDA: builds, runs and checks the whole program (w->skipped when it cannot). */
	enum rl_err (*check_whole)(struct detector_whole *w, struct finding_list *out,
				   struct diag *d);
};

/*
 * Every backend, NULL-terminated, in the order their findings are collected: on a tie the merge
 * keeps the first finding, and TSan's carries columns that Helgrind's lack.
 */
extern const struct detector_ops *const detector_table[];

/* The backend named name ("tsan", "helgrind", "lockgraph", "run", "cuda"), or NULL. */
const struct detector_ops *detector_find(const char *name);

/* Whether m has ops run: the manifest's [check] switch for it, and the manifest's toolchain. */
bool detector_enabled(const struct detector_ops *ops, const struct manifest *m);

#endif
