/* Helpers shared by the CLI commands. */
#include "cli.h"
#include "model/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cli_use_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

int cli_error(const struct diag *d)
{
	fprintf(stderr, "racelab: %s\n", d->msg[0] ? d->msg : rl_err_message(d->code));
	return rl_err_exit_code(d->code);
}

int cli_load_course(struct course *c)
{
	struct diag d = DIAG_INIT;
	char *root = NULL;

	if (course_find_root(&root, &d) != RL_ERR_OK)
		return cli_error(&d);
	if (course_load(c, root, &d) != RL_ERR_OK) {
		free(root);
		return cli_error(&d);
	}
	free(root);
	return 0;
}

const char *cli_support_dir(void)
{
	static char buf[PATH_MAX];

	return buf[0] ? buf : exe_dir(buf, sizeof(buf));
}
