/* The private per-check copy of an exercise; nothing of a check is ever built in the kit's tree. */
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OVERLAY_MAX_BYTES (1u << 20)
#define EXERCISE_MAX_BYTES (8u << 20)

static char *join(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s/%s", a, b) < 0)
		return NULL;
	return p;
}

enum rl_err workspace_create(struct workspace *ws, struct diag *d)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[PATH_MAX], tools[64];

	memset(ws, 0, sizeof(*ws));
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/racelab.XXXXXX", tmp);
	if (!mkdtemp(tmpl))
		return diag_set(d, RL_ERR_IO, "cannot create a temporary directory in %s: %s", tmp,
				strerror(errno));
	ws->base = strdup(tmpl);
	/* The tools directory gets a second random name so the program cannot guess it. */
	snprintf(tools, sizeof(tools), "%s/t-XXXXXX", tmpl);
	if (!ws->base || !mkdtemp(tools))
		goto fail;
	ws->tools = strdup(tools);
	ws->work = join(tmpl, "work");
	ws->bin = join(tmpl, "bin");
	if (!ws->tools || !ws->work || !ws->bin)
		goto fail;
	if (mkdir(ws->work, 0755) || mkdir(ws->bin, 0755))
		goto fail;
	return RL_ERR_OK;
fail:
	diag_set(d, RL_ERR_IO, "cannot set up the workspace in %s: %s", tmpl, strerror(errno));
	if (!ws->base)
		rmdir(tmpl);
	workspace_remove(ws);
	return RL_ERR_IO;
}

enum rl_err copy_file(const char *from, const char *to, size_t max_bytes, struct diag *d)
{
	int in = -1, out = -1;
	struct stat sb;
	char buf[65536];
	size_t total = 0;
	enum rl_err err = RL_ERR_OK;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 || fstat(in, &sb) || !S_ISREG(sb.st_mode)) {
		err = diag_set(d, RL_ERR_IO, "%s: not a readable regular file", from);
		goto out;
	}
	if ((size_t)sb.st_size > max_bytes) {
		err = diag_set(d, RL_ERR_IO, "%s: larger than %zu bytes", from, max_bytes);
		goto out;
	}
	unlink(to); /* never write through a planted symlink */
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (out < 0) {
		err = diag_set(d, RL_ERR_IO, "%s: cannot create: %s", to, strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				err = diag_set(d, RL_ERR_IO, "%s: read error", from);
			break;
		}
		total += (size_t)n;
		if (total > max_bytes || write(out, buf, (size_t)n) != n) {
			err = diag_set(d, RL_ERR_IO, "%s: cannot copy to %s", from, to);
			break;
		}
	}
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return err;
}

