/* The cross-tool rule: merges what TSan, Helgrind and the tracer saw, and keeps what is believed. */
#ifndef RACELAB_RECONCILE_H
#define RACELAB_RECONCILE_H

#include <stdbool.h>

#include "model/error.h"
#include "model/findings.h"

/*
 * True when a and b are the same bug as two tools see it: the same kind, both located, and the
 * file:line places of one are all among the other's (order, functions and threads ignored). Looser
 * than finding_list_add's equal sets because the tools show different parts of one bug: for a
 * lock-order inversion TSan gives the two inner acquisitions, Helgrind also the outer one.
 */
bool reconcile_same(const struct finding *a, const struct finding *b);

/*
 * Rewrites l, the findings of every tool and run of one check, in place:
 * 1. merges the findings reconcile_same() pairs into the one with more places (tools or'ed, counts
 *    added, first graph and seed kept);
 * 2. drops the findings the rule in reconcile.c does not believe, moving them to dropped (if not
 *    NULL, for the self-test's "who saw what"; else they are freed).
 * tools_ran: TOOL() bits of the detectors that ran on this program. tools_complete: those whose
 * every run went to its end (not killed at a timeout or by a limit, not crashed), so that their
 * silence is evidence. Only on RL_ERR_NOMEM (d set) is l left partly merged; it stays valid.
 */
enum rl_err reconcile_findings_ex(struct finding_list *l, unsigned tools_ran,
				  unsigned tools_complete, struct finding_list *dropped,
				  struct diag *d);

/*
 * The same with completeness read from the findings: when any run hung, deadlocked, crashed or hit
 * a limit (a hang, deadlock, crash or resource-limit finding from any tool), no tool's silence is
 * taken as evidence; otherwise every tool that ran counts as complete.
 */
enum rl_err reconcile_findings(struct finding_list *l, unsigned tools_ran, struct diag *d);

#endif
