/*
 * The lock tracer's harness side: runs a program with liblockgraph.so preloaded, parses the file
 * the tracer wrote, resolves its call sites to file:line and turns it into findings and graphs.
 *
 * Environment the harness gives the program (the tracer removes these from the program's own
 * environment at start-up): RACELAB_LOCKGRAPH_OUT (the output file, required: without it the
 * tracer stays inactive), RACELAB_LOCKGRAPH_SEED (schedule perturbation, -1 none),
 * RACELAB_LOCKGRAPH_HANG_MS, RACELAB_LOCKGRAPH_STARVE_MS, RACELAB_LOCKGRAPH_HOLD_MS.
 * A run the tracer's watchdog ended because every thread was stuck exits with LG_EXIT_STUCK.
 */
#ifndef RACELAB_LOCKGRAPH_DETECTOR_H
#define RACELAB_LOCKGRAPH_DETECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/detector.h"
#include "model/error.h"
#include "model/findings.h"
/* The trace's wire format: LG_EXIT_STUCK, LG_SITE_FRAMES, LG_GATES, record tags, kind names. */
#include "tracer/trace_wire.h"

#define LG_NAME_MAX 64
/* Others' acquisitions during one wait that make a long wait starvation, not a long hold. */
#define LG_STARVE_MIN_OVERTAKES 2

/* Numbered in the wire format's order, so a name's index in its list is its value. */
enum lg_obj_kind {
#define LGK_ENUM(id, name) LGK_##id,
	LG_WIRE_OBJ_KINDS(LGK_ENUM)
#undef LGK_ENUM
	LGK__COUNT
};
enum lg_wait_kind {
#define LGW_ENUM(id, name) LGW_##id,
	LG_WIRE_WAITS(LGW_ENUM)
#undef LGW_ENUM
	LGW__COUNT
};
enum lg_thread_state { LGT_RUNNING, LGT_BLOCKED, LGT_EXITED };

/* Offsets into the executable (what addr2line takes), innermost first; n may be 0. */
struct lg_site {
	uint64_t pc[LG_SITE_FRAMES];
	unsigned n;
};

struct lg_obj_rec {
	unsigned id;            /* "L<id>" */
	enum lg_obj_kind kind;
	bool in_exe;            /* addr is an offset into the executable (a global): it has a name */
	uint64_t addr;
	struct lg_site site;    /* where it was first used */
	int barrier_count;      /* 0 unknown */
};

/* Thread numbers: 0 is "main", n is "T<n>". */
struct lg_thread_rec {
	int num, parent;
	struct lg_site site;    /* pthread_create call */
	bool exited;
};

struct lg_edge_rec {            /* `to` taken while `from` was held */
	unsigned from, to;
	int thread;
	char from_mode, to_mode;  /* 'm', 'r', 'w' */
	unsigned gates[LG_GATES]; /* other locks held across it */
	char gate_modes[LG_GATES];
	unsigned ngates;
	struct lg_site from_site, to_site;
};

struct lg_waiter_rec {          /* a thread in the watchdog's snapshot */
	int thread;
	enum lg_thread_state state;
	enum lg_wait_kind wait;
	unsigned obj, mutex;    /* 0 none */
	int target;             /* join target, -1 none */
	bool timed;
	long ms;
	int sem_value, barrier_count;
	long pid;               /* LGW_CHILD: the child waited for, -1 any */
	struct lg_site site;
};

/* A lock another thread held all through a fork() ("forkheld"), and the child's fate. */
struct lg_fork_rec {
	int holder, by;         /* the thread that held it, the one that forked */
	unsigned obj;
	char mode;
	long pid;               /* the child */
	bool child_blocked;     /* "forkblock": the child blocks on it for ever */
	struct lg_site site, hsite; /* the fork() call, where the holder took the lock */
};

