/* The text writer: a verdict line per exercise and compiler-style diagnostics for editors. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_MAGENTA "\033[35m"
#define C_CYAN "\033[36m"

/* Longest source line quoted; longer lines are cut (a generated or minified line helps nobody). */
#define QUOTE_MAX 200

static const char *col(const struct report_opts *o, const char *code)
{
	return o && o->color ? code : "";
}

bool report_source_line(const char *dir, const char *file, int line, char *buf, size_t size)
{
	char path[4096];
	FILE *f;
	char *text = NULL;
	size_t cap = 0;
	ssize_t len = 0;
	bool found = false;

	if (!dir || !file || line <= 0 || file[0] == '/')
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		return false;
	f = fopen(path, "r");
	if (!f)
		return false;
	for (int n = 1; (len = getline(&text, &cap, f)) >= 0; n++) {
		if (n == line) {
			found = true;
			break;
		}
	}
	if (found) {
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			text[--len] = '\0';
		snprintf(buf, size, "%s", text);
	}
	free(text);
	fclose(f);
	return found;
}

/* The quoted line and, when the column is known, a caret under it (tabs kept so it lines up). */
static void quote_location(FILE *out, const struct exercise_result *r, const struct location *loc,
			   const struct report_opts *o)
{
	char text[QUOTE_MAX + 1];

	if (!o || !o->quote_source || !report_source_line(r->dir, loc->file, loc->line, text, sizeof(text)))
		return;
	fprintf(out, "%5d | ", loc->line);
	report_put_clean(out, text);
	fputc('\n', out);
	if (loc->column > 0) {
		fputs("      | ", out);
		for (int i = 0; i < loc->column - 1 && text[i]; i++)
			fputc(text[i] == '\t' ? '\t' : ' ', out);
		fprintf(out, "%s^%s\n", col(o, C_GREEN C_BOLD), col(o, C_RESET));
	}
}

/* "bank.c:31:5" (or "bank.c:31", or the result's name when the place is unknown). */
static void print_place(FILE *out, const struct exercise_result *r, const struct location *loc,
			const struct report_opts *o)
{
	fputs(col(o, C_BOLD), out);
	if (loc && loc->file) {
		fputs(loc->file, out);
		if (loc->line > 0)
			fprintf(out, ":%d", loc->line);
		if (loc->line > 0 && loc->column > 0)
			fprintf(out, ":%d", loc->column);
	} else {
		fputs(r->name ? r->name : "racelab", out);
	}
	fprintf(out, ":%s ", col(o, C_RESET));
}

static void print_finding(FILE *out, const struct exercise_result *r, const struct finding *f,
			  const struct report_opts *o)
{
	char tools[128];
	bool warning = f->severity == SEV_WARNING;

	report_tools_string(f->tools, tools, sizeof(tools));
	print_place(out, r, f->nlocs ? &f->locs[0] : NULL, o);
	if (warning)
		fprintf(out, "%swarning:%s ", col(o, C_MAGENTA C_BOLD), col(o, C_RESET));
	fprintf(out, "%s%s:%s ", col(o, warning ? C_MAGENTA C_BOLD : C_RED C_BOLD),
		finding_kind_name(f->kind), col(o, C_RESET));
	report_put_clean(out, f->message);
	if (tools[0])
		fprintf(out, " [%s]", tools);
	fputc('\n', out);
	if (f->nlocs)
		quote_location(out, r, &f->locs[0], o);

	/* The other places (the second access of a race, the other edge of a cycle) as notes. */
	for (size_t i = 1; i < f->nlocs; i++) {
		const struct location *loc = &f->locs[i];

		print_place(out, r, loc, o);
		fprintf(out, "%snote:%s", col(o, C_CYAN C_BOLD), col(o, C_RESET));
		if (loc->thread)
			fprintf(out, " %s", loc->thread);
		if (loc->function)
			fprintf(out, " in %s", loc->function);
		if (!loc->thread && !loc->function)
			fputs(" also here", out);
		fputc('\n', out);
		/* Two threads racing on one line: the line was quoted once just above. */
		if (loc->line != f->locs[0].line || !loc->file || !f->locs[0].file ||
		    strcmp(loc->file, f->locs[0].file))
			quote_location(out, r, loc, o);
	}
	if (f->graph)
		fprintf(out, "  graph: %s\n", f->graph);
	if (f->timeline)
		fprintf(out, "  timeline: %s\n", f->timeline);
	if (f->seed >= 0 && o->repeat_cmd) {
		char cmd[512];

		o->repeat_cmd(cmd, sizeof(cmd), r->name ? r->name : "NAME", f->seed);
		fprintf(out, "  repeat with: %s\n", cmd);
	}
}

