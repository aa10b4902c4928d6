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

/* Drops the hangs seen only as a killed run (TOOL(RUN) alone) when a detector explained one. */
void evidence_drop_unexplained_hangs(struct finding_list *l);

#endif
