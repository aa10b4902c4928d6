/*
 * Shards of a class: the record each shard leaves beside its reports (shard.json), and the merge
 * that turns N shards back into one class. A merge trusts nothing it cannot check: every shard
 * must come from the same course version and the same split, each shard exactly once, each
 * student in one shard only; anything else is refused with one line that names the culprits.
 */
#include "grade.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

#define SHARD_FILE "shard.json"
#define SHARD_FORMAT 1
#define STUDENT_JSON_MAX (16u << 20)

/* ---- the course version ---- */

static void fnv(unsigned long long *h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= 1099511628211ull;
	}
}

static void fnv_file(unsigned long long *h, const char *dir, const char *name)
{
	char path[PATH_MAX], *text;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fnv(h, name, strlen(name) + 1);
	text = read_file_capped(path, 1u << 22, &len);
	if (text)
		fnv(h, text, len);
	else
		fnv(h, "?", 1); /* unreadable: still a version, and one that differs from a readable */
	free(text);
}

void grade_course_version(const struct course *c, char *buf, size_t len)
{
	unsigned long long h = 14695981039346656037ull;

	/*
	 * What decides a grade: each exercise's manifest and the sources it is graded with. Two
	 * checkouts that agree on these grade alike, whatever else differs (READMEs, hints).
	 */
	for (size_t i = 0; i < c->nr; i++) {
		const struct manifest *m = &c->items[i];

		fnv(&h, m->slug, strlen(m->slug) + 1);
		fnv_file(&h, m->dir, "exercise.ini");
		for (size_t k = 0; k < m->nsources; k++)
			fnv_file(&h, m->dir, m->sources[k]);
	}
	snprintf(buf, len, "%016llx", h);
}

/* ---- writing a shard's record ---- */

enum rl_err grade_write_shard(const char *dir, const char *version, int index, int count,
			      const struct grade_column *cols, size_t ncols,
			      const struct grade_class *g, struct diag *d)
{
	json_t *root = json_object(), *ex = json_array(), *st = json_array();
	char path[PATH_MAX];
	bool failed = !root || !ex || !st;
	enum rl_err err = RL_ERR_OK;

	for (size_t i = 0; !failed && i < ncols; i++)
		failed |= json_array_append_new(ex, json_pack("{s:s, s:s?, s:i}", "slug",
					cols[i].slug, "title", cols[i].title, "points",
					cols[i].points)) != 0;
	for (size_t k = 0; !failed && k < g->nr; k++) {
		const struct grade_student *s = &g->items[k];
		json_t *missing = json_array();

		for (size_t i = 0; missing && i < s->results.nr; i++)
			if (grade_not_submitted(&s->results.items[i]))
				json_array_append_new(missing, json_string(s->results.items[i].name));
		failed |= !missing ||
			  json_array_append_new(st, json_pack("{s:s, s:s?, s:o}", "name", s->name,
						"error", s->err == RL_ERR_OK ? NULL : s->errmsg,
						"not_submitted", missing)) != 0;
	}
	if (!failed)
		failed = json_object_set_new(root, "racelab_shard", json_integer(SHARD_FORMAT)) ||
			 json_object_set_new(root, "racelab", json_string(RACELAB_VERSION)) ||
			 json_object_set_new(root, "course", json_string(version)) ||
			 json_object_set_new(root, "shard", json_pack("{s:i, s:i}", "index", index,
								      "count", count)) ||
			 json_object_set(root, "exercises", ex) ||
			 json_object_set(root, "students", st);
	snprintf(path, sizeof(path), "%s/%s", dir, SHARD_FILE);
	if (failed)
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
	else if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		err = diag_set(d, RL_ERR_IO, "%s: cannot write", path);
	json_decref(ex);
	json_decref(st);
	json_decref(root);
	return err;
}

/* ---- reading a student's findings JSON (schema 1) back ---- */

