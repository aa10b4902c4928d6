/*
 * Running an exercise once, plainly, as its README's "run it" suggests (racelab run): the plain
 * build in a private copy, one sandboxed run with the manifest's arguments and timeout, its
 * output kept, and the manifest's functional check. No detector runs.
 */
#ifndef RACELAB_RUN_ONCE_H
#define RACELAB_RUN_ONCE_H

#include <stdbool.h>

#include "check/pipeline.h"
#include "model/findings.h"
#include "model/manifest.h"
#include "run/spawn.h"

#define RUN_ONCE_OUTPUT_CAP (256u << 10) /* bytes of stdout and of stderr kept */

struct run_once {
	bool built;                  /* false: findings holds the build error */
	struct spawn_result result;  /* how the run ended (when built) */
	char *out, *err;             /* what it printed, capped (malloc'd; may be NULL) */
	struct finding_list findings;/* the build error, or what the functional check says */
};
#define RUN_ONCE_INIT { .findings = FINDING_LIST_INIT }

/*
 * Builds m's plain variant (o->overlay_dir overlaid, as check does) and runs it once. A CUDA
 * exercise is RL_ERR_USAGE: it needs `racelab check`. Returns an error only when racelab itself
 * failed (a missing compiler, no temporary directory); the program's own failure is in r.
 */
enum rl_err run_once(const struct manifest *m, const struct check_opts *o, struct run_once *r,
		     struct diag *d);
void run_once_release(struct run_once *r);

#endif