static bool is_regular(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* True when both files exist with the same bytes. */
static bool same_content(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = fa && fb;

	while (same) {
		int ca = getc(fa), cb = getc(fb);

		if (ca != cb)
			same = false;
		if (ca == EOF || cb == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static void note_add(char *note, size_t len, const char *what, const char *name)
{
	size_t used;

	if (!note || !len)
		return;
	used = strlen(note);
	if (used + 1 >= len)
		return;
	snprintf(note + used, len - used, "%s%s %s", used ? "; " : "", what, name);
}

enum rl_err workspace_populate(struct workspace *ws, const struct manifest *m, const char *root,
			       const char *overlay_dir, char *note, size_t note_len, struct diag *d)
{
	DIR *dp = NULL;
	struct dirent *de;
	enum rl_err err = RL_ERR_OK;
	char from[PATH_MAX], to[PATH_MAX];

	if (note && note_len)
		note[0] = '\0';
	dp = opendir(m->dir);
	if (!dp)
		return diag_set(d, RL_ERR_IO, "%s: cannot read: %s", m->dir, strerror(errno));
	while ((de = readdir(dp))) {
		snprintf(from, sizeof(from), "%s/%s", m->dir, de->d_name);
		if (de->d_name[0] == '.' || !is_regular(from))
			continue;
		snprintf(to, sizeof(to), "%s/%s", ws->work, de->d_name);
		err = copy_file(from, to, EXERCISE_MAX_BYTES, d);
		if (err != RL_ERR_OK)
			goto out;
	}
	closedir(dp);
	dp = NULL;

	if (m->ncommon) {
		char cdir[PATH_MAX];

		snprintf(cdir, sizeof(cdir), "%s/common", ws->work);
		if (mkdir(cdir, 0755) && errno != EEXIST) {
			err = diag_set(d, RL_ERR_IO, "%s: %s", cdir, strerror(errno));
			goto out;
		}
		/* Every header of common/ comes along, so support files can include each other. */
		snprintf(from, sizeof(from), "%s/exercises/common", root);
		dp = opendir(from);
		while (dp && (de = readdir(dp))) {
			size_t l = strlen(de->d_name);
			bool wanted = l > 2 && !strcmp(de->d_name + l - 2, ".h");

			for (size_t i = 0; i < m->ncommon; i++)
				wanted |= !strcmp(de->d_name, m->common[i]);
			snprintf(from, sizeof(from), "%s/exercises/common/%s", root, de->d_name);
			if (!wanted || de->d_name[0] == '.' || !is_regular(from))
				continue;
			snprintf(to, sizeof(to), "%s/%s", cdir, de->d_name);
			err = copy_file(from, to, EXERCISE_MAX_BYTES, d);
			if (err != RL_ERR_OK)
				goto out;
		}
		if (dp)
			closedir(dp);
		dp = NULL;
	}

	if (!overlay_dir)
		goto out;
	for (size_t i = 0; i < m->neditable; i++) {
		snprintf(from, sizeof(from), "%s/%s", overlay_dir, m->editable[i]);
		snprintf(to, sizeof(to), "%s/%s", ws->work, m->editable[i]);
		if (!is_regular(from)) {
			note_add(note, note_len, "missing", m->editable[i]);
			continue;
		}
		err = copy_file(from, to, OVERLAY_MAX_BYTES, d);
		if (err != RL_ERR_OK)
			goto out;
	}
	dp = opendir(overlay_dir);
	while (dp && (de = readdir(dp))) {
		char pristine[PATH_MAX];

		snprintf(from, sizeof(from), "%s/%s", overlay_dir, de->d_name);
		snprintf(pristine, sizeof(pristine), "%s/%s", m->dir, de->d_name);
		if (de->d_name[0] == '.' || manifest_is_editable(m, de->d_name) ||
		    !strcmp(de->d_name, "WHY.md"))
			continue;
		if (!is_regular(from) || !same_content(from, pristine))
			note_add(note, note_len, "ignored", de->d_name);
	}
out:
	if (dp)
		closedir(dp);
	return err;
}

/* Copies the regular *.h files of dir into work/, keeping what is there; *count bounds them. */
static enum rl_err add_headers(struct workspace *ws, const char *dir, size_t *count,
			       struct diag *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	enum rl_err err = RL_ERR_OK;

	/* A folder that cannot be listed has no headers to offer: the build will say what is missing. */
	if (!dp)
		return RL_ERR_OK;
	while (err == RL_ERR_OK && *count < WORKSPACE_MAX_HEADERS && (de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		char from[PATH_MAX], to[PATH_MAX];
		struct stat st;

		if (len < 3 || strcmp(de->d_name + len - 2, ".h") || de->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", dir, de->d_name);
		snprintf(to, sizeof(to), "%s/%s", ws->work, de->d_name);
		if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20) ||
		    access(to, F_OK) == 0)
			continue;
		err = copy_file(from, to, 1u << 20, d);
		(*count)++;
	}
	closedir(dp);
	return err;
}

enum rl_err workspace_add_files(struct workspace *ws, const char *const *files, size_t n,
				struct diag *d)
{
	size_t headers = 0;

	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(files[i], '/');
		char to[PATH_MAX];
		enum rl_err err;

		snprintf(to, sizeof(to), "%s/%s", ws->work, slash ? slash + 1 : files[i]);
		err = copy_file(files[i], to, EXERCISE_MAX_BYTES, d);
		if (err != RL_ERR_OK)
			return err;
	}
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(files[i], '/');
		char dir[PATH_MAX];
		enum rl_err err;

		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - files[i]) : 1,
			 slash ? files[i] : ".");
		if (slash == files[i])
			snprintf(dir, sizeof(dir), "/");
		if ((err = add_headers(ws, dir, &headers, d)) != RL_ERR_OK)
			return err;
	}
	return RL_ERR_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void workspace_remove(struct workspace *ws)
{
	if (ws->base) {
		/* A program may have left a read-only directory behind: make it writable first. */
		chmod(ws->work ? ws->work : ws->base, 0700);
		nftw(ws->base, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	}
	free(ws->base);
	free(ws->work);
	free(ws->tools);
	free(ws->bin);
	memset(ws, 0, sizeof(*ws));
}
