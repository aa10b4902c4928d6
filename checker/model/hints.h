/* Reading the graded hints of an exercise from its README's "## Hints" section. */
#ifndef RACELAB_HINTS_H
#define RACELAB_HINTS_H

#include "error.h"

#define HINTS_MAX 9

struct hints {
	char *items[HINTS_MAX]; /* the text of hint 1, 2, ... (trimmed) */
	int nr;
};
#define HINTS_INIT { { NULL }, 0 }

/* Parses the numbered items ("1. ", "2. ", ...) under "## Hints" until the next heading. */
enum rl_err hints_parse(const char *markdown, struct hints *h, struct diag *d);
enum rl_err hints_load(const char *exercise_dir, struct hints *h, struct diag *d);
void hints_release(struct hints *h);

#endif
