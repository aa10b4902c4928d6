/*
 * Linking the schedule-perturbation shim (checker/perturb/shim.c) into the TSan build: the link
 * arguments that route the program's lock, trylock, unlock, signal, broadcast and timed-wait calls
 * through the shim, which delays threads at those points in the runs that set PERTURB_ENV.
 */
#ifndef RACELAB_PERTURB_H
#define RACELAB_PERTURB_H

#include <stdbool.h>
#include <stddef.h>

/* The variable whose value (a decimal seed) turns the shim on in one run; unset, it is off. */
#define PERTURB_ENV "RACELAB_PERTURB_SEED"

/*
 * The shim's archive (libracelab_perturb.a): beside the running executable, else in the build
 * directory it was built in. NULL when neither has it: then programs are built without it.
 * Searched once; thread-safe.
 */
const char *perturb_archive(void);

/*
 * Appends the shim's link arguments (the --wrap flags and the whole archive, which must follow
 * the program's objects: four arguments) to argv[*n...], leaving room below max. The compiler runs in a sandbox that
 * shows it only the workspace, so the archive is first copied into dir (the build's tool
 * directory) as path (room for PATH_MAX), which argv then names. Returns false, adding nothing,
 * when there is no archive, no room, or the copy failed: the program is then built without it.
 */
bool perturb_link_args(const char **argv, size_t *n, size_t max, const char *dir, char *path);

#endif