static char *dup_or_null(json_t *v)
{
	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static unsigned tools_parse(json_t *arr)
{
	unsigned bits = 0;
	size_t i;
	json_t *t;

	json_array_foreach(arr, i, t)
		for (int b = 0; b < TOOL__COUNT; b++)
			if (json_is_string(t) && !strcmp(json_string_value(t), tool_name(b)))
				bits |= 1u << b;
	return bits;
}

static enum rl_err finding_parse(json_t *o, struct finding_list *l)
{
	struct finding f = FINDING_INIT;
	int kind = finding_kind_parse(json_string_value(json_object_get(o, "kind")));
	json_t *locs = json_object_get(o, "locations"), *loc, *seed;
	size_t i;

	if (kind < 0)
		return RL_ERR_PARSE;
	f.kind = (enum finding_kind)kind;
	f.severity = finding_default_severity(f.kind);
	f.tools = tools_parse(json_object_get(o, "tools"));
	f.message = dup_or_null(json_object_get(o, "message"));
	f.graph = dup_or_null(json_object_get(o, "graph"));
	seed = json_object_get(o, "seed");
	f.seed = json_is_integer(seed) ? (long)json_integer_value(seed) : -1;
	json_array_foreach(locs, i, loc) {
		json_t *line = json_object_get(loc, "line");

		if (f.nlocs == FINDING_MAX_LOCS)
			break;
		if (location_set(&f.locs[f.nlocs++],
				 json_string_value(json_object_get(loc, "file")),
				 json_is_integer(line) ? (int)json_integer_value(line) : 0, 0,
				 json_string_value(json_object_get(loc, "function")),
				 json_string_value(json_object_get(loc, "thread"))) != RL_ERR_OK) {
			finding_release(&f);
			return RL_ERR_NOMEM;
		}
	}
	/* Appended as they were: the shard already merged duplicates and sorted them. */
	if (l->nr == l->alloc) {
		size_t na = l->alloc ? 2 * l->alloc : 4;
		struct finding *p = realloc(l->items, na * sizeof(*p));

		if (!p) {
			finding_release(&f);
			return RL_ERR_NOMEM;
		}
		l->items = p;
		l->alloc = na;
	}
	l->items[l->nr++] = f;
	return RL_ERR_OK;
}

static enum verdict verdict_parse(const char *s)
{
	for (int v = VERDICT_PASS; v <= VERDICT_ERROR; v++)
		if (s && !strcmp(s, verdict_name((enum verdict)v)))
			return (enum verdict)v;
	return VERDICT_ERROR;
}

/* Reads DIR/NAME.json into s->results; the not-submitted exercises get their note back. */
static enum rl_err student_load(const char *dir, struct grade_student *s, json_t *missing,
				struct diag *d)
{
	char path[PATH_MAX];
	json_error_t je;
	json_t *root, *results, *r;
	size_t i;
	enum rl_err err = RL_ERR_OK;

	snprintf(path, sizeof(path), "%s/%s.json", dir, s->name);
	root = json_load_file(path, 0, &je);
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		err = diag_set(d, RL_ERR_PARSE, "%s: %s", path,
			       root ? "not a findings report (no results)" : je.text);
		goto out;
	}
	json_array_foreach(results, i, r) {
		struct exercise_result x = EXERCISE_RESULT_INIT;
		json_t *f, *m;
		size_t k;

		x.name = dup_or_null(json_object_get(r, "name"));
		x.verdict = verdict_parse(json_string_value(json_object_get(r, "verdict")));
		x.score = (int)json_integer_value(json_object_get(r, "score"));
		x.max_score = (int)json_integer_value(json_object_get(r, "max_score"));
		x.duration_ms = (long)json_integer_value(json_object_get(r, "duration_ms"));
		x.note = dup_or_null(json_object_get(r, "note")); /* absent in shards before it */
		json_array_foreach(json_object_get(r, "findings"), k, f)
			if (err == RL_ERR_OK)
				err = finding_parse(f, &x.findings);
		json_array_foreach(missing, k, m)
			if (x.name && json_is_string(m) && !strcmp(x.name, json_string_value(m)))
				x.note = strdup("not submitted");
		if (err == RL_ERR_OK && !x.name)
			err = RL_ERR_PARSE;
		if (err == RL_ERR_OK)
			err = result_set_add(&s->results, &x);
		exercise_result_release(&x);
		if (err != RL_ERR_OK) {
			diag_set(d, err, "%s: result %zu: %s", path, i + 1,
				 err == RL_ERR_PARSE ? "not schema 1" : rl_err_message(err));
			goto out;
		}
	}
	s->results.student = strdup(s->name);
	if (!s->results.student)
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
out:
	json_decref(root);
	return err;
}

