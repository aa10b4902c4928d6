/* The pipeline's evidence bookkeeping: which runs count as evidence, which hangs are explained. */
#ifndef RACELAB_EVIDENCE_H
#define RACELAB_EVIDENCE_H

#include <stdbool.h>

#include "model/findings.h"
#include "run/spawn.h"
#include "schedule.h"

/*
 * True when l explains a hang: a deadlock or hang that a detector worked out (the tracer's cycle
 * or wait-for reason), not merely a run killed at its timeout (a finding of TOOL(RUN) alone).
 */
bool evidence_explains_hang(const struct finding_list *l);

/*
 * True when the run went to its end: not killed at its timeout, not ended by a resource limit,
 * not killed by a signal. Only such a run's silence counts as evidence (see reconcile.h).
 */
bool evidence_run_complete(const struct spawn_result *r);

/*
 * complete with the tool of r cleared when r was started and did not go to its end (a skipped run
 * carries no evidence either way and leaves complete as it is). Folded over every run of a check,
 * starting from the tools that ran, it gives reconcile_findings_ex()'s tools_complete.
 */
unsigned evidence_complete_tools(unsigned complete, const struct sched_run *r);

/*
 * True when r was killed at its timeout while a thread was running most of the time (its CPU time
 * at least half its wall time): it was computing or spinning, not blocked. A run whose threads
 * all wait (a deadlock, a lost wakeup) uses next to no CPU.
 */
bool evidence_timeout_busy(const struct spawn_result *r);

/*
 * Adds to out what a run killed at its timeout (r->timed_out) is, for the program itself
 * (TOOL(RUN)); timeout_s is the limit it ran under. Blocked, it is a `hang`. CPU-busy, it is no
 * evidence of a concurrency failure: in `analyze` (no manifest, a default limit that knows
 * nothing of the program) a `too-slow` warning saying how long it ran and how to raise --timeout;
 * in `check` still a `hang` (the manifest's limit was set for the reference solution, so not
 * finishing is a failure either way, and `too-slow` would earn the perf partial credit), with a
 * message that says the threads were running.
 */
enum rl_err evidence_timeout_finding(const struct spawn_result *r, int timeout_s, bool analyze,
				     struct finding_list *out);

/* Drops the hangs seen only as a killed run (TOOL(RUN) alone) when a detector explained one. */
void evidence_drop_unexplained_hangs(struct finding_list *l);

#endif