/* A deadlock through processes: "pipewait" (a blocked call) and "pipeend" (who holds an end). */
struct lg_pipe_rec {
	bool is_end;
	long pid;
	int thread;             /* pipewait: the thread in the traced process, -1 in a child */
	bool wr;                /* a write() / a write end */
	char call[8];           /* pipewait: "read", "write", "poll" or "select" (wr: to write) */
	int fd;
	unsigned long ino;
	struct lg_site site;    /* pipewait in the traced process: the call */
};

struct lg_held_rec {
	int thread;
	unsigned obj;
	char mode;
	struct lg_site site;
};

enum lg_event_kind {
	LGE_STARVE,     /* the watchdog saw a wait go past starve_ms while others acquired */
	LGE_LONGWAIT,   /* a wait that ended after starve_ms */
	LGE_STAT,       /* per-thread summary of one lock */
	LGE_BLOCKHELD,  /* lock held across a blocking call while others waited */
	LGE_MISUSE,
	LGE_SLOWWAIT,   /* a wait of >= LG_SLOWWAIT_MS that ended, with its takers (lockgraph_starve.c) */
	LGE_CPUHOLD,    /* a hold through a CPU stretch, with the longest waiter at its end */
	LGE_TRYWAIT,    /* one thread's trylock loops on one lock, with the lock's busy share */
};

struct lg_event_rec {
	enum lg_event_kind kind;
	unsigned obj;
	int thread;
	long ms;                /* wait (STARVE, LONGWAIT), max wait (STAT), call duration */
	long overtakes;
	long acq, hold_ms;      /* STAT */
	long waiters;           /* BLOCKHELD */
	char what[32];          /* MISUSE: "unlock-not-held"...; BLOCKHELD: "sleep()"... */
	struct lg_site site, site2; /* BLOCKHELD: the call, then where the lock was taken */
	long tries;             /* SLOWWAIT: failed trylocks it was made of (0: a blocking wait) */
	int nby;                /* SLOWWAIT: who took the lock meanwhile, how many times */
	int by_thread[LG_TAKERS];
	long by_n[LG_TAKERS];
	int waiter;             /* CPUHOLD: the longest waiter at the release, -1 none */
	long waited_ms;         /* CPUHOLD: how long it had waited by then */
	long loops, window_us, held_us; /* TRYWAIT: loops, time trying, others' holds meanwhile */
};

/* One thread's holds of one lock by length ("holds" records), LG_HOLD_BUCKETS buckets. */
struct lg_holds_rec {
	unsigned obj;
	int thread;
	long n[LG_HOLD_BUCKETS];
};

/* One event of the tracer's event log ("ev"), for timelines; type indexes LG_WIRE_EVENTS. */
struct lg_tl_rec {
	uint64_t seq, ns;
	int thread;
	int type;
	unsigned obj;           /* 0: none */
	unsigned arg;
	struct lg_site site;    /* one frame: the program's call site, or none */
};

/* One decision of a controlled schedule ("sched" record): at step, thread runs and makes call. */
struct lg_decision {
	long step;
	int thread;
	char call[32];          /* a name from LG_CALLS, or "start" */
	struct lg_site site;
};

/*
 * The schedule of a controlled (PCT) run, for anyone who shows it (a timeline, a step-through):
 * its parameters, its decisions in order and how it ended. Parsed by lockgraph_schedule.c.
 */
struct lg_schedule {
	bool controlled;        /* a "schedcfg" record: the run was scheduled by the tracer */
	int depth;
	long k;                 /* the steps change points were drawn over */
	long steps, switches, preempts; /* from "schedend" */
	bool ended, fair, off, partial; /* schedend seen; fair fallback; control given up; records cut */
	struct lg_decision *decisions; size_t ndecisions;
};

