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
