/* Quoting a program's own output in a finding: the lines that explain a failure, made safe. */
#include "output_quote.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lines longer than this are only looked at in their first bytes (a pattern, a FAIL word). */
#define SCAN_MAX 1024

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid or a C1 control. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	k = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (k > n)
		return 0;
	cp = s[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and C1 controls (U+0080..U+009F). */
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return k;
}

char *output_quote_line(const char *line, size_t n, char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t o = 0, i = 0;

	if (!len)
		return buf;
	while (i < n) {
		size_t k = s[i] >= 0x20 && s[i] < 0x7f ? 1 : s[i] >= 0x80 ? utf8_len(s + i, n - i) : 0;

		/* Leave room for "..." and the NUL when more follows. */
		if (o + (k ? k : 1) + (i + (k ? k : 1) < n ? 3 : 0) + 1 > len) {
			if (o + 4 <= len) {
				memcpy(buf + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (k) {
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		} else {
			buf[o++] = s[i] == '\t' ? ' ' : '?';
			i++;
		}
	}
	/* A trailing carriage return (CRLF output) is no part of the line. */
	if (o && i == n && n && s[n - 1] == '\r' && buf[o - 1] == '?')
		o--;
	buf[o] = '\0';
	return buf;
}

struct line {
	const char *p;
	size_t n;
};

static bool blank(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t' && l->p[i] != '\r')
			return false;
	return true;
}

static bool says_failure(const struct line *l)
{
	char tmp[SCAN_MAX + 1];
	size_t n = l->n < SCAN_MAX ? l->n : SCAN_MAX;

	memcpy(tmp, l->p, n);
	tmp[n] = '\0';
	return strstr(tmp, "FAIL") || strcasestr(tmp, "error");
}

static bool matches(const regex_t *re, const struct line *l)
{
	char tmp[SCAN_MAX + 1];
	size_t n = l->n < SCAN_MAX ? l->n : SCAN_MAX;

	memcpy(tmp, l->p, n);
	tmp[n] = '\0';
	return regexec(re, tmp, 0, NULL, 0) == 0;
}

static void append(char *out, size_t len, const struct line *l)
{
	char q[OUTPUT_QUOTE_LINE_MAX + 1];
	size_t o = strlen(out);

	output_quote_line(l->p, l->n, q, sizeof(q));
	snprintf(out + o, len - o, "%s\"%s\"", o ? " | " : "", q);
}

/* Calls fn on each line of text, last first when backwards; stops when fn returns false. */
static size_t scan(const char *text, bool backwards, bool (*fn)(void *, const struct line *),
		   void *ctx)
{
	size_t total = strlen(text), visited = 0;
	const char *end = text + total;

	if (!backwards) {
		for (const char *p = text; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			struct line l = { p, (size_t)((nl ? nl : end) - p) };

			visited++;
			if (!fn(ctx, &l))
				break;
			p = nl ? nl + 1 : end;
		}
		return visited;
	}
	if (total && end[-1] == '\n')
		end--;
	while (end > text) {
		const char *p = end;

		while (p > text && p[-1] != '\n')
			p--;
		visited++;
		if (!fn(ctx, &(struct line){ p, (size_t)(end - p) }))
			break;
		end = p > text ? p - 1 : text;
		if (p == text)
			break;
	}
	return visited;
}

struct pick {
	const regex_t *re;
	struct line got[OUTPUT_QUOTE_LINES];
	size_t n;
	int pass; /* 0: the pattern's line, 1: failure lines, 2: the last lines */
};

static bool already(const struct pick *k, const struct line *l)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->got[i].p == l->p)
			return true;
	return false;
}

static bool take(void *ctx, const struct line *l)
{
	struct pick *k = ctx;
	bool want = k->pass == 0 ? matches(k->re, l) : k->pass == 1 ? says_failure(l) : !blank(l);

	if (want && !already(k, l))
		k->got[k->n++] = *l;
	/* One line for the pattern; the rest for the others. */
	return k->n < OUTPUT_QUOTE_LINES && !(k->pass == 0 && want);
}

static int cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

size_t output_quote_pick(const char *text, const char *want_re, char *out, size_t len)
{
	struct pick k = { 0 };
	regex_t re;
	size_t first_last;

	if (!len)
		return 0;
	out[strnlen(out, len - 1)] = '\0';
	if (!text || !*text)
		return 0;
	if (want_re && !regcomp(&re, want_re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB)) {
		k.re = &re;
		scan(text, false, take, &k);
		regfree(&re);
	}
	k.pass = 1;
	if (k.n < OUTPUT_QUOTE_LINES)
		scan(text, false, take, &k);
	first_last = k.n;
	if (!k.n) {
		k.pass = 2;
		scan(text, true, take, &k);
		/* Quote the last lines in the order the program printed them. */
		qsort(k.got + first_last, k.n - first_last, sizeof(*k.got), cmp_line);
	}
	for (size_t i = 0; i < k.n; i++)
		append(out, len, &k.got[i]);
	return k.n;
}
