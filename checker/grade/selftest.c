/* The course self-test's judgement, apart from the CLI that runs the checks and prints them. */
#include "selftest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

#define LAZY_MAX 64

static struct selftest_case *plan_add(struct selftest_plan *p, enum selftest_role role,
				      struct diag *d)
{
	struct selftest_case *c;

	if (p->nr == p->alloc) {
		size_t n = p->alloc ? p->alloc * 2 : 8;
		struct selftest_case *items = realloc(p->items, n * sizeof(*items));

		if (!items) {
			diag_set(d, RL_ERR_NOMEM, "out of memory");
			return NULL;
		}
		p->items = items;
		p->alloc = n;
	}
	c = &p->items[p->nr++];
	memset(c, 0, sizeof(*c));
	c->role = role;
	return c;
}

/* One declared lazy fix: its name and kinds from the expect file, whether its folder was seen. */
struct lazy_entry {
	char name[128];
	unsigned kinds;
	unsigned any[SELFTEST_ANY_MAX];
	int nr_any;
	char problem[256];
	bool seen;
};

/*
 * One comma-separated item of an expect line: a kind that must be found, or `kind | kind` of which
 * one must be found. A bad name becomes the entry's problem.
 */
static void parse_item(char *item, struct lazy_entry *e, const char *path, int lineno)
{
	bool group = strchr(item, '|') != NULL;
	unsigned set = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(item, "| \t", &save); tok; tok = strtok_r(NULL, "| \t", &save)) {
		int k = finding_kind_parse(tok);

		if (k < 0) {
			snprintf(e->problem, sizeof(e->problem), "%s:%d: unknown finding kind '%s'",
				 path, lineno, tok);
			return;
		}
		set |= 1u << k;
	}
	if (!group)
		e->kinds |= set;
	else if (e->nr_any == SELFTEST_ANY_MAX)
		snprintf(e->problem, sizeof(e->problem), "%s:%d: more than %d `a | b` groups", path,
			 lineno, SELFTEST_ANY_MAX);
	else if (set)
		e->any[e->nr_any++] = set;
}

/* Parses "NAME: kind, kind | kind" lines; a bad line becomes the problem of the entry it names. */
static int read_expect(const char *path, struct lazy_entry *e, int max, char *problem, size_t len)
{
	char line[512];
	int n = 0, lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(problem, len, "%s: %s (each lazy fix's expected kinds live there)", path,
			 strerror(errno));
		return 0;
	}
	while (fgets(line, sizeof(line), f) && n < max) {
		char *s = line, *colon, *item, *save = NULL;

		lineno++;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		colon = strchr(s, ':');
		memset(&e[n], 0, sizeof(e[n]));
		if (!colon) {
			snprintf(problem, len, "%s:%d: expected `NAME: kind, kind`", path, lineno);
			continue;
		}
		*colon = '\0';
		snprintf(e[n].name, sizeof(e[n].name), "%.*s", (int)strcspn(s, " \t"), s);
		for (int i = 0; i < n; i++)
			if (!strcmp(e[i].name, e[n].name))
				snprintf(e[n].problem, sizeof(e[n].problem), "%s:%d: '%s' named twice",
					 path, lineno, e[n].name);
		for (item = strtok_r(colon + 1, ",\r\n", &save); item;
		     item = strtok_r(NULL, ",\r\n", &save))
			parse_item(item, &e[n], path, lineno);
		if (!e[n].kinds && !e[n].nr_any && !e[n].problem[0])
			snprintf(e[n].problem, sizeof(e[n].problem),
				 "%s:%d: no finding kind named: a lazy fix must fail for a reason", path,
				 lineno);
		n++;
	}
	fclose(f);
	return n;
}

static enum rl_err plan_lazy(const struct manifest *m, const char *root, struct selftest_plan *p,
			     struct diag *d)
{
	struct lazy_entry e[LAZY_MAX];
	char top[PATH_MAX], dir[PATH_MAX], expect[PATH_MAX], problem[512] = "";
	struct selftest_case *c;
	struct dirent *de;
	DIR *dp;
	int n;

