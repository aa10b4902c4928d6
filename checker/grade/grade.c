/* Grading: finding a student's exercises, and a pool that grades a class (scores: verdict.h). */
#include "grade.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check/pipeline.h"
#include "model/util.h"
#include "run/sandbox_view.h"

/* How deep below a student's folder their exercises/ may be (repo/course/kit/exercises). */
#define FIND_DEPTH 4

/* ---- finding a student's exercises/ ---- */

static bool is_dir_nofollow(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Whether dir holds at least one of the course's NN-slug folders. */
static bool holds_slug(const char *dir, const struct course *c)
{
	char path[PATH_MAX];

	for (size_t i = 0; c && i < c->nr; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, c->items[i].slug) >=
		    sizeof(path))
			continue;
		if (is_dir_nofollow(path))
			return true;
	}
	return false;
}

enum find_want { WANT_NAMED_WITH_SLUG, WANT_WITH_SLUG, WANT_NAMED };

static bool wanted(const char *path, const char *name, const struct course *c, enum find_want w)
{
	bool named = !strcmp(name, "exercises");

	switch (w) {
	case WANT_NAMED_WITH_SLUG:
		return named && holds_slug(path, c);
	case WANT_WITH_SLUG:
		return holds_slug(path, c);
	default:
		return named;
	}
}

/*
 * Depth-limited search in name order: the first directory exactly `depth` levels below dir that
 * is wanted. Iterating depth from 0 upwards makes the shallowest match win, name order breaking
 * ties, so the choice never depends on readdir's order.
 */
static char *find_at_depth(const char *dir, const char *name, int depth, const struct course *c,
			   enum find_want w)
{
	struct dirent **names = NULL;
	char *found = NULL;
	int n;

	if (depth == 0)
		return wanted(dir, name, c, w) ? strdup(dir) : NULL;
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];

		if (!found && names[i]->d_name[0] != '.' &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
			    sizeof(path) &&
		    is_dir_nofollow(path))
			found = find_at_depth(path, names[i]->d_name, depth - 1, c, w);
		free(names[i]);
	}
	free(names);
	return found;
}

static char *find_shallowest(const char *dir, const struct course *c, enum find_want w)
{
	const char *base = strrchr(dir, '/');

	base = base ? base + 1 : dir;
	for (int depth = 0; depth <= FIND_DEPTH; depth++) {
		char *found = find_at_depth(dir, base, depth, c, w);

		if (found)
			return found;
	}
	return NULL;
}

enum rl_err grade_find_exercises(const char *dir, const struct course *c, char **out,
				 struct diag *d)
{
	static const enum find_want order[] = { WANT_NAMED_WITH_SLUG, WANT_WITH_SLUG, WANT_NAMED };
	char path[PATH_MAX];

	*out = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/exercises", dir) >= sizeof(path))
		return diag_set(d, RL_ERR_USAGE, "%s: path too long", dir);
	if (is_dir_nofollow(path)) {
		*out = strdup(path);
		goto done;
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && !*out; i++)
		*out = find_shallowest(dir, c, order[i]);
	if (!*out)
		*out = strdup(dir);
done:
	return *out ? RL_ERR_OK : diag_set(d, RL_ERR_NOMEM, "out of memory");
}

/* ---- shards and the list of students ---- */

enum rl_err grade_parse_shard(const char *s, int *index, int *count, struct diag *d)
{
	char *end;
	long i, n;

	errno = 0;
	i = strtol(s, &end, 10);
	if (end == s || *end != '/' || errno)
		goto bad;
	s = end + 1;
	n = strtol(s, &end, 10);
	if (end == s || *end || errno || n < 1 || n > 100000 || i < 1 || i > n)
		goto bad;
	*index = (int)i;
	*count = (int)n;
	return RL_ERR_OK;
bad:
	return diag_set(d, RL_ERR_USAGE, "--shard wants I/N with 1 <= I <= N, e.g. 2/4");
}

bool grade_shard_selects(size_t pos, int index, int count)
{
	if (count <= 1)
		return true;
	return pos % (size_t)count == (size_t)(index - 1);
}

