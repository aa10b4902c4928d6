/* Parsing exercise.ini with inih into struct manifest, with errors that name file:line. */
#include "manifest.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest exercise.ini read: a manifest is a few hundred bytes, anything near this is not one. */
#define MANIFEST_MAX_BYTES (1 << 20)

/* Parser state: inih gives no line numbers to handlers, so our reader counts them. */
struct parse_state {
	struct manifest *m;
	const char *text;  /* the manifest's bytes, not NUL-terminated */
	size_t len, pos;
	const char *path;
	int line;
	unsigned seen[64]; /* one bit per key index in keys[]: duplicates are errors */
	struct diag *d;
};

enum key_type { K_STR, K_INT, K_BOOL, K_LIST, K_KINDS, K_DOUBLE };

struct key {
	const char *section, *name;
	enum key_type type;
	size_t offset;     /* into struct manifest */
	size_t count_off;  /* K_LIST: offset of the size_t count */
	int min, max;      /* K_INT bounds */
	bool required;
};

#define OFF(f) offsetof(struct manifest, f)
static const struct key keys[] = {
	{ "exercise", "title", K_STR, OFF(title), 0, 0, 0, true },
	{ "exercise", "concept", K_STR, OFF(concept), 0, 0, 0, true },
	{ "exercise", "order", K_INT, OFF(order), 0, 0, 100000, false },
	{ "exercise", "points", K_INT, OFF(points), 0, 0, 1000, false },
	{ "exercise", "sources", K_LIST, OFF(sources), OFF(nsources), 0, 0, true },
	{ "exercise", "editable", K_LIST, OFF(editable), OFF(neditable), 0, 0, true },
	{ "exercise", "common", K_LIST, OFF(common), OFF(ncommon), 0, 0, false },
	{ "exercise", "args", K_LIST, OFF(args), OFF(nargs), 0, 0, false },
	{ "exercise", "cflags", K_STR, OFF(cflags), 0, 0, 0, false },
	{ "exercise", "libs", K_STR, OFF(libs), 0, 0, 0, false },
	{ "exercise", "cuda", K_BOOL, OFF(cuda), 0, 0, 0, false },
	{ "exercise", "build", K_STR, OFF(build), 0, 0, 0, false },
	{ "exercise", "module", K_STR, OFF(module), 0, 0, 0, false },
	{ "exercise", "run", K_LIST, OFF(run), OFF(nrun), 0, 0, false },
	{ "expect", "exit", K_INT, OFF(exit_status), 0, 0, 255, false },
	{ "expect", "stdout", K_STR, OFF(stdout_regex), 0, 0, 0, false },
	{ "expect", "findings", K_KINDS, OFF(expect_kinds), 0, 0, 0, true },
	{ "expect", "no_solution", K_BOOL, OFF(no_solution), 0, 0, 0, false },
	{ "expect", "no_lazy_fixes", K_BOOL, OFF(no_lazy_fixes), 0, 0, 0, false },
	{ "check", "tsan", K_BOOL, OFF(detectors.tsan), 0, 0, 0, false },
	{ "check", "helgrind", K_BOOL, OFF(detectors.helgrind), 0, 0, 0, false },
	{ "check", "lockgraph", K_BOOL, OFF(detectors.lockgraph), 0, 0, 0, false },
	{ "check", "runs", K_INT, OFF(runs), 0, 1, 50, false },
	{ "check", "explore", K_INT, OFF(explore), 0, 0, MANIFEST_MAX_EXPLORE, false },
	{ "check", "timeout", K_INT, OFF(timeout_s), 0, 1, 600, false },
	{ "check", "min_threads", K_INT, OFF(min_threads), 0, 0, 1000, false },
	{ "check", "fail_on", K_KINDS, OFF(fail_on), 0, 0, 0, false },
	{ "check", "starvation_ms", K_INT, OFF(starvation_ms), 0, 10, 600000, false },
	{ "check", "hold_blocking_ms", K_INT, OFF(hold_blocking_ms), 0, 1, 600000, false },
	{ "check", "hang_ms", K_INT, OFF(hang_ms), 0, 100, 600000, false },
	{ "perf", "min_speedup", K_DOUBLE, OFF(min_speedup), 0, 0, 0, false },
	{ "perf", "baseline_args", K_LIST, OFF(baseline_args), OFF(nbaseline_args), 0, 0, false },
	{ "perf", "max_seconds", K_DOUBLE, OFF(max_seconds), 0, 0, 0, false },
	{ "perf", "points", K_INT, OFF(perf_points), 0, 0, 1000, false },
};
#undef OFF
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/*
 * inih's stream reader over the text, with fgets' contract (a line up to its newline, at most
 * size - 1 bytes, NUL-terminated; NULL at the end), so a long line is split as it was when the
 * file was read with fgets and line numbers stay the same.
 */