static void print_verdict(FILE *out, const struct exercise_result *r, const struct report_opts *o)
{
	const char *mark, *colour;

	switch (r->verdict) {
	case VERDICT_PASS:
		mark = "✓", colour = C_GREEN;
		break;
	case VERDICT_FAIL:
		mark = "✗", colour = C_RED;
		break;
	case VERDICT_SKIPPED:
		mark = "-", colour = C_YELLOW;
		break;
	default:
		mark = "!", colour = C_RED C_BOLD;
		break;
	}
	fprintf(out, "%s%s%s %-26s  %s%-7s%s %d/%d  (%ld ms)\n", col(o, colour), mark,
		col(o, C_RESET), r->name ? r->name : "?", col(o, colour), verdict_name(r->verdict),
		col(o, C_RESET), r->score, r->max_score, r->duration_ms);
}

static void print_body(FILE *out, const struct exercise_result *r, const struct report_opts *o,
		       bool with_note)
{
	if (with_note && r->note) {
		fprintf(out, "  %snote:%s ", col(o, C_CYAN C_BOLD), col(o, C_RESET));
		report_put_clean(out, r->note);
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->findings.nr; i++)
		print_finding(out, r, &r->findings.items[i], o);
}

void report_text_result(FILE *out, const struct exercise_result *r, const struct report_opts *o)
{
	print_verdict(out, r, o);
	print_body(out, r, o, true);
}

void report_text_summary(FILE *out, const struct result_set *s, const struct report_opts *o)
{
	int passed, failed, skipped, errors, score, max;

	result_set_counts(s, &passed, &failed, &skipped, &errors);
	result_set_score(s, &score, &max);
	if (s->student)
		fprintf(out, "%s: ", s->student);
	fprintf(out, "%s%d/%zu exercises fixed%s, %d/%d points", col(o, C_BOLD), passed, s->nr,
		col(o, C_RESET), score, max);
	if (skipped)
		fprintf(out, ", %d skipped", skipped);
	if (errors)
		fprintf(out, ", %s%d error%s%s", col(o, C_RED), errors, errors == 1 ? "" : "s",
			col(o, C_RESET));
	fputc('\n', out);
}

char *report_text_capture(const struct exercise_result *r, unsigned what,
			  const struct report_opts *o)
{
	struct report_opts plain = { .color = false, .quote_source = true, .suite = NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if (o) {
		plain = *o;
		plain.color = false;
	}
	mem = open_memstream(&buf, &len);
	if (!mem)
		return NULL;
	if (what & REPORT_CAPTURE_VERDICT)
		print_verdict(mem, r, &plain);
	print_body(mem, r, &plain, what & REPORT_CAPTURE_NOTE);
	if (fclose(mem) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static enum rl_err text_write(FILE *out, const struct result_set *s, const struct report_opts *o,
			      struct diag *d)
{
	for (size_t i = 0; i < s->nr; i++)
		report_text_result(out, &s->items[i], o);
	if (s->nr)
		fputc('\n', out);
	report_text_summary(out, s, o);
	return report_check_stream(out, d);
}

const struct report_ops report_text_ops = { "text", ".txt", text_write };
