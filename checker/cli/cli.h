/* What the CLI commands share: colour policy, the course, and printing errors. */
#ifndef RACELAB_CLI_H
#define RACELAB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "model/course.h"
#include "model/error.h"

/* Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
bool cli_use_color(FILE *f);
/* Prints "racelab: message" to stderr and returns the contract's exit code for d->code. */
int cli_error(const struct diag *d);
/* Finds the kit's root and loads the course; prints and returns an exit code on failure (else 0). */
int cli_load_course(struct course *c);
/* The directory holding the racelab binary (where liblockgraph.so is built). */
const char *cli_support_dir(void);

#endif