static char *reader(char *buf, int size, void *stream)
{
	struct parse_state *st = stream;
	size_t n = 0;

	if (size < 2 || st->pos >= st->len)
		return NULL;
	while (n < (size_t)size - 1 && st->pos < st->len) {
		char c = st->text[st->pos++];

		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	st->line++;
	return buf;
}

static int fail(struct parse_state *st, const char *fmt, const char *a, const char *b)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, a, b);
	diag_set(st->d, RL_ERR_MANIFEST, "%s:%d: %s", st->path, st->line, msg);
	return 0;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = true, true;
		if (!strcasecmp(v, no[i]))
			return *out = false, true;
	}
	return false;
}

/* Splits v on commas and blanks into at most max fresh strings appended at list[*n]. */
static int split_list(struct parse_state *st, const char *name, const char *v, char **list,
		      size_t *n, size_t max)
{
	const char *p = v;

	while (*p) {
		size_t len;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		len = strcspn(p, ", \t");
		if (*n >= max)
			return fail(st, "too many entries in '%s' (at most %s)", name,
				    "16");
		list[*n] = strndup(p, len);
		if (!list[*n])
			return diag_set(st->d, RL_ERR_NOMEM, "out of memory"), 0;
		(*n)++;
		p += len;
	}
	return 1;
}

static int parse_kinds(struct parse_state *st, const char *name, const char *v, unsigned *out)
{
	char *tmp[MANIFEST_MAX_FILES] = { 0 };
	size_t n = 0;
	int ok = split_list(st, name, v, tmp, &n, MANIFEST_MAX_FILES);

	for (size_t i = 0; i < n; i++) {
		int k = ok ? finding_kind_parse(tmp[i]) : 0;

		if (ok && k < 0)
			ok = fail(st, "unknown finding kind '%s' in '%s' (see exercises/README.md)",
				  tmp[i], name);
		else if (ok)
			*out |= 1u << k;
		free(tmp[i]);
	}
	return ok;
}

/* A file name in a manifest must stay inside the exercise: no slashes, no dot-files. */
static bool safe_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/');
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *st = user;
	char *base = (char *)st->m;
	const struct key *k = NULL;
	size_t idx;
	char *end;

	for (idx = 0; idx < NKEYS; idx++)
		if (!strcmp(keys[idx].section, section) && !strcmp(keys[idx].name, name)) {
			k = &keys[idx];
			break;
		}
	if (!k) {
		for (size_t i = 0; i < NKEYS; i++)
			if (!strcmp(keys[i].section, section))
				return fail(st, "unknown key '%s' in [%s]", name, section);
		return fail(st, "unknown section [%s]%s", section, "");
	}
	if ((st->seen[idx / 32] >> (idx % 32)) & 1 && k->type != K_LIST)
		return fail(st, "duplicate key '%s' in [%s]", name, section);
	st->seen[idx / 32] |= 1u << (idx % 32);

	switch (k->type) {
	case K_STR: {
		char **dst = (char **)(base + k->offset);

		if (!(*dst = strdup(value)))
			return diag_set(st->d, RL_ERR_NOMEM, "out of memory"), 0;
		return 1;
	}
	case K_INT: {
		long v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < k->min || v > k->max) {
			char range[64];

			snprintf(range, sizeof(range), "an integer from %d to %d", k->min, k->max);
			return fail(st, "'%s' must be %s", name, range);
		}
		*(int *)(base + k->offset) = (int)v;
		return 1;
	}
	case K_DOUBLE: {
		double v;

		errno = 0;
		v = strtod(value, &end);
		if (errno || end == value || *end || !(v >= 0 && v < 1e6))
			return fail(st, "'%s' must be a number >= 0, not '%s'", name, value);
		*(double *)(base + k->offset) = v;
		return 1;
	}
	case K_BOOL:
		if (!parse_bool(value, (bool *)(base + k->offset)))
			return fail(st, "'%s' must be on or off, not '%s'", name, value);
		return 1;
	case K_KINDS:
		return parse_kinds(st, name, value, (unsigned *)(base + k->offset));
	case K_LIST: {
		size_t max = k->offset == offsetof(struct manifest, args) ||
					     k->offset == offsetof(struct manifest, baseline_args) ||
					     k->offset == offsetof(struct manifest, run)
				     ? MANIFEST_MAX_ARGS
				     : MANIFEST_MAX_FILES;

		return split_list(st, name, value, (char **)(base + k->offset),
				  (size_t *)(base + k->count_off), max);
	}
	}
	return 0;
}