enum rl_err grade_list_students(const char *dir, int shard_index, int shard_count, char ***names,
				size_t *n, struct diag *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **all = NULL;
	size_t nall = 0, alloc = 0, kept = 0;
	enum rl_err err = RL_ERR_OK;

	*names = NULL;
	*n = 0;
	if (!dp)
		return diag_set(d, RL_ERR_NOTFOUND, "%s: cannot open the submissions folder: %s", dir,
				strerror(errno));
	while ((de = readdir(dp))) {
		char path[PATH_MAX];
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
			continue;
		if (nall == alloc) {
			size_t na = alloc ? 2 * alloc : 32;
			char **p = realloc(all, na * sizeof(*p));

			if (!p)
				goto nomem;
			all = p;
			alloc = na;
		}
		/*
		 * --out DIR holds each student's NAME.html and NAME.json beside the class's index.html
		 * and shard.json: a student of either name would overwrite the class's file. Refused
		 * before anything runs, so nothing is lost and the teacher renames one folder.
		 */
		if (!strcmp(de->d_name, "index") || !strcmp(de->d_name, "shard")) {
			err = diag_set(d, RL_ERR_USAGE, "%s: a student folder may not be named '%s' "
				       "(the class's %s.%s has that name): rename it", path,
				       de->d_name, de->d_name,
				       strcmp(de->d_name, "index") ? "json" : "html");
			break;
		}
		all[nall] = strdup(de->d_name);
		if (!all[nall])
			goto nomem;
		nall++;
	}
	if (err != RL_ERR_OK)
		goto out;
	qsort(all, nall, sizeof(*all), strcmp_ptrs);
	/* The shard is taken in name order so every machine of a split agrees on who is whose. */
	for (size_t i = 0; i < nall; i++) {
		if (grade_shard_selects(i, shard_index, shard_count))
			all[kept++] = all[i];
		else
			free(all[i]);
	}
	*names = all;
	*n = kept;
	all = NULL;
	goto out;
nomem:
	err = diag_set(d, RL_ERR_NOMEM, "out of memory");
out:
	for (size_t i = 0; all && i < nall; i++)
		free(all[i]);
	free(all);
	closedir(dp);
	return err;
}

/* ---- grading ---- */

bool grade_renumbered_folder(const char *exercises_dir, const struct course *c,
			     const struct manifest *m, char *buf, size_t len)
{
	struct dirent **names = NULL;
	bool found = false;
	int n = scandir(exercises_dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];

		if (!found && names[i]->d_name[0] != '.' &&
		    course_find_renamed(c, names[i]->d_name) == m &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", exercises_dir,
				     names[i]->d_name) < sizeof(path) &&
		    is_dir_nofollow(path) && (size_t)snprintf(buf, len, "%s", path) < len)
			found = true;
		free(names[i]);
	}
	free(names);
	return found;
}

static enum rl_err not_submitted(const struct manifest *m, struct exercise_result *r)
{
	r->name = strdup(m->slug);
	r->title = m->title ? strdup(m->title) : NULL;
	r->verdict = VERDICT_FAIL;
	r->score = 0;
	r->max_score = m->points;
	if (asprintf(&r->note, "not submitted: no %s/ folder in the submission", m->slug) < 0)
		r->note = NULL;
	return r->name && r->note ? RL_ERR_OK : RL_ERR_NOMEM;
}

static enum rl_err grade_exercise(const struct course *c, const struct manifest *m,
				  const struct grade_opts *o, const char *overlay,
				  const char *graphs, struct exercise_result *r, struct diag *d)
{
	struct check_opts co = CHECK_OPTS_INIT;
	struct diag cd = DIAG_INIT;
	enum rl_err err;

	if (overlay && !is_dir_nofollow(overlay))
		return not_submitted(m, r);
	co.root = c->root;
	co.support_dir = o->support_dir;
	co.overlay_dir = overlay;
	co.graphs_dir = graphs;
	co.jobs = o->check_jobs > 0 ? o->check_jobs : 1;
	co.timeout_s = o->timeout_s;
	err = pipeline_check(m, &co, r, &cd);
	if (err != RL_ERR_OK) {
		/* The pipeline records the error in the result; make sure the row is complete. */
		r->verdict = VERDICT_ERROR;
		r->score = 0;
		r->max_score = m->points;
		if (!r->name)
			r->name = strdup(m->slug);
		if (!r->note)
			r->note = strdup(cd.msg[0] ? cd.msg : rl_err_message(err));
		if (err == RL_ERR_NOMEM)
			return diag_set(d, err, "%s", cd.msg);
	}
	return r->name ? RL_ERR_OK : diag_set(d, RL_ERR_NOMEM, "out of memory");
}

enum rl_err grade_student_run(const struct course *c, const struct grade_opts *o,
			      struct grade_student *s, struct diag *d)
{
	char graphs[PATH_MAX];
	const char *graphs_dir = NULL; /* NULL: the pipeline's default, ROOT/graphs */
	enum rl_err err = RL_ERR_OK;