/* ---- the merge ---- */

struct shard_rec {
	const char *dir;
	json_t *root;
	int index, count;
	const char *course;
};

static int student_cmp(const void *a, const void *b)
{
	return strcmp(((const struct grade_student *)a)->name,
		      ((const struct grade_student *)b)->name);
}

static enum rl_err shard_read(struct shard_rec *r, struct diag *d)
{
	char path[PATH_MAX];
	json_error_t je;
	json_t *shard;

	snprintf(path, sizeof(path), "%s/%s", r->dir, SHARD_FILE);
	r->root = json_load_file(path, 0, &je);
	if (!r->root)
		return diag_set(d, RL_ERR_USAGE, "%s: no shard record (%s): not the --out folder of "
				"racelab grade", r->dir, errno == ENOENT ? "no " SHARD_FILE : je.text);
	shard = json_object_get(r->root, "shard");
	r->index = (int)json_integer_value(json_object_get(shard, "index"));
	r->count = (int)json_integer_value(json_object_get(shard, "count"));
	r->course = json_string_value(json_object_get(r->root, "course"));
	if (json_integer_value(json_object_get(r->root, "racelab_shard")) != SHARD_FORMAT ||
	    !r->course || r->count < 1 || r->index < 1 || r->index > r->count ||
	    !json_is_array(json_object_get(r->root, "students")) ||
	    !json_is_array(json_object_get(r->root, "exercises")))
		return diag_set(d, RL_ERR_USAGE, "%s: %s is not a shard record racelab %s reads",
				r->dir, SHARD_FILE, RACELAB_VERSION);
	return RL_ERR_OK;
}

/*
 * The one-line refusals, in the order an instructor fixes them: another course, another split, a
 * shard given twice, a shard missing.
 */
static enum rl_err shards_agree(struct shard_rec *recs, size_t n, struct diag *d)
{
	int count = recs[0].count;
	const struct shard_rec **seen;
	enum rl_err err = RL_ERR_OK;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(recs[i].course, recs[0].course))
			return diag_set(d, RL_ERR_USAGE, "%s was graded against course version %s "
					"but %s against %s: shards of different course versions "
					"cannot be merged", recs[i].dir, recs[i].course, recs[0].dir,
					recs[0].course);
		if (recs[i].count != count)
			return diag_set(d, RL_ERR_USAGE, "%s is shard %d/%d but %s is shard %d/%d: "
					"not one split of the class", recs[i].dir, recs[i].index,
					recs[i].count, recs[0].dir, recs[0].index, count);
	}
	seen = calloc((size_t)count + 1, sizeof(*seen));
	if (!seen)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && err == RL_ERR_OK; i++) {
		int k = recs[i].index;

		if (seen[k])
			err = diag_set(d, RL_ERR_USAGE, "shard %d/%d given twice: %s and %s", k,
				       count, seen[k]->dir, recs[i].dir);
		seen[k] = &recs[i];
	}
	for (int k = 1; k <= count && err == RL_ERR_OK; k++)
		if (!seen[k])
			err = diag_set(d, RL_ERR_USAGE, "shard %d/%d is missing: %zu of %d shards "
				       "given", k, count, n, count);
	free(seen);
	return err;
}

enum rl_err grade_merge(const char *const *dirs, size_t n, struct grade_merged *m,
			struct diag *d)
{
	struct shard_rec *recs = calloc(n ? n : 1, sizeof(*recs));
	size_t total = 0, k = 0, i, j;
	json_t *st, *ex;
	enum rl_err err = RL_ERR_OK;

