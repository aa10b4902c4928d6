/* Helpers shared by the CLI commands. */
#include "cli.h"
#include "model/util.h"
#include "state.h"

#include <errno.h>
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

/* The contract's exit codes (design.md): 2 usage or manifest, 3 internal error or missing tool. */
int cli_exit_code(enum rl_err e)
{
	switch (e) {
	case RL_ERR_OK:
		return 0;
	case RL_ERR_USAGE:
	case RL_ERR_MANIFEST:
	case RL_ERR_NOTFOUND:
		return 2;
	default:
		return 3;
	}
}

int cli_error(const struct diag *d)
{
	fprintf(stderr, "racelab: %s%s\n", d->msg[0] ? d->msg : rl_err_message(d->code),
		d->missing_tool ? ": run `make deps`" : "");
	return cli_exit_code(d->code);
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

void cli_repeat_check(char *buf, size_t len, const char *name, long seed)
{
	snprintf(buf, len, "racelab check %s --seed %ld", name, seed);
}

void cli_repeat_analyze(char *buf, size_t len, const char *name, long seed)
{
	snprintf(buf, len, "racelab analyze --seed %ld %s", seed, name);
}

bool cli_number(const char *cmd, const char *opt, const char *unit, const char *arg, long lo,
		long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end != arg && !*end && !errno && v >= lo && v <= hi) {
		*out = v;
		return true;
	}
	fprintf(stderr, "racelab %s: %s takes %s%s%ld to %ld, not '%s'\n", cmd, opt,
		unit ? unit : "", unit ? ", " : "", lo, hi, arg);
	return false;
}

int cli_revealed_hints(const char *name, struct hints *h)
{
	struct diag d = DIAG_INIT;
	char *root = NULL, dir[PATH_MAX];
	int shown, total = -1;

	if (course_find_root(&root, &d) != RL_ERR_OK)
		return -1;
	snprintf(dir, sizeof(dir), "%s/exercises/%s", root, name);
	/* A name with a slash is not an exercise of this kit (analyze names a file). */
	if (!strchr(name, '/') && hints_load(dir, h, &d) == RL_ERR_OK && h->nr > 0) {
		total = h->nr;
		shown = state_hints_shown(root, name);
		if (shown < 0)
			shown = 0;
		while (h->nr > shown) {
			free(h->items[--h->nr]);
			h->items[h->nr] = NULL;
		}
	}
	free(root);
	return total;
}
