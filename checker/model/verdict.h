/*
 * The verdict: the one place that turns an exercise's findings and its manifest into pass or fail,
 * decides which findings fail it (errors, and warnings the manifest's fail_on promotes) and what
 * it scores. The pipeline, grading and the self-test all ask here; none decides on its own.
 */
#ifndef RACELAB_VERDICT_H
#define RACELAB_VERDICT_H

#include <stdbool.h>

#include "findings.h"
#include "manifest.h"
#include "result.h"

/* Whether f fails the exercise: an error, or a warning whose kind m's fail_on promotes. */
bool verdict_finding_fails(const struct manifest *m, const struct finding *f);

/* Raises every warning whose kind m's fail_on names to an error, so reports show it failing. */
void verdict_apply_fail_on(const struct manifest *m, struct finding_list *l);

/* Pass when no finding of l is an error (call verdict_apply_fail_on() first), else fail. */
enum verdict verdict_of(const struct finding_list *l);

/*
 * The scoring rule (deterministic: it reads only the verdict and the findings):
 *   pass                                          -> points
 *   fail, and every failing finding is too-slow,
 *     and the manifest's [perf] points > 0        -> points - perf_points (at least 0): partial
 *                                                    credit, the race is fixed but too slow
 *   any other fail                                -> 0
 *   skipped or error                              -> 0
 * The maximum is always m->points.
 */
int verdict_score(const struct manifest *m, const struct exercise_result *r);

#endif