static bool file_exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/*
 * glibc's regcomp copies a subexpression for each count of `+` and `{n,m}`, then computes epsilon
 * closures over the copies, so nested or stacked repetitions cost exponential time and memory:
 * `a+++...` (40 of them) or `((a*)*){1,2000}` compile for minutes. The size of the expanded
 * expression is estimated (an atom, a group's brackets and a `|` are 1; a repetition multiplies
 * what it repeats by its count, by 2 for `*`, `+` and `?`; sequences and alternatives add) and
 * refused past REGEX_MAX_COST, where regcomp still takes about 0.1 s; the exercises' patterns cost
 * under 60. Back-references are refused too: they make matching the program's output exponential.
 */
#define REGEX_MAX_COST 1000
#define REGEX_MAX_LEN 512
#define REGEX_MAX_DEPTH 32

static const char *regex_untamed(const char *re)
{
	/* Per open group: the cost of its finished items, and of the last atom (a repetition's). */
	double total[REGEX_MAX_DEPTH + 1] = { 0 }, last[REGEX_MAX_DEPTH + 1] = { 0 };
	int depth = 0;

	if (strlen(re) > REGEX_MAX_LEN)
		return "is longer than 512 characters";
	for (const char *p = re; *p; p++) {
		double atom = 1, factor = 0;

		if (*p == '\\') {
			if (p[1] >= '1' && p[1] <= '9')
				return "uses a back-reference";
			if (p[1])
				p++;
		} else if (*p == '[') {
			/* A bracket expression: a ']' first (after an optional '^') is a member. */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == '(') {
			if (depth == REGEX_MAX_DEPTH)
				return "nests groups more than 32 deep";
			depth++;
			total[depth] = last[depth] = 0;
			continue;
		} else if (*p == ')' && depth > 0) {
			/* The group's own nodes count: `(){,20000}` is 20000 copies of them. */
			atom = total[depth] + last[depth] + 1;
			depth--;
		} else if (*p == '|') {
			total[depth] += last[depth] + 1;
			last[depth] = 0;
			continue;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			factor = 2;
		} else if (*p == '{' && (isdigit((unsigned char)p[1]) ||
				       (p[1] == ',' && isdigit((unsigned char)p[2])))) {
			/* {n}: n copies; {n,m} and glibc's {,m}: m; {n,}: n + 1 (the last starred). */
			char *end;
			double n = (double)strtoul(p + 1, &end, 10);

			factor = n;
			if (*end == ',')
				factor = isdigit((unsigned char)end[1]) ? (double)strtoul(end + 1, &end, 10)
									: n + 1;
			if (*end == '}')
				p = end;
			factor = factor > 1 ? factor : 1;
		}
		if (factor > 0) {
			last[depth] *= factor;
		} else {
			total[depth] += last[depth];
			last[depth] = atom;
		}
		if (total[depth] + last[depth] > REGEX_MAX_COST)
			return "repeats too much (nested or stacked repetitions expand past what the "
			       "regex compiler handles in reasonable time)";
	}
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

/*
 * [exercise] build = shared-object: the sources become the shared object `module` in the
 * program's directory, and `run` (an interpreter) loads it. The interpreter is checked at check
 * time (a missing tool, not a bad manifest). TSan needs every instrumented frame, the
 * interpreter's too, and the -O2 speed build would overwrite the one module file: both are
 * refused here, with what to write instead.
 */
static enum rl_err validate_build(struct parse_state *st)
{
	struct manifest *m = st->m;

	if (m->build && strcmp(m->build, "program") && strcmp(m->build, "shared-object"))
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: [exercise] build must be program or "
				"shared-object, not '%s'", st->path, m->build);
	m->shared_object = m->build && !strcmp(m->build, "shared-object");
	if (!m->shared_object) {
		if (m->module || m->nrun)
			return diag_set(st->d, RL_ERR_MANIFEST, "%s: [exercise] %s needs build = "
					"shared-object", st->path, m->module ? "module" : "run");
		return RL_ERR_OK;
	}
	if (!m->module || !safe_name(m->module) || !ends_with(m->module, ".so"))
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: build = shared-object needs [exercise] "
				"module, a file name ending in .so (as `import` looks for it)",
				st->path);
	if (!m->nrun || m->run[0][0] != '/')
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: build = shared-object needs [exercise] "
				"run, an interpreter's absolute path and its arguments (run = "
				"/usr/bin/python3 app.py)", st->path);
	if (m->nargs)
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: [exercise] args goes with a program; "
				"put the interpreter's arguments in run", st->path);
	if (m->cuda || m->ncommon)
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: build = shared-object takes neither "
				"cuda nor common", st->path);
	if (m->detectors.tsan)
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: build = shared-object needs [check] "
				"tsan = off (TSan sees only code built with it, not the "
				"interpreter's)", st->path);
	if (m->min_speedup > 0 || m->max_seconds > 0)
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: build = shared-object has no [perf] "
				"check", st->path);
	return RL_ERR_OK;
}