	*m = (struct grade_merged)GRADE_MERGED_INIT;
	if (!recs)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (!n) {
		err = diag_set(d, RL_ERR_USAGE, "--merge needs the shards' folders");
		goto out;
	}
	for (i = 0; i < n && err == RL_ERR_OK; i++) {
		recs[i].dir = dirs[i];
		err = shard_read(&recs[i], d);
	}
	if (err == RL_ERR_OK)
		err = shards_agree(recs, n, d);
	if (err != RL_ERR_OK)
		goto out;
	for (i = 0; i < n; i++)
		total += json_array_size(json_object_get(recs[i].root, "students"));
	m->class.items = calloc(total ? total : 1, sizeof(*m->class.items));
	m->dirs = calloc(total ? total : 1, sizeof(*m->dirs));
	if (!m->class.items || !m->dirs) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		json_array_foreach(json_object_get(recs[i].root, "students"), j, st) {
			struct grade_student *s = &m->class.items[k];
			const char *name = json_string_value(json_object_get(st, "name"));
			const char *why = json_string_value(json_object_get(st, "error"));

			/* A name with a slash would write outside the merged folder. */
			if (!name || !*name || strchr(name, '/') || name[0] == '.') {
				err = diag_set(d, RL_ERR_USAGE, "%s: a student without a usable name",
					       recs[i].dir);
				goto out;
			}
			s->name = strdup(name);
			s->dir = strdup(recs[i].dir);
			m->class.nr = ++k;
			if (!s->name || !s->dir) {
				err = diag_set(d, RL_ERR_NOMEM, "out of memory");
				goto out;
			}
			if (why) {
				s->err = RL_ERR_INTERNAL;
				snprintf(s->errmsg, sizeof(s->errmsg), "%s", why);
				continue;
			}
			err = student_load(recs[i].dir, s, json_object_get(st, "not_submitted"), d);
			if (err != RL_ERR_OK)
				goto out;
		}
	}
	qsort(m->class.items, m->class.nr, sizeof(*m->class.items), student_cmp);
	for (i = 1; i < m->class.nr; i++)
		if (!strcmp(m->class.items[i - 1].name, m->class.items[i].name)) {
			err = diag_set(d, RL_ERR_USAGE, "student %s is in two shards: %s and %s",
				       m->class.items[i].name, m->class.items[i - 1].dir,
				       m->class.items[i].dir);
			goto out;
		}
	for (i = 0; i < m->class.nr; i++)
		m->dirs[i] = m->class.items[i].dir;
	/* The columns borrow their strings from the first shard's record, kept until release. */
	ex = json_object_get(recs[0].root, "exercises");
	m->cols = calloc(json_array_size(ex) + 1, sizeof(*m->cols));
	if (!m->cols) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(ex, j, st) {
		m->cols[j].slug = json_string_value(json_object_get(st, "slug"));
		m->cols[j].title = json_string_value(json_object_get(st, "title"));
		m->cols[j].points = (int)json_integer_value(json_object_get(st, "points"));
		if (!m->cols[j].slug) {
			err = diag_set(d, RL_ERR_USAGE, "%s: an exercise without a slug", dirs[0]);
			goto out;
		}
		m->ncols = j + 1;
	}
	snprintf(m->version, sizeof(m->version), "%s", recs[0].course);
	m->record = recs[0].root;
	recs[0].root = NULL;
out:
	for (i = 0; i < n; i++)
		json_decref(recs[i].root);
	free(recs);
	if (err != RL_ERR_OK)
		grade_merged_release(m);
	return err;
}

void grade_merged_release(struct grade_merged *m)
{
	if (!m)
		return;
	free(m->dirs); /* the strings are the students' dir fields */
	grade_class_release(&m->class);
	free(m->cols);
	json_decref(m->record);
	*m = (struct grade_merged)GRADE_MERGED_INIT;
}
