/* Private to sched.c and sched_pct.c: the scheduler's state. */
#ifndef RACELAB_SCHED_INT_H
#define RACELAB_SCHED_INT_H

#include <string.h>

#include "sched_ctl.h"

enum lg_sstate { LG_S_NONE, LG_S_RUN, LG_S_BLOCKED, LG_S_EXITED };

/* One per thread slot; written under lg_sched.lk. */
struct lg_sthr {
	_Atomic unsigned gate;  /* futex word: bumped when the thread is given the turn */
	bool controlled;        /* a program thread the scheduler runs */
	int st;                 /* enum lg_sstate */
	const void *key;        /* what a blocked thread waits for */
	bool timed, timedout;
	int64_t deadline_ns;    /* a timed wait's deadline (CLOCK_MONOTONIC), 0: not known */
	unsigned long ticket;   /* condition waiters: FIFO order of wake-ups */
	int64_t prio;           /* PCT priority: the highest enabled runs */
	int call;               /* the call it is about to make (enum lg_call, -1 = start) */
	struct lg_site site;
};

struct lg_sched {
	struct lg_spin lk;
	_Atomic int cur;              /* slot holding the turn, -1 = nobody */
	_Atomic unsigned long progress; /* bumped at every scheduling point: the time slice */
	_Atomic int ended;
	unsigned long steps;          /* points where more than one thread was enabled */
	unsigned long solo_points;    /* points where only the running thread was */
	unsigned long switches, preempts, recorded, tickets;
	unsigned long fair_from;      /* the step the fair fallback began, 0 = never */
};

extern struct lg_sched lg_sched;
extern struct lg_sthr lg_sthr[LG_MAX_THREADS];

/* PCT (sched_pct.c); all with lg_sched.lk held. */
void lg_pct_init(uint64_t seed, int depth, long steps);
void lg_pct_emit_config(void);
void lg_pct_new_thread(int slot);
void lg_pct_step(int me);
void lg_pct_demote(int slot);
int lg_pct_pick(int me);
int lg_pct_pick_other(int cur);
int lg_pct_enabled(void);
int lg_pct_blocked(void);
/*
 * The timed waits whose deadline is past, or within ahead_ns (a skipped sleep's length), or not
 * known, time out: at a sleep, at each fair turn, and now and then while one thread runs alone.
 */
void lg_pct_expire_timed(int64_t ahead_ns);

#endif
