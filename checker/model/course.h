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
/*
 * Resolves "03", "3", "03-bank" or a full slug; failing those, a slug's name without its number
 * ("bank-a") or an old slug whose number changed ("07-bank-a"), through course_find_renamed().
 * NULL (d set) if none or ambiguous.
 */
const struct manifest *course_find(const struct course *c, const char *name, struct diag *d);
/* A slug without its leading "NN-": "semaphore-rendezvous" for "13-semaphore-rendezvous". */
const char *course_slug_name(const char *slug);
/*
 * The exercise that name, a bare name or a slug from an older numbering, stands for now: the one
 * exercise whose slug has the same name after its number. NULL when name is a slug of this course
 * (it was not renamed), when no exercise or more than one has that name.
 */
const struct manifest *course_find_renamed(const struct course *c, const char *name);
void course_release(struct course *c);

#endif
