/* racelab hint: the next graded hint for an exercise, one more each call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "model/hints.h"
#include "state.h"

int cmd_hint(int argc, char **argv)
{
	struct course c = COURSE_INIT;
	struct hints h = HINTS_INIT;
	struct diag d = DIAG_INIT;
	const struct manifest *m;
	bool reset = false;
	const char *name = NULL;
	int rc, shown;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: racelab hint [--reset] EXERCISE\n\nShows the next hint for "
			       "the exercise, one more each call; --reset starts over.\n");
			return 0;
		} else if (!strcmp(argv[i], "--reset")) {
			reset = true;
		} else if (!name && argv[i][0] != '-') {
			name = argv[i];
		} else {
			fprintf(stderr, "usage: racelab hint [--reset] EXERCISE\n");
			return 2;
		}
	}
	if (!name) {
		fprintf(stderr, "usage: racelab hint [--reset] EXERCISE\n");
		return 2;
	}
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	m = course_find(&c, name, &d);
	if (!m || hints_load(m->dir, &h, &d) != RL_ERR_OK) {
		rc = cli_error(&d);
		goto out;
	}
	if (reset) {
		rc = state_set_hints_shown(c.root, m->slug, 0, &d) ? cli_error(&d) : 0;
		if (!rc)
			printf("hints for %s start over\n", m->slug);
		goto out;
	}
	if (!h.nr) {
		printf("%s has no hints; its README.md explains the concept.\n", m->slug);
		goto out;
	}
	shown = state_hints_shown(c.root, m->slug);
	if (shown >= h.nr) {
		printf("No more hints for %s: all %d shown. `racelab hint --reset %s` starts over.\n",
		       m->slug, h.nr, m->slug);
		goto out;
	}
	state_set_hints_shown(c.root, m->slug, shown + 1, &d);
	printf("Hint %d/%d for %s:\n  %s\n", shown + 1, h.nr, m->slug, h.items[shown]);
	/* Reading is for after the last hint: before it, it would give the answer away. */
	if (shown + 1 == h.nr && h.reading)
		printf("\nFurther reading:\n  %s\n", h.reading);
out:
	hints_release(&h);
	course_release(&c);
	return rc;
}
