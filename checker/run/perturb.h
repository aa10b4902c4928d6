/*
 * Linking the shims of checker/perturb/ into a program's build: the schedule-perturbation shim
 * (shim.c) into the TSan build, whose wrappers of the program's lock, trylock, unlock, signal,
 * broadcast and timed-wait calls delay threads in the runs that set PERTURB_ENV (and tell TSan of
 * the clock variants it does not intercept); the Helgrind-waits shim (hg_waits.c) into the gcc
 * build Helgrind runs, whose wrappers show Helgrind the semaphore waits and the mutex clocklock
 * it does not intercept.
 */
#ifndef RACELAB_PERTURB_H
#define RACELAB_PERTURB_H

#include <stdbool.h>
#include <stddef.h>

/* The variable whose value (a decimal seed) turns the shim on in one run; unset, it is off. */
#define PERTURB_ENV "RACELAB_PERTURB_SEED"

enum shim_kind {
	SHIM_PERTURB, /* libracelab_perturb.a: the TSan build */
	SHIM_HGWAITS, /* libracelab_hgwaits.a: the gcc build Helgrind and the tracer run */
};

/*
 * A shim's archive: beside the running executable, else in the build directory it was built in.
 * NULL when neither has it: then programs are built without it. Searched once; thread-safe.
 */
const char *shim_archive(enum shim_kind k);
/* shim_archive(SHIM_PERTURB). */
const char *perturb_archive(void);

/*
 * Appends a shim's link arguments (its --wrap flags and the whole archive, which must follow the
 * program's objects: four arguments) to argv[*n...], leaving room below max. The compiler runs
 * in a sandbox that shows it only the workspace, so the archive is first copied into dir (the
 * build's tool directory) as path (room for PATH_MAX), which argv then names. Returns false,
 * adding nothing, when there is no archive, no room, or the copy failed: the program is then
 * built without it.
 */
bool shim_link_args(enum shim_kind k, const char **argv, size_t *n, size_t max, const char *dir,
		    char *path);

#endif
