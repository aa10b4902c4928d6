/* .racelab/: small text files, rewritten whole through a temporary file and rename(). */
#include "state.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/util.h"

#define STATE_MAX_LINES 256

static enum rl_err write_atomically(const char *path, const char *text, struct diag *d)
{
	char tmp[PATH_MAX];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fp = fopen(tmp, "w");
	if (!fp)
		return diag_set(d, RL_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (fputs(text, fp) == EOF || fclose(fp) == EOF || rename(tmp, path)) {
		unlink(tmp);
		return diag_set(d, RL_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
	}
	return RL_ERR_OK;
}

/* Replaces or adds "key value" in a small key-value file. */
static enum rl_err kv_set(const char *root, const char *file, const char *key, const char *value,
			  struct diag *d)
{
	char dir[PATH_MAX], path[PATH_MAX], *old, *text, *line, *save = NULL;
	size_t cap, used = 0;
	enum rl_err err;

	snprintf(dir, sizeof(dir), "%s/.racelab", root);
	if (mkdir_p(dir, 0755))
		return diag_set(d, RL_ERR_IO, "%s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	old = read_file_capped(path, 1 << 16, NULL);
	cap = (old ? strlen(old) : 0) + strlen(key) + strlen(value) + 4;
	text = malloc(cap);
	if (!text) {
		free(old);
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
	text[0] = '\0';
	for (line = old ? strtok_r(old, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		size_t kl = strlen(key);

		if (!strncmp(line, key, kl) && line[kl] == ' ')
			continue;
		used += (size_t)snprintf(text + used, cap - used, "%s\n", line);
	}
	snprintf(text + used, cap - used, "%s %s\n", key, value);
	err = write_atomically(path, text, d);
	free(old);
	free(text);
	return err;
}

static const char *kv_get(const char *root, const char *file, const char *key, char *buf,
			  size_t len)
{
	char path[PATH_MAX], *text, *line, *save = NULL;
	const char *found = NULL;

	snprintf(path, sizeof(path), "%s/.racelab/%s", root, file);
	text = read_file_capped(path, 1 << 16, NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		size_t kl = strlen(key);

		if (!strncmp(line, key, kl) && line[kl] == ' ') {
			snprintf(buf, len, "%s", line + kl + 1);
			found = buf;
		}
	}
	free(text);
	return found;
}

enum rl_err state_save_verdicts(const char *root, const struct result_set *s, struct diag *d)
{
	for (size_t i = 0; i < s->nr; i++) {
		enum rl_err err = kv_set(root, "status", s->items[i].name,
					 verdict_name(s->items[i].verdict), d);

		if (err != RL_ERR_OK)
			return err;
	}
	return RL_ERR_OK;
}

const char *state_verdict(const char *root, const char *slug, char *buf, size_t len)
{
	return kv_get(root, "status", slug, buf, len);
}

int state_hints_shown(const char *root, const char *slug)
{
	char buf[32];

	return kv_get(root, "hints", slug, buf, sizeof(buf)) ? atoi(buf) : 0;
}

enum rl_err state_set_hints_shown(const char *root, const char *slug, int n, struct diag *d)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", n);
	return kv_set(root, "hints", slug, buf, d);
}

/* Whether the key-value text has a line for key. */
static bool has_key(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *line = text;

	while (line) {
		if (!strncmp(line, key, kl) && line[kl] == ' ')
			return true;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return false;
}

/* Whether msg, a list "a, b, c", holds item (status and hints often move the same slug). */
static bool listed(const char *msg, const char *item)
{
	size_t il = strlen(item);

	for (const char *p = strstr(msg, item); p; p = strstr(p + 1, item))
		if ((p == msg || (p >= msg + 2 && !strncmp(p - 2, ", ", 2))) &&
		    (p[il] == '\0' || p[il] == ','))
			return true;
	return false;
}

/*
 * One .racelab file: each line whose key the course no longer has but knows under a new number
 * (course_find_renamed) takes the new slug, unless the new slug has a line of its own already
 * (progress made since wins). Lines are judged against the file as read, so two exercises that
 * traded numbers move in one pass. Returns how many moved; "old -> new" pairs go to msg.
 */
static int follow_renames_in(const char *root, const char *file, const struct course *c,
			     char *msg, size_t len)
{
	char path[PATH_MAX], *text, *copy, *line, *save = NULL, *out = NULL;
	size_t out_len = 0;
	struct diag d = DIAG_INIT;
	FILE *mem;
	int moved = 0;

	snprintf(path, sizeof(path), "%s/.racelab/%s", root, file);
	text = read_file_capped(path, 1 << 16, NULL);
	copy = text ? strdup(text) : NULL;
	mem = copy ? open_memstream(&out, &out_len) : NULL;
	if (!mem)
		goto out_free_text;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[PATH_MAX], pair[2 * PATH_MAX + 8];
		const char *value = strchr(line, ' ');
		const struct manifest *m = NULL;

		if (value && (size_t)(value - line) < sizeof(key)) {
			snprintf(key, sizeof(key), "%.*s", (int)(value - line), line);
			m = course_find_renamed(c, key);
		}
		if (!m || has_key(text, m->slug)) {
			fprintf(mem, "%s\n", line);
			continue;
		}
		fprintf(mem, "%s%s\n", m->slug, value);
		snprintf(pair, sizeof(pair), "%s -> %s", key, m->slug);
		if (!listed(msg, pair) && strlen(msg) + 1 < len)
			snprintf(msg + strlen(msg), len - strlen(msg), "%s%s", msg[0] ? ", " : "", pair);
		moved++;
	}
	if (fclose(mem) == EOF || (moved && write_atomically(path, out, &d) != RL_ERR_OK))
		moved = 0; /* state is a convenience: a kit we cannot write keeps its old lines */
	free(out);
out_free_text:
	free(copy);
	free(text);
	return moved;
}

int state_follow_renames(const char *root, const struct course *c, char *msg, size_t len)
{
	if (!len)
		return 0;
	msg[0] = '\0';
	return follow_renames_in(root, "status", c, msg, len) +
	       follow_renames_in(root, "hints", c, msg, len);
}
