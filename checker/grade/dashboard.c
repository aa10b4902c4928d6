/*
 * The class dashboard: index.html of a graded class, a student x exercise grid an instructor can
 * scan and sort, with each exercise's pass rate and most common finding. Every name in it comes
 * from a submission (folder names, lock names in messages), so all of it is escaped, and the only
 * script that may run is the page's own sorter, allowed by a nonce in its Content-Security-Policy.
 */
#include "grade.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "model/util.h"
#include "report/report.h"

/* Sorting is a convenience: without JavaScript the grid is in name order and reads the same. */
static const char sort_js[] =
	"document.querySelectorAll('table.grid th button').forEach(function(b){"
	"b.addEventListener('click',function(){"
	"var th=b.parentNode,i=Array.prototype.indexOf.call(th.parentNode.children,th),"
	"tb=document.querySelector('table.grid tbody'),"
	"asc=th.getAttribute('aria-sort')!=='ascending';"
	"document.querySelectorAll('table.grid th').forEach(function(h){"
	"h.removeAttribute('aria-sort')});"
	"th.setAttribute('aria-sort',asc?'ascending':'descending');"
	"var rows=Array.prototype.slice.call(tb.rows);"
	"rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-k'),"
	"c=y.cells[i].getAttribute('data-k'),na=parseFloat(a),nc=parseFloat(c),"
	"r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);return asc?r:-r});"
	"rows.forEach(function(r){tb.appendChild(r)})})});";

const struct exercise_result *grade_result_named(const struct result_set *s, const char *slug)
{
	for (size_t i = 0; s && i < s->nr; i++)
		if (s->items[i].name && !strcmp(s->items[i].name, slug))
			return &s->items[i];
	return NULL;
}

bool grade_not_submitted(const struct exercise_result *r)
{
	return r && r->verdict == VERDICT_FAIL && !r->findings.nr && r->note &&
	       !strncmp(r->note, "not submitted", 13);
}

int grade_main_kind(const struct exercise_result *r)
{
	int symptom = -1;

	/*
	 * The first error in report order, but wrong output only when nothing explains it: a lost
	 * update's wrong total is the symptom, its data race the finding to teach from. A warning only
	 * when there is no error at all.
	 */
	for (size_t i = 0; i < r->findings.nr; i++) {
		const struct finding *f = &r->findings.items[i];

		if (f->severity != SEV_ERROR)
			continue;
		if (f->kind != FK_WRONG_OUTPUT)
			return (int)f->kind;
		symptom = (int)f->kind;
	}
	if (symptom >= 0)
		return symptom;
	return r->findings.nr ? (int)r->findings.items[0].kind : -1;
}

/* One cell: its class, its sort key and its text. */
static void cell(FILE *out, const struct grade_student *s, const struct exercise_result *r)
{
	int kind;

	if (s->err != RL_ERR_OK) {
		fputs("<td class=\"error\" data-k=\"0\">not graded</td>", out);
		return;
	}
	if (!r || grade_not_submitted(r)) {
		fputs("<td class=\"missing\" data-k=\"0\">not submitted</td>", out);
		return;
	}
	switch (r->verdict) {
	case VERDICT_PASS:
		fprintf(out, "<td class=\"pass\" data-k=\"3\">pass <span class=\"meta\">%d/%d</span>"
			"</td>", r->score, r->max_score);
		return;
	case VERDICT_FAIL:
		kind = grade_main_kind(r);
		fprintf(out, "<td class=\"fail\" data-k=\"%s\">fail: %s", r->score ? "2" : "1",
			kind >= 0 ? finding_kind_name(kind) : "no finding");
		if (r->score)
			fprintf(out, " <span class=\"meta\">%d/%d</span>", r->score, r->max_score);
		fputs("</td>", out);
		return;
	case VERDICT_SKIPPED:
		fputs("<td class=\"missing\" data-k=\"0\">skipped</td>", out);
		return;
	default:
		fputs("<td class=\"error\" data-k=\"0\">error</td>", out);
		return;
	}
}

