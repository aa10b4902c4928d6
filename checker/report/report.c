/* The table of report writers, and the helpers they share. */
#include "report_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

static const struct report_ops *const writers[] = {
	&report_text_ops, &report_json_ops, &report_junit_ops, &report_tap_ops,
	&report_gradescope_ops, &report_html_ops,
};

const struct report_ops *report_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

static char names[128];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

/* Built once from the table, so a new writer shows up in every message by itself. */
static void names_fill(void)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		buf_appendf(names, sizeof(names), "%s%s", i ? ", " : "", writers[i]->name);
}

const char *report_names(void)
{
	if (pthread_once(&names_once, names_fill))
		abort();
	return names;
}

void report_tools_string(unsigned tools, char *buf, size_t size)
{
	size_t len = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (int bit = 0; bit < TOOL__COUNT; bit++) {
		int n;

		if (!(tools & (1u << bit)))
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
			     tool_name((enum tool_bit)bit));
		if (n < 0 || (size_t)n >= size - len)
			break; /* truncated: the buffer holds what fitted */
		len += (size_t)n;
	}
}

enum rl_err report_check_stream(FILE *out, struct diag *d)
{
	if (fflush(out) != 0 || ferror(out))
		return diag_set(d, RL_ERR_IO, "could not write the report");
	return RL_ERR_OK;
}

size_t report_utf8_next(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

char *report_utf8_clean(const char *s)
{
	size_t len = strlen(s);
	char *copy = malloc(len + 1);
	const unsigned char *p = (const unsigned char *)s;
	size_t j = 0;

	if (!copy)
		return NULL;
	while (*p) {
		unsigned cp;
		size_t n = report_utf8_next(p, &cp);

		if (!n) {
			copy[j++] = '?';
			p++;
			continue;
		}
		memcpy(copy + j, p, n);
		j += n;
		p += n;
	}
	copy[j] = '\0';
	return copy;
}

void report_put_clean(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned cp;
		size_t n = report_utf8_next(p, &cp);

		if (!n || (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0)) {
			fputc('?', out);
			p += n ? n : 1;
			continue;
		}
		fwrite(p, 1, n, out);
		p += n;
	}
}