	if (!s->results.student && s->name) {
		s->results.student = strdup(s->name);
		if (!s->results.student)
			return diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
	if (s->dir && !s->exercises_dir) {
		err = grade_find_exercises(s->dir, c, &s->exercises_dir, d);
		if (err != RL_ERR_OK)
			return err;
	}
	/* Each student's graphs apart, so two students' graphs of one exercise never collide. */
	if (o->graphs_dir || s->name) {
		int n;

		if (o->graphs_dir)
			n = snprintf(graphs, sizeof(graphs), "%s%s%s", o->graphs_dir,
				     s->name ? "/" : "", s->name ? s->name : "");
		else
			n = snprintf(graphs, sizeof(graphs), "%s/graphs/grade/%s", c->root, s->name);
		if (n < 0 || (size_t)n >= sizeof(graphs))
			return diag_set(d, RL_ERR_USAGE, "graphs path too long");
		graphs_dir = graphs;
	}
	for (size_t i = 0; i < c->nr; i++) {
		const struct manifest *m = &c->items[i];
		struct exercise_result r = EXERCISE_RESULT_INIT;
		char overlay[PATH_MAX];
		const char *ov = NULL;

		if (s->exercises_dir) {
			if ((size_t)snprintf(overlay, sizeof(overlay), "%s/%s", s->exercises_dir,
					     m->slug) >= sizeof(overlay))
				return diag_set(d, RL_ERR_USAGE, "submission path too long");
			/* A repository forked before the renumbering still has the old folder names. */
			if (!is_dir_nofollow(overlay))
				grade_renumbered_folder(s->exercises_dir, c, m, overlay, sizeof(overlay));
			ov = overlay;
		}
		err = grade_exercise(c, m, o, ov, graphs_dir, &r, d);
		if (err == RL_ERR_OK)
			err = result_set_add(&s->results, &r);
		exercise_result_release(&r);
		if (err != RL_ERR_OK)
			return diag_set(d, err, "%s", rl_err_message(err));
	}
	return RL_ERR_OK;
}

struct pool {
	const struct course *course;
	const struct grade_opts *opts;
	struct grade_class *class;
	atomic_size_t next;
	size_t done;             /* under lock */
	pthread_mutex_t lock;    /* serialises the progress callback */
	atomic_bool lock_failed;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->class->nr) {
		struct grade_student *s = &p->class->items[i];
		struct diag d = DIAG_INIT;
		int rc;

		s->err = grade_student_run(p->course, p->opts, s, &d);
		if (s->err != RL_ERR_OK)
			snprintf(s->errmsg, sizeof(s->errmsg), "%s", d.msg);
		rc = pthread_mutex_lock(&p->lock);
		if (rc != 0) {
			/* Progress is cosmetic: grading goes on, the caller hears of the failure. */
			atomic_store(&p->lock_failed, true);
			continue;
		}
		p->done++;
		if (p->opts->progress)
			p->opts->progress(p->opts->progress_ctx, s, p->done, p->class->nr);
		rc = pthread_mutex_unlock(&p->lock);
		if (rc != 0)
			atomic_store(&p->lock_failed, true);
	}
	return NULL;
}

static enum rl_err class_init(struct grade_class *g, const char *dir, char **names, size_t n,
			      struct diag *d)
{
	g->items = calloc(n ? n : 1, sizeof(*g->items));
	if (!g->items)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	g->nr = n;
	for (size_t i = 0; i < n; i++) {
		struct grade_student *s = &g->items[i];
		char *rel = NULL;

		s->results = (struct result_set)RESULT_SET_INIT;
		s->name = names[i];
		names[i] = NULL;
		if (asprintf(&rel, "%s/%s", dir, s->name) < 0)
			return diag_set(d, RL_ERR_NOMEM, "out of memory");
		s->dir = realpath(rel, NULL);
		free(rel);
		if (!s->dir)
			return diag_set(d, RL_ERR_IO, "%s/%s: %s", dir, s->name, strerror(errno));
	}
	return RL_ERR_OK;
}

enum rl_err grade_run(const struct course *c, const struct grade_opts *o, struct grade_class *out,
		      struct diag *d)
{
	struct pool p = { .course = c, .opts = o, .class = out };
	pthread_t *threads = NULL;
	char **names = NULL;
	size_t n = 0;
	int started = 0, rc, jobs = o->jobs > 0 ? o->jobs : 1;
	bool lock_ready = false;
	enum rl_err err;

