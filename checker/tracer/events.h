/* The tracer's bounded event log: who took, released, waited and woke when, for timelines. */
#ifndef RACELAB_LG_EVENTS_H
#define RACELAB_LG_EVENTS_H

#include "lg.h"

enum lg_ev_type {
#define LG_EV_ENUM(id, name) LG_EV_##id,
	LG_WIRE_EVENTS(LG_EV_ENUM)
#undef LG_EV_ENUM
};

enum lg_block_call {
#define LG_BC_ENUM(id, name) LG_BC_##id,
	LG_WIRE_BLOCK_CALLS(LG_BC_ENUM)
#undef LG_BC_ENUM
};

/*
 * Records one event of thread t (o may be NULL; pc is the program's return address or 0). Any
 * thread, any time, without a lock or malloc: the first events go to a global table in the
 * order of a shared counter, the later ones to a ring per thread slot (see events.c); what
 * neither keeps is counted as dropped. Times have microsecond precision (a timeline needs it
 * where the tracer's thresholds do not).
 */
void lg_ev(struct lg_thread *t, int type, const struct lg_obj *o, int arg, uintptr_t pc);

/*
 * Writes t's totals ("evcount") and starts its slot's anew: called as a thread ends, and for the
 * threads still alive at the end, so that a reused slot never mixes two threads' totals.
 */
void lg_ev_count(struct lg_thread *t);

/*
 * Writes "evinfo" and the kept events, oldest first. Called once, by the destructor or by the
 * watchdog's snapshot of a stuck program (then other threads are blocked and write nothing).
 */
void lg_ev_emit(void);

#endif
