/* Helpers shared by the lock tracer detector's files (detector, snapshot, order/starvation). */
#ifndef RACELAB_LOCKGRAPH_INT_H
#define RACELAB_LOCKGRAPH_INT_H

#include "graph/graph.h"
#include "lockgraph.h"
#include "model/util.h"

/* A resolved place: the first frame in the student's sources, else the first one known. */
struct lgd_place {
	bool have;
	const char *file; /* basename, owned by the symbols */
	int line;
	const char *func;
};

const char *lgd_tname(int num, char *buf); /* buf: 16 bytes */
struct lgd_place lgd_place_of(const struct lg_analysis *a, const struct lg_symbols *s,
			      const struct lg_site *site);
const char *lgd_place_str(const struct lgd_place *p, char *buf, size_t len);
void lgd_obj_name(const struct lg_trace *t, const struct lg_symbols *s,
		  const struct lg_analysis *a, unsigned id, char *buf, size_t len);
/* The program's own name of an object ("tools[1]" from "mutex `tools[1]`"), else "L3". */
void lgd_obj_bare(const struct lg_trace *t, const struct lg_symbols *s,
		  const struct lg_analysis *a, unsigned id, char *buf, size_t len);
void lgd_obj_short(const struct lg_trace *t, const struct lg_symbols *s,
		   const struct lg_analysis *a, unsigned id, char *buf, size_t len);
enum rl_err lgd_add_loc(struct finding *f, const struct lgd_place *p, int thread);
/* Fills in kind, tools, seed, message and graph, then adds f to out (f is consumed). */
enum rl_err lgd_finish(struct finding *f, enum finding_kind kind, const char *msg,
		       const struct lg_analysis *a, const char *graph, struct finding_list *out);
enum rl_err lgd_draw(const struct graph *g, const struct lg_analysis *a, enum finding_kind kind,
		     char **path);

/* lockgraph_parse.c, shared with lockgraph_symbols.c: bounded growth and strict numbers. */
/* Grows *arr (of *n elements of size sz) by one zeroed element; NULL on failure or limit. */
void *lgd_push(void *arr_ptr, size_t *n, size_t sz);
/* A whole unsigned number in base, at most max; no sign, no blank. */
bool lgd_parse_ulong(const char *s, int base, unsigned long max, unsigned long *out);
/* A "key=N" token of a trace record, N a whole number (at most 2^40), into *out. */
bool lgd_num_kv(const char *tok, const char *key, long *out);

/* lockgraph_names.c: DWARF names of t's global objects into s->names (no DWARF: none). */
enum rl_err lgd_names_load(struct lg_symbols *s, const struct lg_trace *t, const char *binary);
/* "tools[1]" for an object at addr inside a global array or struct; NULL if none. */
const char *lgd_name_of(const struct lg_symbols *s, uint64_t addr);

/* lockgraph_timeline.c: the event log as PREFIX.timeline (graph/timeline.h); none on failure. */
void lgd_timeline_save(const struct lg_trace *t, const struct lg_symbols *s,
		       const struct lg_analysis *a);
/* lockgraph_parse.c's field parsers, for the schedule's records. */
bool lgd_parse_thread(const char *s, int *num);
bool lgd_parse_lid(const char *s, unsigned *id);
bool lgd_parse_long_kv(const char *tok, const char *key, long *out);

/*
 * lockgraph_fork.c: "forkheld", "forkblock", "pipewait", "pipeend" records; 1 parsed,
 * 0 malformed, -1 no memory
 */
int lgd_fork_line(struct lg_trace *t, char **tok, int n);
/* A child proven blocked on an inherited lock: every thread waiting for a child waits for it. */
bool lgd_fork_deadlocked(const struct lg_trace *t);
/*
 * deadlock for a child blocked on a lock inherited locked, lock-misuse (warning) otherwise;
 * deadlock through processes blocked on each other's pipes
 */
enum rl_err lgd_fork_findings(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, struct finding_list *out);
bool lgd_parse_site(const char *tok, const char *key, struct lg_site *site);

/* lockgraph_schedule.c: the scheduler's records; 1 parsed, 0 malformed or not one, -1 no memory */
int lgd_schedule_line(struct lg_trace *t, char **tok, int n);
void lgd_schedule_release(struct lg_schedule *s);

/*
 * lockgraph_starve.c: the records of starvation without a threshold (slowwait, cpuhold, holds);
 * 1 parsed, 0 malformed or not one, -1 no memory. Its rules run after lgd_starvation_findings.
 */
int lgd_starve_line(struct lg_trace *t, char **tok, int n);
enum rl_err lgd_starve_rules(const struct lg_trace *t, const struct lg_symbols *s,
			     const struct lg_analysis *a, long default_starve_ms,
			     const unsigned *deadlocked, size_t ndeadlocked,
			     struct finding_list *out);

/* lockgraph_snapshot.c: locks of a deadlock cycle go to locks (at most 64) */
enum rl_err lgd_snapshot_findings(const struct lg_trace *t, const struct lg_symbols *s,
				  const struct lg_analysis *a, struct finding_list *out,
				  unsigned *locks, size_t *nlocks);

/* lockgraph_order.c */
enum rl_err lgd_order_findings(const struct lg_trace *t, const struct lg_symbols *s,
			       const struct lg_analysis *a, const unsigned *deadlocked,
			       size_t ndeadlocked, struct finding_list *out);
enum rl_err lgd_starvation_findings(const struct lg_trace *t, const struct lg_symbols *s,
				    const struct lg_analysis *a, const unsigned *deadlocked,
				    size_t ndeadlocked, struct finding_list *out);
enum rl_err lgd_misuse_findings(const struct lg_trace *t, const struct lg_symbols *s,
				const struct lg_analysis *a, struct finding_list *out);

#endif
