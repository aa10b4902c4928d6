/* The student's progress kept in .racelab/ at the kit's root: last verdicts and hints shown. */
#ifndef RACELAB_STATE_H
#define RACELAB_STATE_H

#include "model/course.h"
#include "model/error.h"
#include "model/result.h"

/* Records each result's verdict in ROOT/.racelab/status (one "slug verdict" line each). */
enum rl_err state_save_verdicts(const char *root, const struct result_set *s, struct diag *d);
/* The last recorded verdict of slug, or NULL if never checked. */
const char *state_verdict(const char *root, const char *slug, char *buf, size_t len);
/* Hints shown so far for slug (0 if none), and its update. */
int state_hints_shown(const char *root, const char *slug);
enum rl_err state_set_hints_shown(const char *root, const char *slug, int n, struct diag *d);
/*
 * After a renumbering (issue 17), moves the verdicts and hint counts that ROOT/.racelab/ keeps
 * under an old slug (an "NN-name" whose number changed) to the exercise's new one; see
 * course_find_renamed(). Returns how many lines moved, listed "old -> new" in msg (truncated to
 * len). Never fails: a file it cannot read or write is left as it was and counts 0.
 */
int state_follow_renames(const char *root, const struct course *c, char *msg, size_t len);

#endif