/* Everything read from one output file. Owned arrays; release with lg_trace_release(). */
struct lg_trace {
	bool header;            /* the file began with its header line: otherwise nothing counts */
	long pid, seed, hang_ms, starve_ms, hold_ms;
	int max_threads;        /* -1 unknown */
	bool stuck, snapshot_complete, fini, truncated;
	long stuck_ms;
	size_t bad_lines;       /* malformed or unknown lines, skipped */
	size_t barrier_lines;   /* "barrier" records seen: each scans the objects, so they are capped */
	struct lg_obj_rec *objs; size_t nobjs;
	struct lg_thread_rec *threads; size_t nthreads;
	struct lg_edge_rec *edges; size_t nedges;
	struct lg_waiter_rec *waiters; size_t nwaiters;
	struct lg_held_rec *held; size_t nheld;
	struct lg_fork_rec *forks; size_t nforks;
	struct lg_pipe_rec *pipes; size_t npipes;
	struct lg_event_rec *events; size_t nevents;
	struct lg_holds_rec *holds; size_t nholds;
	/* The event log: what happened (evinfo total), what was written, and the records. */
	uint64_t tl_total, tl_kept;
	struct lg_tl_rec *tl; size_t ntl;
	struct lg_tl_count { int thread; uint64_t events, acq, waits; } *tlc; size_t ntlc;
	struct lg_schedule sched; /* empty unless the run was controlled */
};
#define LG_TRACE_INIT { .pid = -1, .seed = -1, .max_threads = -1 }

/*
 * Parses the tracer's output. The program could have written to the file, so every line is
 * validated: lines that do not parse, unknown records, ids out of range, and a final line without
 * its newline are skipped (counted in bad_lines). Limits on the number of records bound memory.
 * Returns RL_ERR_PARSE (d set) only when the header is missing; RL_ERR_NOMEM on allocation failure.
 */
enum rl_err lg_trace_parse(struct lg_trace *t, const char *text, size_t len, struct diag *d);
void lg_trace_release(struct lg_trace *t);
const struct lg_obj_rec *lg_trace_obj(const struct lg_trace *t, unsigned id);

/* One resolved frame (addr2line's answer for pc - 1). */
struct lg_frame {
	uint64_t pc;
	char *file;             /* full path as in the debug info, NULL unknown */
	int line;
	char *function;
};

/* A global variable of the executable, from its ELF symbol table: names locks. */
struct lg_datasym {
	uint64_t addr, size;
	char *name;
};

/* A lock inside a global array or struct, named from DWARF: "tools[1]", "accounts[3].lock". */
struct lg_objname {
	uint64_t addr;
	char *name;
};

struct lg_symbols {
	struct lg_frame *frames; size_t nframes;
	struct lg_datasym *data; size_t ndata;
	struct lg_objname *names; size_t nnames;
};
#define LG_SYMBOLS_INIT { NULL, 0, NULL, 0, NULL, 0 }

/*
 * Resolves every call site of t in binary with one `addr2line` run (output to a file in tmpdir)
 * and reads the binary's symbol table for lock names, and its DWARF types for the names of locks
 * inside global arrays and structs. A missing addr2line or unreadable binary
 * leaves the symbols empty (findings then lack file:line) and is not an error.
 */
enum rl_err lg_symbols_load(struct lg_symbols *s, const struct lg_trace *t, const char *binary,
			    const char *tmpdir, struct diag *d);
void lg_symbols_release(struct lg_symbols *s);
/* Adds the frames of `addr2line -f -a` output (text is not kept); for tests and other callers. */
enum rl_err lg_symbols_add_addr2line(struct lg_symbols *s, const char *text);

struct lg_analysis {
	const struct source_set *sources; /* NULL or empty: any resolved frame is the program's */
	struct detector_limits limits;    /* 0 fields take the manifest defaults */
	long seed;
	const char *graph_prefix;         /* NULL: no pictures */
};

/*
 * Turns a parsed trace into findings: deadlock and hang from the watchdog's snapshot,
 * lock-order-inversion from cycles of the lock-order graph whose edges come from different
 * threads with no common gate lock, starvation from long waits with overtakes and from locks held
 * across blocking calls, lock-misuse. Draws PREFIX.<kind>.{dot,svg} for deadlock, hang and
 * lock-order-inversion. Graph failures are not errors (the finding then has no graph).
 */
enum rl_err lg_trace_findings(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, struct finding_list *out,
			      struct diag *d);

#endif