	snprintf(top, sizeof(top), "%s/tests/kit/lazy", root);
	snprintf(dir, sizeof(dir), "%s/%s", top, m->slug);
	if (!path_is_dir(top) || (m->no_lazy_fixes && !path_is_dir(dir))) {
		if (m->no_lazy_fixes)
			return RL_ERR_OK;
		c = plan_add(p, SELFTEST_LAZY, d);
		if (!c)
			return RL_ERR_NOMEM;
		snprintf(c->what, sizeof(c->what), "lazy fixes");
		snprintf(c->problem, sizeof(c->problem), "no tests/kit/lazy/ in this kit");
		c->skip = true;
		return RL_ERR_OK;
	}
	if (m->no_lazy_fixes) {
		c = plan_add(p, SELFTEST_LAZY, d);
		if (!c)
			return RL_ERR_NOMEM;
		snprintf(c->what, sizeof(c->what), "lazy fixes");
		snprintf(c->problem, sizeof(c->problem), "%s exists but the manifest says "
			 "no_lazy_fixes = yes", dir);
		return RL_ERR_OK;
	}
	snprintf(expect, sizeof(expect), "%s/expect", dir);
	n = read_expect(expect, e, LAZY_MAX, problem, sizeof(problem));
	if (problem[0] || !n) {
		c = plan_add(p, SELFTEST_LAZY, d);
		if (!c)
			return RL_ERR_NOMEM;
		snprintf(c->what, sizeof(c->what), "lazy fixes");
		snprintf(c->problem, sizeof(c->problem), "%s", problem[0] ? problem :
			 "no lazy fix declared (no_lazy_fixes = yes in the manifest if none is meant)");
		return RL_ERR_OK;
	}
	dp = opendir(dir);
	while (dp && (de = readdir(dp))) {
		char sub[PATH_MAX];
		bool declared = false;

		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || !path_is_dir(sub))
			continue;
		for (int i = 0; i < n; i++)
			if (!strcmp(e[i].name, de->d_name))
				declared = e[i].seen = true;
		if (declared)
			continue;
		c = plan_add(p, SELFTEST_LAZY, d);
		if (!c) {
			closedir(dp);
			return RL_ERR_NOMEM;
		}
		snprintf(c->what, sizeof(c->what), "lazy fix '%s'", de->d_name);
		snprintf(c->problem, sizeof(c->problem), "%s names no expected kinds for it", expect);
	}
	if (dp)
		closedir(dp);
	for (int i = 0; i < n; i++) {
		c = plan_add(p, SELFTEST_LAZY, d);
		if (!c)
			return RL_ERR_NOMEM;
		snprintf(c->what, sizeof(c->what), "lazy fix '%s'", e[i].name);
		snprintf(c->dir, sizeof(c->dir), "%s/%s", dir, e[i].name);
		c->expect_kinds = e[i].kinds;
		memcpy(c->expect_any, e[i].any, sizeof(c->expect_any));
		c->nr_any = e[i].nr_any;
		if (e[i].problem[0])
			snprintf(c->problem, sizeof(c->problem), "%s", e[i].problem);
		else if (!e[i].seen)
			snprintf(c->problem, sizeof(c->problem), "%s is missing (declared in %s)",
				 c->dir, expect);
	}
	return RL_ERR_OK;
}

enum rl_err selftest_plan_exercise(const struct manifest *m, const char *root,
				   struct selftest_plan *p, struct diag *d)
{
	struct selftest_case *c = plan_add(p, SELFTEST_EXERCISE, d);
	char top[PATH_MAX];