/* Checks across keys, once the whole file is read. */
static enum rl_err validate(struct parse_state *st)
{
	struct manifest *m = st->m;
	char common_dir[PATH_MAX];

	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].required && !((st->seen[i / 32] >> (i % 32)) & 1))
			return diag_set(st->d, RL_ERR_MANIFEST, "%s: missing required key '%s' in [%s]",
					st->path, keys[i].name, keys[i].section);
	if (!m->nsources)
		return diag_set(st->d, RL_ERR_MANIFEST, "%s: 'sources' is empty", st->path);
	for (size_t i = 0; i < m->nsources; i++)
		if (!safe_name(m->sources[i]) || !file_exists(m->dir, m->sources[i]))
			return diag_set(st->d, RL_ERR_MANIFEST,
					"%s: source '%s' is not a file of the exercise", st->path,
					m->sources[i]);
	for (size_t i = 0; i < m->neditable; i++)
		if (!safe_name(m->editable[i]) || !file_exists(m->dir, m->editable[i]))
			return diag_set(st->d, RL_ERR_MANIFEST,
					"%s: editable '%s' is not a file of the exercise", st->path,
					m->editable[i]);
	snprintf(common_dir, sizeof(common_dir), "%s/../common", m->dir);
	for (size_t i = 0; i < m->ncommon; i++)
		if (!safe_name(m->common[i]) || !file_exists(common_dir, m->common[i]))
			return diag_set(st->d, RL_ERR_MANIFEST,
					"%s: common '%s' is not a file of exercises/common", st->path,
					m->common[i]);
	if (m->stdout_regex) {
		const char *why = regex_untamed(m->stdout_regex);
		regex_t re;
		int rc;

		if (why)
			return diag_set(st->d, RL_ERR_MANIFEST, "%s: [expect] stdout %s", st->path, why);
		rc = regcomp(&re, m->stdout_regex, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
		if (rc)
			return diag_set(st->d, RL_ERR_MANIFEST,
					"%s: [expect] stdout is not a valid extended regex", st->path);
		regfree(&re);
	}
	if (m->min_speedup > 0 && !m->nbaseline_args)
		return diag_set(st->d, RL_ERR_MANIFEST,
				"%s: [perf] min_speedup needs baseline_args", st->path);
	return validate_build(st);
}

enum rl_err manifest_load_text(struct manifest *m, const char *dir, const char *text, size_t len,
			       struct diag *d)
{
	struct parse_state st = { .m = m, .text = text, .len = len, .d = d };
	char path[PATH_MAX];
	char *abs = NULL;
	const char *slash;
	int rc;
	enum rl_err err;

