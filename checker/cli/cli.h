/* What the CLI commands share: colour policy, the course, and printing errors. */
#ifndef RACELAB_CLI_H
#define RACELAB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "model/course.h"
#include "model/error.h"
#include "model/hints.h"

/* Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
bool cli_use_color(FILE *f);
/* The contract's exit code for a library error: 2 usage or manifest, 3 everything else. */
int cli_exit_code(enum rl_err e);
/* Prints "racelab: message" to stderr (with how to install a missing tool) and returns the contract's exit code for d->code. */
int cli_error(const struct diag *d);
/* Finds the kit's root and loads the course; prints and returns an exit code on failure (else 0). */
int cli_load_course(struct course *c);
/* "racelab check NAME --seed N" and "racelab analyze --seed N NAME": report_opts.repeat_cmd. */
void cli_repeat_check(char *buf, size_t len, const char *name, long seed);
void cli_repeat_analyze(char *buf, size_t len, const char *name, long seed);
/*
 * A command's numeric option: a whole decimal number from lo to hi into *out. Otherwise prints
 * "racelab CMD: OPT takes [UNIT, ]LO to HI, not 'ARG'" and returns false (exit status 2).
 */
bool cli_number(const char *cmd, const char *opt, const char *unit, const char *arg, long lo,
		long hi, long *out);
/*
 * report_opts.revealed_hints for this kit: the hints of exercise `name` that `racelab hint` has
 * shown so far (.racelab/hints), and how many it has in all (-1 when it has none or is unknown).
 */
int cli_revealed_hints(const char *name, struct hints *h);
/*
 * The course as a table (number, exercise, concept, title, status from .racelab/) and a summary
 * line under it; racelab list prints it, and watch on its `l` key.
 */
void cli_print_course(FILE *out, const struct course *c, bool color);
/* "Progress: [#####>----] 5/22 exercises fixed" from the verdicts in .racelab/. */
void cli_print_progress(FILE *out, const struct course *c, bool color);
/* The directory holding the racelab binary (where liblockgraph.so is built). */
const char *cli_support_dir(void);

#endif