/* Per exercise: how many passed, and the finding kind most fails had as their main one. */
static void footer(FILE *out, const struct grade_column *cols, size_t ncols,
		   const struct grade_class *g)
{
	fputs("<tfoot>\n<tr><th scope=\"row\">passed</th>", out);
	for (size_t i = 0; i < ncols; i++) {
		size_t pass = 0;

		for (size_t k = 0; k < g->nr; k++) {
			const struct exercise_result *r =
				grade_result_named(&g->items[k].results, cols[i].slug);

			pass += g->items[k].err == RL_ERR_OK && r && r->verdict == VERDICT_PASS;
		}
		fprintf(out, "<td>%zu/%zu (%.0f%%)</td>", pass, g->nr,
			g->nr ? 100.0 * (double)pass / (double)g->nr : 0.0);
	}
	fputs("<td></td></tr>\n<tr><th scope=\"row\">most common finding</th>", out);
	for (size_t i = 0; i < ncols; i++) {
		size_t count[FK__COUNT] = { 0 }, best = 0;
		int kind = -1;

		for (size_t k = 0; k < g->nr; k++) {
			const struct exercise_result *r =
				grade_result_named(&g->items[k].results, cols[i].slug);
			int m = r && g->items[k].err == RL_ERR_OK && r->verdict == VERDICT_FAIL ?
					grade_main_kind(r) : -1;

			if (m >= 0 && ++count[m] > best) {
				best = count[m];
				kind = m;
			}
		}
		if (kind >= 0)
			fprintf(out, "<td>%s (%zu)</td>", finding_kind_name(kind), best);
		else
			fputs("<td>—</td>", out);
	}
	fputs("<td></td></tr>\n</tfoot>\n", out);
}

static void make_nonce(char *buf, size_t len)
{
	unsigned char raw[16];
	size_t got = 0;

	/* A nonce only has to be unguessable by the page's content; fall back to the clock. */
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		unsigned long x = (unsigned long)now_ms() * 2654435761ul ^ (unsigned long)getpid();

		for (size_t i = 0; i < sizeof(raw); i++, x = x * 6364136223846793005ul + 1)
			raw[i] = (unsigned char)(x >> 56);
	}
	for (size_t i = 0; i < sizeof(raw) && got + 2 < len; i++)
		got += (size_t)snprintf(buf + got, len - got, "%02x", raw[i]);
}

enum rl_err grade_write_dashboard(FILE *out, const struct grade_column *cols, size_t ncols,
				  const struct grade_class *g, bool link_students, struct diag *d)
{
	char nonce[40];
	int max = 0;

	for (size_t i = 0; i < ncols; i++)
		max += cols[i].points;
	make_nonce(nonce, sizeof(nonce));
	report_html_begin(out, "racelab: class dashboard", nonce);
	fprintf(out, "<header><h1>racelab: class dashboard</h1>\n<p class=\"summary\">%zu "
		"student%s, %zu exercise%s. Click a column's title to sort by it.</p></header>\n",
		g->nr, g->nr == 1 ? "" : "s", ncols, ncols == 1 ? "" : "s");
	fputs("<main>\n<table class=\"grid\">\n<thead><tr><th scope=\"col\"><button>student"
	      "</button></th>", out);
	for (size_t i = 0; i < ncols; i++) {
		fputs("<th scope=\"col\"><button title=\"", out);
		report_html_escape(out, cols[i].title ? cols[i].title : cols[i].slug);
		fputs("\">", out);
		report_html_escape(out, cols[i].slug);
		fputs("</button></th>", out);
	}
	fputs("<th scope=\"col\"><button>score</button></th></tr></thead>\n<tbody>\n", out);
	for (size_t k = 0; k < g->nr; k++) {
		const struct grade_student *s = &g->items[k];
		int total = 0;

		fputs("<tr><th scope=\"row\" data-k=\"", out);
		report_html_escape(out, s->name);
		fputs("\">", out);
		if (link_students && s->err == RL_ERR_OK) {
			fputs("<a href=\"", out);
			report_html_url(out, s->name);
			fputs(".html\">", out);
		}
		report_html_escape(out, s->name);
		fputs(link_students && s->err == RL_ERR_OK ? "</a></th>" : "</th>", out);
		for (size_t i = 0; i < ncols; i++) {
			const struct exercise_result *r = grade_result_named(&s->results,
									     cols[i].slug);

			cell(out, s, r);
			total += r && s->err == RL_ERR_OK ? r->score : 0;
		}
		fprintf(out, "<td data-k=\"%d\">%d/%d</td></tr>\n", total, total, max);
	}
	fputs("</tbody>\n", out);
	footer(out, cols, ncols, g);
	fprintf(out, "</table>\n</main>\n<script nonce=\"%s\">%s</script>\n", nonce, sort_js);
	report_html_end(out);
	if (fflush(out) != 0 || ferror(out))
		return diag_set(d, RL_ERR_IO, "could not write the dashboard");
	return RL_ERR_OK;
}
