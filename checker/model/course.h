/* The course on disk: finding the kit's root, listing exercises in order, resolving "03" to a slug. */
#ifndef RACELAB_COURSE_H
#define RACELAB_COURSE_H

#include <stddef.h>

#include "error.h"
#include "manifest.h"

struct course {
	char *root;              /* the kit's root: the directory holding exercises/ */
	struct manifest *items;  /* sorted by order, then slug */
	size_t nr;
};
#define COURSE_INIT { NULL, NULL, 0 }

/*
 * Finds the kit's root: $RACELAB_ROOT, else the first directory from cwd upwards that holds
 * exercises/ with at least one exercise.ini, else the source tree racelab was built from.
 */
enum rl_err course_find_root(char **root, struct diag *d);
/* Loads every exercises/ * /exercise.ini under root. A broken manifest fails the whole load. */
enum rl_err course_load(struct course *c, const char *root, struct diag *d);
/* Resolves "03", "3", "03-bank" or a full slug; NULL (d set) if none or ambiguous. */
const struct manifest *course_find(const struct course *c, const char *name, struct diag *d);
void course_release(struct course *c);

#endif
