/* The student's progress kept in .racelab/ at the kit's root: last verdicts and hints shown. */
#ifndef RACELAB_STATE_H
#define RACELAB_STATE_H

#include "model/error.h"
#include "model/result.h"

/* Records each result's verdict in ROOT/.racelab/status (one "slug verdict" line each). */
enum rl_err state_save_verdicts(const char *root, const struct result_set *s, struct diag *d);
/* The last recorded verdict of slug, or NULL if never checked. */
const char *state_verdict(const char *root, const char *slug, char *buf, size_t len);
/* Hints shown so far for slug (0 if none), and its update. */
int state_hints_shown(const char *root, const char *slug);
enum rl_err state_set_hints_shown(const char *root, const char *slug, int n, struct diag *d);

#endif
