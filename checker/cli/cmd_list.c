/* racelab list: the exercises in order as a table, with the last verdict of each and a summary. */
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
		printf("usage: racelab list\n\nLists the exercises in order as a table: number, "
		       "exercise, concept, title and the status of its last check (fixed, failing, "
		       "- not checked), then how many are fixed.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: racelab list\n");
		return 2;
	}
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	cli_print_course(stdout, &c, color);
	course_release(&c);
	return 0;
}
