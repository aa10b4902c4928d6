/*
 * The TAP writer (TAP version 14): a plan, one test point per exercise, a YAML diagnostic block
 * under each one that did not pass, "# SKIP" for skipped exercises, and the summary as a comment.
 * It uses only constructs TAP 13 also has, so older harnesses parse it once they accept the
 * version line (Debian 12's prove 3.44 stops at "version 14": see tests/grading/tap_check.pl).
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

/* A test point's description: '#' and '\' escaped as TAP 14 asks, line breaks flattened. */
static void tap_description(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '#' || *s == '\\')
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
	}
}

/* A double-quoted YAML scalar: quotes, backslashes and control characters escaped. */
static void yaml_quoted(FILE *out, const char *s, bool *nomem)
{
	char *clean = report_utf8_clean(s ? s : "");

	if (!clean) {
		*nomem = true;
		fputs("\"\"", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
	free(clean);
}

/*
 * The diagnostics as a YAML literal block. Its first line is always a diagnostic's "file:line:"
 * (never indented: the note, which is, goes in its own key), so every later line is indented at
 * least as much, as a literal block needs. A list of quoted lines would be the other way, but
 * Perl's YAMLish reader takes a quoted item holding "x: y" for a hash. Control characters other
 * than tab, which YAML forbids, become '?'.
 */
static void yaml_block(FILE *out, const char *text, bool *nomem)
{
	char *clean = report_utf8_clean(text);
	bool line_start = true;

	if (!clean) {
		*nomem = true;
		return;
	}
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		if (line_start)
			fputs("    ", out);
		line_start = *p == '\n';
		if (*p == '\n' || *p == '\t' || (*p >= 0x20 && *p != 0x7f))
			fputc(*p, out);
		else
			fputc('?', out);
	}
	if (!line_start)
		fputc('\n', out);
	free(clean);
}

static void write_point(FILE *out, size_t num, const struct exercise_result *r,
			const struct report_opts *o, bool *nomem)
{
	bool ok = r->verdict == VERDICT_PASS || r->verdict == VERDICT_SKIPPED;
	char *body;

	fprintf(out, "%s %zu - ", ok ? "ok" : "not ok", num);
	tap_description(out, r->name ? r->name : "?");
	fprintf(out, " (%d/%d points)", r->score, r->max_score);
	if (r->verdict == VERDICT_SKIPPED) {
		fputs(" # SKIP ", out);
		tap_description(out, r->note ? r->note : "skipped");
	}
	fputc('\n', out);
	if (r->verdict == VERDICT_PASS || r->verdict == VERDICT_SKIPPED)
		return;

	body = report_text_capture(r, 0, o);
	if (!body)
		*nomem = true;
	fputs("  ---\n  message: ", out);
	yaml_quoted(out, r->verdict == VERDICT_ERROR && r->note ? r->note : "exercise not fixed",
		    nomem);
	fprintf(out, "\n  severity: %s\n", r->verdict == VERDICT_ERROR ? "error" : "fail");
	fprintf(out, "  verdict: %s\n  score: %d\n  max_score: %d\n  duration_ms: %ld\n",
		verdict_name(r->verdict), r->score, r->max_score, r->duration_ms);
	if (r->note) {
		fputs("  note: ", out);
		yaml_quoted(out, r->note, nomem);
		fputc('\n', out);
	}
	if (body && body[0]) {
		fputs("  diagnostics: |\n", out);
		yaml_block(out, body, nomem);
	}
	fputs("  ...\n", out);
	free(body);
}

static enum rl_err tap_write(FILE *out, const struct result_set *s, const struct report_opts *o,
			     struct diag *d)
{
	bool nomem = false;
	int passed, score, max;

	fprintf(out, "TAP version 14\n1..%zu\n", s->nr);
	if (s->student) {
		fputs("# student: ", out);
		tap_description(out, s->student);
		fputc('\n', out);
	}
	for (size_t i = 0; i < s->nr; i++)
		write_point(out, i + 1, &s->items[i], o, &nomem);
	result_set_counts(s, &passed, NULL, NULL, NULL);
	result_set_score(s, &score, &max);
	fprintf(out, "# %d/%zu exercises fixed, %d/%d points\n", passed, s->nr, score, max);
	if (nomem)
		return diag_set(d, RL_ERR_NOMEM, "out of memory writing the TAP report");
	return report_check_stream(out, d);
}

const struct report_ops report_tap_ops = { "tap", ".tap", tap_write };
