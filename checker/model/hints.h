/* Reading the graded hints of an exercise from its README's "## Hints" section. */
#ifndef RACELAB_HINTS_H
#define RACELAB_HINTS_H

#include "error.h"

#define HINTS_MAX 9

struct hints {
	char *items[HINTS_MAX]; /* the text of hint 1, 2, ... (trimmed) */
	int nr;
	char *reading;          /* the "## Further reading" section as one line, or NULL */
};
#define HINTS_INIT { { NULL }, 0, NULL }

/*
 * Parses the numbered items ("1. ", "2. ", ...) under "## Hints" until the next heading; an item
 * runs on over its indented lines, and ends at a blank line followed by a paragraph that is not
 * indented (Markdown's rule: that paragraph is no longer part of the list). The text under
 * "## Further reading" goes to h->reading, joined into one line.
 */
enum rl_err hints_parse(const char *markdown, struct hints *h, struct diag *d);
enum rl_err hints_load(const char *exercise_dir, struct hints *h, struct diag *d);
void hints_release(struct hints *h);

#endif
