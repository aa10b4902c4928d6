/*
 * The JUnit XML writer, in the shape GitLab's and GitHub's test reporters read (the "Jenkins
 * junit.xsd" shape; tests/fixtures/junit/junit.xsd is the schema the tests validate against):
 * <testsuites> holding one <testsuite> for the exercise set, one <testcase> per exercise, and in a
 * testcase, in schema order, <skipped>, <error> or <failure> (its body: the diagnostics text), then
 * <system-out> with the score and, for GitLab, an [[ATTACHMENT|path]] line per graph.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

/*
 * Writes s escaped for XML 1.0. Bytes that are not UTF-8, and characters XML 1.0 forbids (control
 * characters other than tab, newline and carriage return; U+FFFE, U+FFFF), become '?'. In an
 * attribute, newlines and tabs are written as character references so a parser keeps them.
 */
static void xml_escape(FILE *out, const char *s, bool attribute)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned cp;
		size_t n = report_utf8_next(p, &cp);

		if (!n) {
			fputc('?', out);
			p++;
			continue;
		}
		switch (cp) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs(attribute ? "&quot;" : "\"", out);
			break;
		case '\'':
			fputs(attribute ? "&apos;" : "'", out);
			break;
		case '\n':
			fputs(attribute ? "&#10;" : "\n", out);
			break;
		case '\r':
			fputs("&#13;", out);
			break;
		case '\t':
			fputs(attribute ? "&#9;" : "\t", out);
			break;
		default:
			if (cp < 0x20 || cp == 0xfffe || cp == 0xffff)
				fputc('?', out);
			else
				fwrite(p, 1, n, out);
			break;
		}
		p += n;
	}
}

static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_escape(out, value, true);
	fputc('"', out);
}

/* "data-race, deadlock": the distinct kinds of the failing findings, for the failure's type. */
static void kinds_string(const struct exercise_result *r, char *buf, size_t size)
{
	unsigned seen = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->findings.nr; i++) {
		const struct finding *f = &r->findings.items[i];
		int n;

		if (f->severity != SEV_ERROR || (seen & (1u << f->kind)))
			continue;
		seen |= 1u << f->kind;
		n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
			     finding_kind_name(f->kind));
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

static void write_testcase(FILE *out, const struct exercise_result *r, const char *classname,
			   const struct report_opts *o, bool *nomem)
{
	char *body = report_text_capture(r, REPORT_CAPTURE_NOTE, o);
	char kinds[256], message[512], time[32];

	if (!body)
		*nomem = true;
	snprintf(time, sizeof(time), "%.3f", r->duration_ms / 1000.0);
	fputs("    <testcase", out);
	attr(out, "name", r->name ? r->name : "");
	attr(out, "classname", classname);
	attr(out, "time", time);
	fputs(">\n", out);

	kinds_string(r, kinds, sizeof(kinds));
	switch (r->verdict) {
	case VERDICT_PASS:
		break;
	case VERDICT_SKIPPED:
		fputs("      <skipped", out);
		attr(out, "message", r->note ? r->note : "skipped");
		fputs("/>\n", out);
		break;
	case VERDICT_ERROR:
		fputs("      <error", out);
		attr(out, "message", r->note ? r->note : "internal error");
		attr(out, "type", "error");
		fputs(">", out);
		xml_escape(out, body, false);
		fputs("</error>\n", out);
		break;
	default:
		snprintf(message, sizeof(message), "%d/%d points%s%s", r->score, r->max_score,
			 kinds[0] ? ": " : "", kinds);
		fputs("      <failure", out);
		attr(out, "message", message);
		attr(out, "type", kinds[0] ? kinds : "fail");
		fputs(">", out);
		xml_escape(out, body, false);
		fputs("</failure>\n", out);
		break;
	}

	fputs("      <system-out>", out);
	fprintf(out, "score: %d/%d\n", r->score, r->max_score);
	if (r->verdict == VERDICT_PASS)
		xml_escape(out, body, false); /* warnings and notes of a passing exercise */
	for (size_t i = 0; i < r->findings.nr; i++)
		if (r->findings.items[i].graph) {
			fputs("[[ATTACHMENT|", out);
			xml_escape(out, r->findings.items[i].graph, false);
			fputs("]]\n", out);
		}
	fputs("</system-out>\n", out);
	fputs("    </testcase>\n", out);
	free(body);
}

static enum rl_err junit_write(FILE *out, const struct result_set *s, const struct report_opts *o,
			       struct diag *d)
{
	const char *suite = s->student ? s->student : o && o->suite ? o->suite : "racelab";
	int passed, failed, skipped, errors;
	long ms = 0;
	char n[32], nfail[32], nerr[32], nskip[32], time[32];
	bool nomem = false;

	result_set_counts(s, &passed, &failed, &skipped, &errors);
	for (size_t i = 0; i < s->nr; i++)
		ms += s->items[i].duration_ms;
	snprintf(n, sizeof(n), "%zu", s->nr);
	snprintf(nfail, sizeof(nfail), "%d", failed);
	snprintf(nerr, sizeof(nerr), "%d", errors);
	snprintf(nskip, sizeof(nskip), "%d", skipped);
	snprintf(time, sizeof(time), "%.3f", ms / 1000.0);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	/* No "skipped" on <testsuites>: the strictest Jenkins-shaped schemas do not allow it there. */
	fputs("<testsuites", out);
	attr(out, "name", o && o->suite ? o->suite : "racelab");
	attr(out, "tests", n);
	attr(out, "failures", nfail);
	attr(out, "errors", nerr);
	attr(out, "time", time);
	fputs(">\n  <testsuite", out);
	attr(out, "name", suite);
	attr(out, "tests", n);
	attr(out, "failures", nfail);
	attr(out, "errors", nerr);
	attr(out, "skipped", nskip);
	attr(out, "time", time);
	fputs(">\n", out);
	for (size_t i = 0; i < s->nr; i++)
		write_testcase(out, &s->items[i], suite, o, &nomem);
	fputs("  </testsuite>\n</testsuites>\n", out);
	if (nomem)
		return diag_set(d, RL_ERR_NOMEM, "out of memory writing the JUnit report");
	return report_check_stream(out, d);
}

const struct report_ops report_junit_ops = { "junit", ".junit.xml", junit_write };