	*out = (struct grade_class)GRADE_CLASS_INIT;
	if (!o->submissions)
		return diag_set(d, RL_ERR_USAGE, "no submissions folder given");
	/* One student's program could read or change another's: not without the grader's word. */
	if (!o->allow_unisolated && sandbox_view_unavailable())
		return diag_set(d, RL_ERR_TOOL, "refusing to grade: sandbox: filesystem not isolated: "
				"%s (install bubblewrap, or pass --allow-unisolated)",
				sandbox_view_unavailable());
	err = grade_list_students(o->submissions, o->shard_index, o->shard_count, &names, &n, d);
	if (err != RL_ERR_OK)
		return err;
	err = class_init(out, o->submissions, names, n, d);
	if (err != RL_ERR_OK)
		goto out;
	atomic_init(&p.next, 0);
	atomic_init(&p.lock_failed, false);
	rc = pthread_mutex_init(&p.lock, NULL);
	if (rc != 0) {
		err = diag_set(d, RL_ERR_INTERNAL, "pthread_mutex_init: %s", strerror(rc));
		goto out;
	}
	lock_ready = true;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	threads = calloc((size_t)jobs, sizeof(*threads));
	if (!threads) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (; started < jobs; started++) {
		rc = pthread_create(&threads[started], NULL, worker, &p);
		if (rc != 0)
			break; /* fewer workers: slower, still right */
	}
	if (started == 0)
		worker(&p); /* no thread at all could start: grade in this one */
	for (int i = 0; i < started; i++) {
		rc = pthread_join(threads[i], NULL);
		if (rc != 0 && err == RL_ERR_OK)
			err = diag_set(d, RL_ERR_INTERNAL, "pthread_join: %s", strerror(rc));
	}
	if (err == RL_ERR_OK && atomic_load(&p.lock_failed))
		err = diag_set(d, RL_ERR_INTERNAL, "the grading pool's lock failed");
out:
	if (lock_ready) {
		rc = pthread_mutex_destroy(&p.lock);
		if (rc != 0 && err == RL_ERR_OK)
			err = diag_set(d, RL_ERR_INTERNAL, "pthread_mutex_destroy: %s", strerror(rc));
	}
	free(threads);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (err != RL_ERR_OK)
		grade_class_release(out);
	return err;
}

void grade_student_release(struct grade_student *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->dir);
	free(s->exercises_dir);
	result_set_release(&s->results);
	memset(s, 0, sizeof(*s));
}

void grade_class_release(struct grade_class *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nr; i++)
		grade_student_release(&g->items[i]);
	free(g->items);
	*g = (struct grade_class)GRADE_CLASS_INIT;
}

/* ---- the gradebook ---- */

void grade_csv_field(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

struct grade_column *grade_columns(const struct course *c)
{
	struct grade_column *cols = calloc(c->nr ? c->nr : 1, sizeof(*cols));

	for (size_t i = 0; cols && i < c->nr; i++) {
		cols[i].slug = c->items[i].slug;
		cols[i].title = c->items[i].title;
		cols[i].points = c->items[i].points;
	}
	return cols;
}

enum rl_err grade_write_csv(FILE *out, const struct course *c, const struct grade_class *g,
			    struct diag *d)
{
	struct grade_column *cols = grade_columns(c);
	enum rl_err err;

	if (!cols)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	err = grade_write_csv_columns(out, cols, c->nr, g, d);
	free(cols);
	return err;
}

enum rl_err grade_write_csv_columns(FILE *out, const struct grade_column *cols, size_t ncols,
				    const struct grade_class *g, struct diag *d)
{
	fputs("student", out);
	for (size_t i = 0; i < ncols; i++) {
		fputc(',', out);
		grade_csv_field(out, cols[i].slug);
	}
	fputs(",total,max\n", out);
	for (size_t k = 0; k < g->nr; k++) {
		const struct grade_student *s = &g->items[k];
		int total = 0, max = 0;

		grade_csv_field(out, s->name);
		for (size_t i = 0; i < ncols; i++) {
			const struct exercise_result *r = grade_result_named(&s->results,
									     cols[i].slug);

			max += cols[i].points;
			fputc(',', out);
			if (r && s->err == RL_ERR_OK) {
				fprintf(out, "%d", r->score);
				total += r->score;
			}
		}
		if (s->err == RL_ERR_OK)
			fprintf(out, ",%d,%d\n", total, max);
		else
			fprintf(out, ",,%d\n", max);
	}
	if (fflush(out) != 0 || ferror(out))
		return diag_set(d, RL_ERR_IO, "could not write the gradebook");
	return RL_ERR_OK;
}