	memset(m, 0, sizeof(*m));
	m->points = 10;
	m->detectors = (struct manifest_detectors){ true, true, true };
	m->runs = 3;
	m->explore = -1; /* unset: the default search, on spare cores only (plan.h) */
	m->timeout_s = 10;
	m->starvation_ms = MANIFEST_STARVATION_MS;
	m->hold_blocking_ms = MANIFEST_HOLD_BLOCKING_MS;
	m->hang_ms = MANIFEST_HANG_MS;

	abs = realpath(dir, NULL);
	if (!abs)
		return diag_set(d, RL_ERR_NOTFOUND, "%s: no such exercise directory", dir);
	m->dir = abs;
	slash = strrchr(abs, '/');
	m->slug = strdup(slash ? slash + 1 : abs);
	if (!m->slug) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto fail;
	}
	m->order = atoi(m->slug);
	snprintf(path, sizeof(path), "%s/exercise.ini", abs);
	st.path = path;
	rc = ini_parse_stream(reader, &st, handler, &st);
	if (rc != 0) {
		/* A positive rc is the first line inih could not parse or a handler refused. */
		if (rc > 0)
			st.line = rc;
		err = diag_set(d, RL_ERR_MANIFEST, "%s:%d: syntax error (expected `key = value` or "
				"`[section]`)", path, rc);
		goto fail;
	}
	err = validate(&st);
	if (err != RL_ERR_OK)
		goto fail;
	return RL_ERR_OK;
fail:
	manifest_release(m);
	return err;
}

/* Reads all of path (at most MANIFEST_MAX_BYTES) into a fresh buffer (caller frees). */
static enum rl_err read_manifest(const char *path, char **text, size_t *len, struct diag *d)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	enum rl_err err = RL_ERR_OK;

	*text = NULL;
	*len = 0;
	if (!fp)
		return diag_set(d, RL_ERR_MANIFEST, "%s: cannot open (%s)", path, strerror(errno));
	for (;;) {
		if (n > MANIFEST_MAX_BYTES) {
			err = diag_set(d, RL_ERR_MANIFEST, "%s: larger than %d bytes", path,
				       MANIFEST_MAX_BYTES);
			goto fail;
		}
		if (n == cap) {
			char *p;

			cap = cap ? 2 * cap : 4096;
			p = realloc(buf, cap);
			if (!p) {
				err = diag_set(d, RL_ERR_NOMEM, "out of memory");
				goto fail;
			}
			buf = p;
		}
		n += fread(buf + n, 1, cap - n, fp);
		if (ferror(fp)) {
			err = diag_set(d, RL_ERR_MANIFEST, "%s: cannot read (%s)", path,
				       strerror(errno));
			goto fail;
		}
		if (feof(fp) && n <= MANIFEST_MAX_BYTES)
			break;
	}
	fclose(fp);
	*text = buf;
	*len = n;
	return RL_ERR_OK;
fail:
	fclose(fp);
	free(buf);
	return err;
}

enum rl_err manifest_load(struct manifest *m, const char *dir, struct diag *d)
{
	char path[PATH_MAX];
	char *abs, *text;
	size_t len;
	enum rl_err err;

	/* Fail as before when the directory is missing, before anything is read. */
	memset(m, 0, sizeof(*m));
	abs = realpath(dir, NULL);
	if (!abs)
		return diag_set(d, RL_ERR_NOTFOUND, "%s: no such exercise directory", dir);
	snprintf(path, sizeof(path), "%s/exercise.ini", abs);
	free(abs);
	err = read_manifest(path, &text, &len, d);
	if (err != RL_ERR_OK)
		return err;
	err = manifest_load_text(m, dir, text, len, d);
	free(text);
	return err;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
}

void manifest_release(struct manifest *m)
{
	if (!m)
		return;
	free(m->dir);
	free(m->slug);
	free(m->title);
	free(m->concept);
	free_list(m->sources, m->nsources);
	free_list(m->editable, m->neditable);
	free_list(m->common, m->ncommon);
	free_list(m->args, m->nargs);
	free_list(m->baseline_args, m->nbaseline_args);
	free(m->cflags);
	free(m->libs);
	free(m->build);
	free(m->module);
	free_list(m->run, m->nrun);
	free(m->stdout_regex);
	memset(m, 0, sizeof(*m));
}

bool manifest_is_editable(const struct manifest *m, const char *file)
{
	for (size_t i = 0; i < m->neditable; i++)
		if (!strcmp(m->editable[i], file))
			return true;
	return false;
}
