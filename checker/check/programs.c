/* The programs of a folder, for `racelab analyze DIR`. */
#include "programs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/util.h"

#define SOURCE_CAP (4u << 20) /* a source file read to find main(): far more than any program */

/* Whether the line [s, end) starts a definition of main: see programs.h. */
static bool line_defines_main(const char *s, const char *end)
{
	const char *p = s, *m, *q;

	/* A definition starts in column 0; a call or a comment's text is indented or marked. */
	if (p == end || isspace((unsigned char)*p) || *p == '#' || *p == '/' || *p == '*')
		return false;
	/* Before `main`: the return type and storage words, nothing else ("int", "static int *"). */
	for (m = p; m < end && (isalnum((unsigned char)*m) || *m == '_' || *m == ' ' ||
				*m == '\t' || *m == '*');
	     m++) {
		if ((size_t)(end - m) >= 4 && !memcmp(m, "main", 4) &&
		    (m == p || !(isalnum((unsigned char)m[-1]) || m[-1] == '_'))) {
			q = m + 4;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < end && *q == '(') {
				/* A prototype ends in ';' on its line; a definition does not. */
				const char *t = end;

				while (t > q && isspace((unsigned char)t[-1]))
					t--;
				return t == q || t[-1] != ';';
			}
		}
	}
	return false;
}

int program_text_defines_main(const char *text)
{
	const char *s = text;

	while (s && *s) {
		const char *end = strchr(s, '\n');

		if (!end)
			end = s + strlen(s);
		if (line_defines_main(s, end))
			return 1;
		s = *end ? end + 1 : end;
	}
	return 0;
}

/* The .c files directly in dir, sorted, as malloc'd paths DIR/NAME. */
static enum rl_err list_sources(const char *dir, char ***out, size_t *n, struct diag *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t nr = 0;

	*out = NULL;
	*n = 0;
	if (!dp)
		return diag_set(d, RL_ERR_NOTFOUND, "%s: %s", dir, strerror(errno));
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		char path[4096], **grown;
		struct stat st;

		if (de->d_name[0] == '.' || len < 3 || strcmp(de->d_name + len - 2, ".c"))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		grown = realloc(v, (nr + 1) * sizeof(*v));
		if (!grown || !(grown[nr] = strdup(path))) {
			free(grown ? grown : v);
			closedir(dp);
			return diag_set(d, RL_ERR_NOMEM, "out of memory");
		}
		v = grown;
		nr++;
	}
	closedir(dp);
	qsort(v, nr, sizeof(*v), strcmp_ptrs);
	*out = v;
	*n = nr;
	return RL_ERR_OK;
}

void program_set_release(struct program_set *s)
{
	for (size_t i = 0; i < s->nr; i++)
		for (size_t k = 0; k < s->items[i].nfiles; k++)
			free(s->items[i].files[k]);
	free(s->items);
	s->items = NULL;
	s->nr = 0;
}

enum rl_err program_set_from_dir(const char *dir, struct program_set *out, struct diag *d)
{
	char **src = NULL;
	bool *is_main = NULL;
	size_t n = 0, nmain = 0, nhelp;
	enum rl_err err;

	*out = (struct program_set)PROGRAM_SET_INIT;
	if ((err = list_sources(dir, &src, &n, d)) != RL_ERR_OK)
		return err;
	if (!n) {
		err = diag_set(d, RL_ERR_NOTFOUND, "%s: no .c file in this folder", dir);
		goto done;
	}
	if (!(is_main = calloc(n, sizeof(*is_main)))) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		char *text = read_file_capped(src[i], SOURCE_CAP, NULL);

		is_main[i] = text && program_text_defines_main(text);
		nmain += is_main[i];
		free(text);
	}
	nhelp = n - nmain;
	if (!nmain) {
		err = diag_set(d, RL_ERR_NOTFOUND, "%s: no .c file here defines main(); name the "
			       "program's files instead", dir);
		goto done;
	}
	if (nmain > PROGRAMS_MAX || 1 + nhelp > MANIFEST_MAX_FILES) {
		err = diag_set(d, RL_ERR_USAGE, "%s: %zu programs of %zu files: at most %d programs "
			       "of %d files each; name the files instead", dir, nmain, 1 + nhelp,
			       PROGRAMS_MAX, MANIFEST_MAX_FILES);
		goto done;
	}
	if (!(out->items = calloc(nmain, sizeof(*out->items)))) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n && err == RL_ERR_OK; i++) {
		struct program *p;

		if (!is_main[i])
			continue;
		p = &out->items[out->nr++];
		/* The main file first: the program is named after it. */
		p->files[p->nfiles++] = strdup(src[i]);
		for (size_t k = 0; k < n; k++)
			if (!is_main[k])
				p->files[p->nfiles++] = strdup(src[k]);
		for (size_t k = 0; k < p->nfiles; k++)
			if (!p->files[k])
				err = diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
done:
	if (err != RL_ERR_OK)
		program_set_release(out);
	for (size_t i = 0; i < n; i++)
		free(src[i]);
	free(src);
	free(is_main);
	return err;
}
