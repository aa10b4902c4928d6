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
	char *root = NULL, moved[1024];

	if (course_find_root(&root, &d) != RL_ERR_OK)
		return cli_error(&d);
	if (course_load(c, root, &d) != RL_ERR_OK) {
		free(root);
		return cli_error(&d);
	}
	free(root);
	if (state_follow_renames(c->root, c, moved, sizeof(moved)) > 0)
		fprintf(stderr, "racelab: the exercises were renumbered; your progress in .racelab/ "
			"moved with them: %s\n", moved);
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

/* What a recorded verdict means to the student; "" when the exercise was never checked. */
static const char *status_word(const char *v)
{
	if (!v)
		return "";
	if (!strcmp(v, "pass"))
		return "fixed";
	if (!strcmp(v, "fail"))
		return "failing";
	return v; /* error, skipped */
}

static int count_fixed(const struct course *c, int *failing, int *unchecked)
{
	int fixed = 0;

	*failing = *unchecked = 0;
	for (size_t i = 0; i < c->nr; i++) {
		char buf[32];
		const char *v = state_verdict(c->root, c->items[i].slug, buf, sizeof(buf));

		if (!v)
			(*unchecked)++;
		else if (!strcmp(v, "pass"))
			fixed++;
		else
			(*failing)++;
	}
	return fixed;
}

void cli_print_progress(FILE *out, const struct course *c, bool color)
{
	enum { BAR = 30 };
	int failing, unchecked, fixed = count_fixed(c, &failing, &unchecked);
	int filled = c->nr ? (int)((size_t)fixed * BAR / c->nr) : 0;

	fputs("Progress: [", out);
	fputs(color && filled ? "\033[32m" : "", out);
	for (int i = 0; i < filled; i++)
		fputc('#', out);
	fputs(color && filled ? "\033[0m" : "", out);
	if (filled < BAR)
		fputc('>', out);
	for (int i = filled + 1; i < BAR; i++)
		fputc('-', out);
	fprintf(out, "] %d/%zu exercises fixed\n", fixed, c->nr);
}

void cli_print_course(FILE *out, const struct course *c, bool color)
{
	int wslug = (int)strlen("exercise"), wtitle = (int)strlen("title");
	int failing, unchecked, fixed;

	for (size_t i = 0; i < c->nr; i++) {
		const struct manifest *m = &c->items[i];
		int n;

		if ((n = (int)strlen(m->slug)) > wslug)
			wslug = n;
		if (m->title && (n = (int)strlen(m->title)) > wtitle)
			wtitle = n;
	}
	/* The concept, the longest text, goes last: on a narrow terminal only it wraps. */
	fprintf(out, "%s%-3s  %-9s  %-*s  %-*s  %s%s\n", color ? "\033[1m" : "", "#", "status",
		wslug, "exercise", wtitle, "title", "concept", color ? "\033[0m" : "");
	for (size_t i = 0; i < c->nr; i++) {
		const struct manifest *m = &c->items[i];
		char buf[32], status[32];
		const char *v = state_verdict(c->root, m->slug, buf, sizeof(buf));
		const char *on = !color || !v ? "" : !strcmp(v, "pass") ? "\033[32m" : "\033[31m";

		snprintf(status, sizeof(status), "%s%s", !v ? "-" : !strcmp(v, "pass") ? "✓ " : "✗ ",
			 status_word(v));
		/* "✓" is three bytes but one column: pad by columns, not bytes. */
		fprintf(out, "%-3zu  %s%s%s%*s  %-*s  %-*s  %s\n", i + 1, on, status,
			*on ? "\033[0m" : "", 9 - (v ? 2 + (int)strlen(status_word(v)) : 1), "",
			wslug, m->slug, wtitle, m->title ? m->title : "",
			m->concept ? m->concept : "");
	}
	fixed = count_fixed(c, &failing, &unchecked);
	fprintf(out, "\n%d/%zu exercises fixed, %d failing, %d not checked yet\n", fixed, c->nr,
		failing, unchecked);
}
