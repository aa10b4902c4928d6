/* The hints of an exercise live once, in its README, and `racelab hint` serves them one by one. */
#include "hints.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool is_heading(const char *line)
{
	return line[0] == '#';
}

/* "3. text" -> 3, else 0. */
static int item_number(const char *line)
{
	if (isdigit((unsigned char)line[0]) && line[1] == '.' && line[2] == ' ')
		return line[0] - '0';
	return 0;
}

static enum rl_err append(char **dst, const char *text, size_t len)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *p = realloc(*dst, old + len + 2);

	if (!p)
		return RL_ERR_NOMEM;
	if (old)
		p[old++] = ' ';
	memcpy(p + old, text, len);
	p[old + len] = '\0';
	*dst = p;
	return RL_ERR_OK;
}

enum rl_err hints_parse(const char *md, struct hints *h, struct diag *d)
{
	const char *line = md;
	bool in_section = false, in_reading = false, blank = false;
	int current = 0;

	memset(h, 0, sizeof(*h));
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *t = line;
		int n;

		while (len && (t[len - 1] == '\r' || t[len - 1] == ' '))
			len--;
		if (is_heading(line)) {
			in_section = !strncmp(line, "## Hints", 8);
			in_reading = !strncmp(line, "## Further reading", 18);
			current = 0;
		} else if (in_reading && len) {
			if (append(&h->reading, t, len))
				goto nomem;
		} else if (in_section && current && len && blank && *t != ' ' && *t != '\t' &&
			   !item_number(line)) {
			/* A paragraph after the list, not indented: not part of the last hint. */
			current = 0;
		} else if (in_section && (n = item_number(line)) > 0 && n == h->nr + 1 &&
			   n <= HINTS_MAX) {
			current = n;
			h->nr = n;
			if (append(&h->items[n - 1], t + 3, len > 3 ? len - 3 : 0))
				goto nomem;
		} else if (in_section && current && len) {
			while (len && (*t == ' ' || *t == '\t'))
				t++, len--;
			if (append(&h->items[current - 1], t, len))
				goto nomem;
		} else if (!len) {
			/* A blank line ends an item's paragraph but not the section. */
			current = current && in_section ? current : 0;
		}
		blank = !len;
		line = nl ? nl + 1 : NULL;
	}
	return RL_ERR_OK;
nomem:
	hints_release(h);
	return diag_set(d, RL_ERR_NOMEM, "out of memory");
}

enum rl_err hints_load(const char *dir, struct hints *h, struct diag *d)
{
	char path[PATH_MAX];
	char *text;
	enum rl_err err;

	snprintf(path, sizeof(path), "%s/README.md", dir);
	text = read_file_capped(path, 1 << 20, NULL);
	if (!text)
		return diag_set(d, RL_ERR_NOTFOUND, "%s: cannot read", path);
	err = hints_parse(text, h, d);
	free(text);
	return err;
}

void hints_release(struct hints *h)
{
	for (int i = 0; i < HINTS_MAX; i++)
		free(h->items[i]);
	free(h->reading);
	memset(h, 0, sizeof(*h));
}
