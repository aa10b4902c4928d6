/* racelab list: the exercises in order, with the last verdict of each. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "state.h"

int cmd_list(int argc, char **argv)
{
	struct course c = COURSE_INIT;
	bool color = cli_use_color(stdout);
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: racelab list\n\nLists the exercises in order with their concept and "
		       "the verdict of their last check.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: racelab list\n");
		return 2;
	}
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	for (size_t i = 0; i < c.nr; i++) {
		const struct manifest *m = &c.items[i];
		char buf[32];
		const char *v = state_verdict(c.root, m->slug, buf, sizeof(buf));
		const char *mark = !v ? " " : !strcmp(v, "pass") ? "✓" : "✗";
		const char *on = !color || !v ? "" : !strcmp(v, "pass") ? "\033[32m" : "\033[31m";

		printf("%s%s%s %-30s %-28s %s\n", on, mark, color && v ? "\033[0m" : "", m->slug,
		       m->concept, m->title);
	}
	course_release(&c);
	return 0;
}
