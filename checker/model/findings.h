/* One vocabulary of findings for every detector, and the list that collects and merges them. */
#ifndef RACELAB_FINDINGS_H
#define RACELAB_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* FINDING_KIND_MAP(X): X(enum suffix, name used in JSON, manifests and diagnostics). */
#define FINDING_KIND_MAP(X)                                                  \
	X(DATA_RACE, "data-race")                                            \
	X(LOCK_ORDER, "lock-order-inversion")                                \
	X(DEADLOCK, "deadlock")                                              \
	X(HANG, "hang")                                                      \
	X(STARVATION, "starvation")                                          \
	X(LOCK_MISUSE, "lock-misuse")                                        \
	X(THREAD_LEAK, "thread-leak")                                        \
	X(CRASH, "crash")                                                    \
	X(ASSERTION, "assertion")                                            \
	X(WRONG_OUTPUT, "wrong-output")                                      \
	X(TOO_SLOW, "too-slow")                                              \
	X(BUILD_ERROR, "build-error")                                        \
	X(RESOURCE_LIMIT, "resource-limit")                                  \
	X(LOCK_HELD_BLOCKING, "lock-held-blocking")

enum finding_kind {
#define FK_ENUM(e, s) FK_##e,
	FINDING_KIND_MAP(FK_ENUM)
#undef FK_ENUM
	FK__COUNT
};

/* Tools are a bit set so a merged finding can list every tool that saw it. */
#define TOOL_MAP(X)                                                          \
	X(TSAN, "tsan")                                                      \
	X(HELGRIND, "helgrind")                                              \
	X(LOCKGRAPH, "lockgraph")                                            \
	X(RUN, "run")                                                        \
	X(BUILD, "build")                                                    \
	X(PERF, "perf")                                                      \
	X(CUDA, "compute-sanitizer")

enum tool_bit {
#define TOOL_ENUM(e, s) TOOL_BIT_##e,
	TOOL_MAP(TOOL_ENUM)
#undef TOOL_ENUM
	TOOL__COUNT
};
#define TOOL(e) (1u << TOOL_BIT_##e)

enum severity { SEV_ERROR, SEV_WARNING };

#define FINDING_MAX_LOCS 4

/* A place in the student's own sources. Strings are owned by the location. */
struct location {
	char *file;     /* basename as the student sees it, e.g. "bank.c"; NULL if unknown */
	int line;       /* 0 if unknown */
	int column;     /* 0 if unknown */
	char *function; /* NULL if unknown */
	char *thread;   /* "T1", "main", ...; NULL if unknown */
};

struct finding {
	enum finding_kind kind;
	enum severity severity;
	unsigned tools;  /* TOOL(...) bits */
	char *message;   /* one line, no trailing newline */
	struct location locs[FINDING_MAX_LOCS];
	size_t nlocs;
	char *graph;     /* path of an SVG drawn for it, or NULL */
	long seed;       /* schedule seed that showed it, or -1 */
	unsigned count;  /* how many reports were merged into this one */
	/*
	 * When > 0, only the message's first key_len bytes tell this finding from another without
	 * locations; the rest quotes the program's output, which differs from run to run.
	 */
	size_t key_len;
	/*
	 * The timeline of the run that showed it: a detector's raw file until graph publishing
	 * renders it, then the page (graphs/NAME.timeline.html); NULL if none. Owned.
	 */
	char *timeline;
};
#define FINDING_INIT { .seed = -1, .count = 1 }

struct finding_list {
	struct finding *items;
	size_t nr, alloc;
};
#define FINDING_LIST_INIT { NULL, 0, 0 }

const char *finding_kind_name(enum finding_kind k);
/* Returns -1 when the name is not in the vocabulary. */
int finding_kind_parse(const char *name);
const char *tool_name(enum tool_bit bit);
/* Default severity: thread-leak is a warning, everything else an error. */
enum severity finding_default_severity(enum finding_kind k);

/* Sets a location; strings are copied. Returns RL_ERR_NOMEM on allocation failure. */
enum rl_err location_set(struct location *loc, const char *file, int line, int column,
			 const char *function, const char *thread);
void finding_release(struct finding *f);
/*
 * Folds src, one more sighting of dst's bug, into dst: tools or'ed, counts added, dst's graph,
 * timeline and seed kept unless it has none, an error wins over a warning. src is released.
 */
void finding_fold(struct finding *dst, struct finding *src);
/* Whether one of f's locations has l's file and line (columns, functions and threads aside). */
bool finding_has_place(const struct finding *f, const struct location *l);
/* Whether every file:line of a is one of b's: two findings of one bug compare this way. */
bool finding_places_within(const struct finding *a, const struct finding *b);
/* Deep copy of src into dst (dst is overwritten, not released). */
enum rl_err finding_copy(struct finding *dst, const struct finding *src);

/*
 * Appends f, taking ownership of its strings (f is zeroed on success; on failure it is released).
 * If an equal finding exists (same kind, same set of file:line locations), it is merged instead:
 * tools are or'ed, count added, the first graph and seed kept.
 */
enum rl_err finding_list_add(struct finding_list *l, struct finding *f);
/* Merges every finding of src into dst (copies). */
enum rl_err finding_list_merge(struct finding_list *dst, const struct finding_list *src);
bool finding_list_has_kind(const struct finding_list *l, enum finding_kind k);
size_t finding_list_errors(const struct finding_list *l);
/* Sorts by first location (file, line), then kind, so reports are stable across runs. */
void finding_list_sort(struct finding_list *l);
void finding_list_release(struct finding_list *l);

/* Convenience: builds and adds a finding with one location (any of file/function may be NULL). */
enum rl_err finding_list_add1(struct finding_list *l, enum finding_kind kind, unsigned tools,
			      const char *file, int line, const char *message);

#endif
