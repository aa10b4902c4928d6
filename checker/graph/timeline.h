/* Timelines: who ran, held, waited and woke when, from a traced run, as pages and traces. */
#ifndef RACELAB_TIMELINE_H
#define RACELAB_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/error.h"
#include "model/findings.h"

/*
 * Event types, as the tracer's log names them (checker/tracer/trace_wire.h, LG_WIRE_EVENTS):
 * TL_TYPE_MAP(X): X(enum suffix, name).
 */
#define TL_TYPE_MAP(X)                                                                           \
	X(START, "start") X(EXIT, "exit") X(CREATE, "create") X(WAIT, "wait") X(WAKE, "wake")     \
	X(ACQ, "acq") X(REL, "rel") X(SIGNAL, "signal") X(BROADCAST, "broadcast")                 \
	X(POST, "post") X(BLOCK, "block") X(UNBLOCK, "unblock")

enum tl_type {
#define TL_ENUM(e, s) TL_##e,
	TL_TYPE_MAP(TL_ENUM)
#undef TL_ENUM
	TL__COUNT
};

/* A call site as the student reads it. Strings owned. */
struct tl_site {
	char *file; /* basename, NULL unknown */
	int line;
	char *func;
};

struct tl_obj {
	unsigned id;
	char *kind; /* "mutex", "cond", ... */
	char *name; /* "tools[1]", or "L3" when the program gave it no name */
};

/* One thread's totals over the whole run, dropped events included. */
struct tl_count {
	int thread;
	uint64_t events, acq, waits;
};

struct tl_event {
	uint64_t seq, ns;
	int thread;  /* 0 main, n "T<n>" */
	int type;    /* enum tl_type */
	unsigned obj; /* 0 none */
	unsigned arg; /* wait: a word from `what` ("mutex", "join"...); acq: 'm' 'r' 'w'; create: the
		       * new thread; block: an index into the call names */
	int site;     /* index into sites, -1 none */
};

/* What one traced run did, in the order it happened. Owned arrays; timeline_release(). */
struct timeline {
	long seed;             /* the perturbation seed of the run, -1 none */
	uint64_t total;        /* events that happened; the ones missing between were dropped */
	bool stuck;            /* the run ended stuck (deadlock, hang): its last events broke it */
	struct tl_obj *objs; size_t nobjs;
	struct tl_site *sites; size_t nsites;
	struct tl_event *events; size_t nevents;
	struct tl_count *counts; size_t ncounts;
};
#define TIMELINE_INIT { .seed = -1 }

/* Names of event types ("acq") and of the blocking calls a block event's arg indexes. */
const char *timeline_type_name(int type);
int timeline_type_parse(const char *name);
const char *timeline_block_call(unsigned arg);
const char *timeline_wait_word(unsigned arg);

/* Adds an object, a site (deduplicated; returns its index or -1) or an event. */
enum rl_err timeline_add_obj(struct timeline *tl, unsigned id, const char *kind, const char *name);
int timeline_add_site(struct timeline *tl, const char *file, int line, const char *func);
enum rl_err timeline_add_event(struct timeline *tl, const struct tl_event *ev);
/* Adds c to its thread's totals (a thread may be counted in parts). */
enum rl_err timeline_add_count(struct timeline *tl, const struct tl_count *c);
const struct tl_obj *timeline_obj(const struct timeline *tl, unsigned id);
/* Sorts the events by seq. */
void timeline_sort(struct timeline *tl);
void timeline_release(struct timeline *tl);

/*
 * The raw form a detector leaves in its private directory and publishing reads back: one record
 * a line, tab-separated, names cleaned of tabs and newlines. Loading validates every line and
 * skips bad ones (the directory is the checker's, but the names came from the program).
 */
enum rl_err timeline_save(const struct timeline *tl, const char *path, struct diag *d);
enum rl_err timeline_load(struct timeline *tl, const char *path, struct diag *d);

/* What a page shows about the finding it was made for. */
struct timeline_focus {
	const char *title;   /* e.g. "08-dining-philosophers" */
	const char *kind;    /* finding kind, NULL for a passing run */
	const char *message; /* the finding's message */
	const char *file;    /* the finding's first place; NULL none */
	int line;
	const char *srcdir;  /* where the student's sources are, for the step mode; may be NULL */
};

/*
 * One self-contained HTML page (inline SVG, CSS and JS, no network): a lane per thread, holds
 * as bars, waits and blocking calls, hand-over and wake-up arrows, hover for file:line, zoom,
 * the finding's events highlighted, and a step mode through the sync events with each thread's
 * source line. Every string from the program is escaped. Bounded: at most TIMELINE_PAGE_EVENTS
 * events are drawn (the first and the last, and those at the finding's line); the page says how
 * many were dropped.
 */
#define TIMELINE_PAGE_EVENTS 6000
enum rl_err timeline_write_html(const struct timeline *tl, const struct timeline_focus *f,
				const char *path, struct diag *d);
/* The Chrome Trace Event format (Perfetto, speedscope, chrome://tracing). */
enum rl_err timeline_write_trace_json(const struct timeline *tl, const struct timeline_focus *f,
				      const char *path, struct diag *d);

/*
 * After reconcile: each finding whose timeline is a raw file from a detector gets it rendered as
 * dir/NAME.timeline.html and dir/NAME.trace.json (a second run's as NAME.KIND.timeline.html...);
 * f->timeline then names the page, relative to root when inside it, or is cleared when the raw
 * file cannot be read. srcdir holds the student's sources for the step mode. Never fails.
 */
void timeline_publish(struct finding_list *l, const char *dir, const char *name, const char *root,
		      const char *srcdir);
/* For a check that passed: raw rendered as dir/NAME.timeline.html (and .trace.json). */
void timeline_publish_pass(const char *raw, const char *dir, const char *name, const char *srcdir);

#endif
