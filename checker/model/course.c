/* The course on disk: the kit's root, its exercises in order, and name resolution. */
#include "course.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_exercises(const char *dir)
{
	char path[PATH_MAX];
	DIR *dp;
	struct dirent *de;
	bool found = false;

	snprintf(path, sizeof(path), "%s/exercises", dir);
	dp = opendir(path);
	if (!dp)
		return false;
	while (!found && (de = readdir(dp))) {
		char ini[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		snprintf(ini, sizeof(ini), "%s/%s/exercise.ini", path, de->d_name);
		found = access(ini, R_OK) == 0;
	}
	closedir(dp);
	return found;
}

enum rl_err course_find_root(char **root, struct diag *d)
{
	const char *env = getenv("RACELAB_ROOT");
	char cwd[PATH_MAX];

	*root = NULL;
	if (env && *env) {
		if (!has_exercises(env))
			return diag_set(d, RL_ERR_NOTFOUND,
					"RACELAB_ROOT=%s holds no exercises/*/exercise.ini", env);
		*root = realpath(env, NULL);
		return *root ? RL_ERR_OK : diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
	if (getcwd(cwd, sizeof(cwd))) {
		for (;;) {
			char *slash;

			if (has_exercises(cwd)) {
				*root = strdup(cwd);
				return *root ? RL_ERR_OK : diag_set(d, RL_ERR_NOMEM, "out of memory");
			}
			slash = strrchr(cwd, '/');
			if (!slash || slash == cwd)
				break;
			*slash = '\0';
		}
	}
#ifdef RACELAB_SOURCE_DIR
	if (has_exercises(RACELAB_SOURCE_DIR)) {
		*root = strdup(RACELAB_SOURCE_DIR);
		return *root ? RL_ERR_OK : diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
#endif
	return diag_set(d, RL_ERR_NOTFOUND,
			"no exercises/ found here or above: run racelab inside the kit, or set "
			"RACELAB_ROOT");
}

static int cmp_manifest(const void *pa, const void *pb)
{
	const struct manifest *a = pa, *b = pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

enum rl_err course_load(struct course *c, const char *root, struct diag *d)
{
	char path[PATH_MAX];
	struct dirent **names = NULL;
	int n;
	enum rl_err err = RL_ERR_OK;

	memset(c, 0, sizeof(*c));
	c->root = strdup(root);
	if (!c->root)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/exercises", root);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		err = diag_set(d, RL_ERR_NOTFOUND, "%s: cannot read the exercises directory", path);
		goto out;
	}
	c->items = calloc((size_t)n + 1, sizeof(*c->items));
	if (!c->items) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		char dir[PATH_MAX], ini[PATH_MAX];

		if (names[i]->d_name[0] == '.' || !strcmp(names[i]->d_name, "common"))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", path, names[i]->d_name);
		snprintf(ini, sizeof(ini), "%s/exercise.ini", dir);
		if (access(ini, F_OK) != 0)
			continue;
		err = manifest_load(&c->items[c->nr], dir, d);
		if (err != RL_ERR_OK)
			goto out;
		c->nr++;
	}
	qsort(c->items, c->nr, sizeof(*c->items), cmp_manifest);
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (err != RL_ERR_OK)
		course_release(c);
	return err;
}

/* "3" and "03" both name 03-...: compare the leading numbers when the query is all digits. */
static bool matches(const char *slug, const char *name)
{
	size_t len = strlen(name);

	if (!strcmp(slug, name))
		return true;
	if (name[strspn(name, "0123456789")] == '\0')
		return atoi(slug) == atoi(name) && slug[strspn(slug, "0123456789")] == '-';
	return !strncmp(slug, name, len);
}

const char *course_slug_name(const char *slug)
{
	size_t digits = strspn(slug, "0123456789");

	return digits && slug[digits] == '-' ? slug + digits + 1 : slug;
}

const struct manifest *course_find_renamed(const struct course *c, const char *name)
{
	const struct manifest *found = NULL;
	const char *bare = course_slug_name(name);

	for (size_t i = 0; i < c->nr; i++) {
		if (!strcmp(c->items[i].slug, name))
			return NULL; /* not renamed: it is this course's own slug */
		if (strcmp(course_slug_name(c->items[i].slug), bare))
			continue;
		if (found)
			return NULL;
		found = &c->items[i];
	}
	return found;
}

const struct manifest *course_find(const struct course *c, const char *name, struct diag *d)
{
	const struct manifest *found = NULL;
	char buf[PATH_MAX];
	const char *slash;

	/* Accept a path such as exercises/03-bank/ too, as shells complete it. */
	snprintf(buf, sizeof(buf), "%s", name);
	while (strlen(buf) > 1 && buf[strlen(buf) - 1] == '/')
		buf[strlen(buf) - 1] = '\0';
	slash = strrchr(buf, '/');
	name = slash ? slash + 1 : buf;

	for (size_t i = 0; i < c->nr; i++) {
		if (!strcmp(c->items[i].slug, name))
			return &c->items[i];
		if (!matches(c->items[i].slug, name))
			continue;
		if (found) {
			diag_set(d, RL_ERR_USAGE, "'%s' is ambiguous: %s, %s, ...", name, found->slug,
				 c->items[i].slug);
			return NULL;
		}
		found = &c->items[i];
	}
	/*
	 * Numbers move when the ladder is reordered, names do not: "semaphore-rendezvous", or a
	 * handout's slug under its number from before, still names the exercise. Only when no
	 * number or prefix matched, so "03-bank" stays ambiguous and a current number always wins.
	 */
	if (!found)
		found = course_find_renamed(c, name);
	if (!found)
		diag_set(d, RL_ERR_NOTFOUND, "no exercise named '%s' (see `racelab list`)", name);
	return found;
}

void course_release(struct course *c)
{
	for (size_t i = 0; i < c->nr; i++)
		manifest_release(&c->items[i]);
	free(c->items);
	free(c->root);
	memset(c, 0, sizeof(*c));
}