	if (!c)
		return RL_ERR_NOMEM;
	snprintf(c->what, sizeof(c->what), "exercise");
	c->expect_kinds = m->expect_kinds;
	if (!m->no_solution) {
		c = plan_add(p, SELFTEST_SOLUTION, d);
		if (!c)
			return RL_ERR_NOMEM;
		snprintf(c->what, sizeof(c->what), "solution");
		snprintf(top, sizeof(top), "%s/solutions", root);
		snprintf(c->dir, sizeof(c->dir), "%s/%s", top, m->slug);
		/* A student tarball ships no solutions/ at all: nothing to prove, and it says so. */
		if (!path_is_dir(top)) {
			snprintf(c->problem, sizeof(c->problem), "no solutions/ in this kit");
			c->skip = true;
		} else if (!path_is_dir(c->dir)) {
			snprintf(c->problem, sizeof(c->problem), "%s is missing (set no_solution = yes "
				 "in the manifest if none is meant)", c->dir);
		}
	}
	return plan_lazy(m, root, p, d);
}

void selftest_plan_release(struct selftest_plan *p)
{
	free(p->items);
	p->items = NULL;
	p->nr = p->alloc = 0;
}

/* Appends "; missing KIND" for each expected kind r lacks; false if any is missing. */
static bool has_kinds(unsigned kinds, const struct exercise_result *r, char *why, size_t len)
{
	bool all = true;

	for (int k = 0; k < FK__COUNT; k++)
		if ((kinds & (1u << k)) && !finding_list_has_kind(&r->findings, k)) {
			size_t used = strlen(why);

			all = false;
			snprintf(why + used, len - used, "%smissing %s", used ? "; " : "",
				 finding_kind_name(k));
		}
	return all;
}

/* Appends "; missing one of A | B" for each group of which r shows no kind; false if any. */
static bool has_any(const struct selftest_case *c, const struct exercise_result *r, char *why,
		    size_t len)
{
	bool all = true;

	for (int g = 0; g < c->nr_any; g++) {
		bool found = false;
		size_t used;

		for (int k = 0; k < FK__COUNT && !found; k++)
			found = (c->expect_any[g] & (1u << k)) &&
				finding_list_has_kind(&r->findings, k);
		if (found)
			continue;
		all = false;
		used = strlen(why);
		snprintf(why + used, len - used, "%smissing one of", used ? "; " : "");
		for (int k = 0, first = 1; k < FK__COUNT; k++)
			if (c->expect_any[g] & (1u << k)) {
				used = strlen(why);
				snprintf(why + used, len - used, "%s%s", first ? " " : " | ",
					 finding_kind_name(k));
				first = 0;
			}
	}
	return all;
}

enum selftest_outcome selftest_judge(const struct selftest_case *c, const struct exercise_result *r,
				     char *why, size_t len)
{
	bool ok;

	why[0] = '\0';
	if (c->problem[0]) {
		snprintf(why, len, "%s", c->problem);
		return c->skip ? SELFTEST_SKIP : SELFTEST_FAIL;
	}
	if (r->verdict == VERDICT_SKIPPED) {
		snprintf(why, len, "%s", r->note ? r->note : "skipped");
		return SELFTEST_SKIP;
	}
	if (c->role == SELFTEST_SOLUTION) {
		snprintf(why, len, "%s (expected pass)%s%s", verdict_name(r->verdict),
			 r->note ? ": " : "", r->note ? r->note : "");
		return r->verdict == VERDICT_PASS ? SELFTEST_OK : SELFTEST_FAIL;
	}
	/* The exercise and a lazy fix: a fail, and for the expected reasons (not a build error). */
	ok = r->verdict == VERDICT_FAIL;
	if (!ok)
		snprintf(why, len, "verdict %s, expected fail%s%s", verdict_name(r->verdict),
			 r->note ? ": " : "", r->note ? r->note : "");
	ok &= has_kinds(c->expect_kinds, r, why, len);
	ok &= has_any(c, r, why, len);
	if (ok)
		snprintf(why, len, "fails as expected");
	return ok ? SELFTEST_OK : SELFTEST_FAIL;
}

void selftest_tally_add(struct selftest_tally *t, enum selftest_outcome o)
{
	if (o == SELFTEST_OK)
		t->passed++;
	else if (o == SELFTEST_SKIP)
		t->skipped++;
	else
		t->failed++;
}

bool selftest_tally_ok(const struct selftest_tally *t)
{
	return t->failed == 0 && t->passed + t->skipped == t->expected;
}
