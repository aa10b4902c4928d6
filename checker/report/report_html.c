/*
 * The html writer: one self-contained page a student can open from file://, keep and send to a TA.
 * Styles and graphs are inline, nothing is fetched, no script runs (the page's
 * Content-Security-Policy forbids both), and it reads fine with JavaScript off. Everything that
 * comes from a program or a student (messages, file names, lock names, quoted source) is escaped.
 */
#include "report_int.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/util.h"

/* Longest quoted source line; an SVG bigger than this is linked, not inlined. */
#define QUOTE_MAX 200
#define SVG_MAX (2u << 20)

static const char page_css[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;"
	"color:#1d1d1f;background:#fff}"
	"h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:0 0 .3rem}"
	"code,pre{font:13px/1.4 ui-monospace,monospace}"
	"pre.src{background:#f4f4f6;border-left:3px solid #c9c9d1;padding:.3rem .6rem;margin:.3rem 0;"
	"overflow-x:auto;white-space:pre}"
	".ln{color:#777;user-select:none}"
	".summary{font-size:1.05rem;margin:.3rem 0 1rem}"
	"section.result{border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}"
	".v{display:inline-block;font-weight:700;border-radius:4px;padding:0 .45rem;color:#fff}"
	".v-pass{background:#1a7f37}.v-fail{background:#c62828}.v-skipped{background:#8a6d00}"
	".v-error{background:#6a1b9a}.v-none{background:#999}"
	".kind{font-weight:700;color:#c62828}.warning .kind{color:#8e24aa}"
	".meta{color:#555;font-size:.9rem}.note{color:#555}"
	"ol.findings{padding-left:1.2rem}ol.findings>li{margin:.6rem 0}"
	"figure{margin:.5rem 0}figure svg{max-width:100%;height:auto}"
	"figcaption{color:#555;font-size:.85rem}"
	"details.hints{background:#f7f9ff;border:1px solid #d6def5;border-radius:6px;"
	"padding:.4rem .8rem;margin-top:.6rem}"
	"table.grid{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}"
	"table.grid th,table.grid td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;"
	"vertical-align:top}"
	"table.grid th{background:#f4f4f6}th button{all:unset;cursor:pointer;font-weight:700}"
	"td.pass{background:#e7f5ea}td.fail{background:#fdecea}td.missing{background:#f2f2f2;"
	"color:#777}td.error{background:#f3e5f5}";

void report_html_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned cp;
		size_t n = report_utf8_next(p, &cp);

		if (!n || (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp < 0xa0)) {
			fputc('?', out);
			p += n ? n : 1;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fwrite(p, 1, n, out); break;
		}
		p += n;
	}
}

void report_html_url(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("._~-", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
}

void report_html_begin(FILE *out, const char *title, const char *script_nonce)
{
	/* default-src 'none': no request of any kind leaves the page, images and fonts included. */
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:", out);
	if (script_nonce)
		fprintf(out, "; script-src 'nonce-%s'", script_nonce);
	fputs("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", out);
	report_html_escape(out, title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_css);
}

void report_html_end(FILE *out)
{
	fprintf(out, "<footer class=\"meta\"><p>racelab %s</p></footer>\n</body>\n</html>\n",
		RACELAB_VERSION);
}

/* ---- graphs: Graphviz SVG re-serialised through a whitelist ---- */

/*
 * A graph's labels hold lock names, function and file names from the student's program. Graphviz
 * escapes them, but the page must not trust that: the SVG is parsed and written again with only
 * the drawing elements and presentation attributes below. Scripts, links, styles, foreign objects,
 * event handlers, ids (they would collide between graphs) and anything else are dropped, and every
 * text and attribute value is escaped anew.
 */
static const char *const svg_elements[] = {
	"svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle", "rect",
	"line", "text", "tspan",
};
static const char *const svg_attrs[] = {
	"class", "transform", "viewBox", "width", "height", "x", "y", "cx", "cy", "rx", "ry", "r",
	"x1", "y1", "x2", "y2", "points", "d", "fill", "stroke", "stroke-width",
	"stroke-dasharray", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
	"opacity", "fill-opacity", "stroke-opacity", "preserveAspectRatio", "dx", "dy",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

struct svg_copy {
	FILE *out;
	XML_Parser parser;
	int skip_depth;  /* > 0 inside an element that is dropped with everything in it */
	int depth;
	bool wrote_root;
};

static void XMLCALL svg_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct svg_copy *c = ud;

	c->depth++;
	if (c->skip_depth || !in_list(name, svg_elements, sizeof(svg_elements) / sizeof(*svg_elements)) ||
	    (c->depth == 1) != !strcmp(name, "svg")) {
		c->skip_depth++;
		return;
	}
	fprintf(c->out, "<%s", name);
	if (c->depth == 1) {
		fputs(" role=\"img\"", c->out);
		c->wrote_root = true;
	}
	for (size_t i = 0; atts[i]; i += 2) {
		/* url() could fetch or reference; values of the listed attributes never need it. */
		if (!in_list(atts[i], svg_attrs, sizeof(svg_attrs) / sizeof(*svg_attrs)) ||
		    strstr(atts[i + 1], "url(") || strchr(atts[i + 1], ':'))
			continue;
		fprintf(c->out, " %s=\"", atts[i]);
		report_html_escape(c->out, atts[i + 1]);
		fputc('"', c->out);
	}
	fputc('>', c->out);
}

static void XMLCALL svg_end(void *ud, const XML_Char *name)
{
	struct svg_copy *c = ud;

	c->depth--;
	if (c->skip_depth) {
		c->skip_depth--;
		return;
	}
	fprintf(c->out, "</%s>", name);
}

static void XMLCALL svg_text(void *ud, const XML_Char *s, int len)
{
	struct svg_copy *c = ud;
	char buf[1024];

	if (c->skip_depth || c->depth == 0)
		return;
	while (len > 0) {
		int n = len < (int)sizeof(buf) - 1 ? len : (int)sizeof(buf) - 1;

		memcpy(buf, s, (size_t)n);
		buf[n] = '\0';
		report_html_escape(c->out, buf);
		s += n;
		len -= n;
	}
}

/* A DOCTYPE's internal subset could declare entities: refuse any, so none ever expands. */
static void XMLCALL svg_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
			       int vlen, const XML_Char *base, const XML_Char *sys,
			       const XML_Char *pub, const XML_Char *notation)
{
	XML_StopParser(((struct svg_copy *)ud)->parser, XML_FALSE);
}

/*
 * Writes the sanitised SVG of `path` into a memory buffer first, so a file that fails to parse
 * leaves nothing half-written in the page. False when it cannot be read or parsed.
 */
static bool svg_inline(FILE *out, const char *path)
{
	size_t len = 0, blen = 0;
	char *xml = read_file_capped(path, SVG_MAX, &len), *buf = NULL;
	struct svg_copy c = { 0 };
	XML_Parser p;
	bool ok = false;

	if (!xml)
		return false;
	p = XML_ParserCreate("UTF-8");
	c.out = p ? open_memstream(&buf, &blen) : NULL;
	if (c.out) {
		XML_SetUserData(p, &c);
		XML_SetElementHandler(p, svg_start, svg_end);
		XML_SetCharacterDataHandler(p, svg_text);
		XML_SetEntityDeclHandler(p, svg_entity);
		XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
		c.parser = p;
		ok = XML_Parse(p, xml, (int)len, XML_TRUE) == XML_STATUS_OK;
		ok = fclose(c.out) == 0 && ok && c.wrote_root;
	}
	if (ok)
		fwrite(buf, 1, blen, out);
	free(buf);
	if (p)
		XML_ParserFree(p);
	free(xml);
	return ok;
}

/* ---- one result ---- */

static void html_place(FILE *out, const struct exercise_result *r, const struct location *loc)
{
	fputs("<code class=\"place\">", out);
	if (loc && loc->file) {
		report_html_escape(out, loc->file);
		if (loc->line > 0)
			fprintf(out, ":%d", loc->line);
		if (loc->line > 0 && loc->column > 0)
			fprintf(out, ":%d", loc->column);
	} else {
		report_html_escape(out, r->name ? r->name : "racelab");
	}
	fputs("</code>", out);
}

static void html_quote(FILE *out, const struct exercise_result *r, const struct location *loc)
{
	char text[QUOTE_MAX + 1];

	if (!report_source_line(r->dir, loc->file, loc->line, text, sizeof(text)))
		return;
	fprintf(out, "<pre class=\"src\"><span class=\"ln\">%5d | </span>", loc->line);
	report_html_escape(out, text);
	fputs("</pre>\n", out);
}

/* Whether loc is the same file:line as the first location (its line was quoted already). */
static bool same_line(const struct location *a, const struct location *b)
{
	return a->line == b->line && a->file && b->file && !strcmp(a->file, b->file);
}

static void html_graph(FILE *out, const char *graph, const struct report_opts *o)
{
	char path[4096];
	size_t len = strlen(graph);

	/* Relative to the kit's root when the graph lies in it, else to the working directory. */
	if (graph[0] == '/' || !o->graph_base ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", o->graph_base, graph) >= sizeof(path) ||
	    access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", graph);
	fputs("<figure>", out);
	if (!(len > 4 && !strcmp(graph + len - 4, ".svg") && svg_inline(out, path)))
		fputs("<p class=\"note\">(the graph could not be drawn inline)</p>", out);
	fputs("<figcaption>graph: <code>", out);
	report_html_escape(out, graph);
	fputs("</code></figcaption></figure>\n", out);
}

/*
 * A timeline page drawn for the run (graphs/STEM.timeline.html, beside its graphs, STEM being the
 * graphs' name: the exercise, or the program without its extension) is linked when it exists; the
 * timeline is a page of its own and stays one.
 */
static void html_timeline(FILE *out, const struct exercise_result *r, const struct report_opts *o)
{
	const struct finding *f = NULL;
	char path[4096], rel[4096];
	const char *base, *dot;

	for (size_t i = 0; i < r->findings.nr && !f; i++)
		if (r->findings.items[i].graph)
			f = &r->findings.items[i];
	if (!f)
		return;
	base = strrchr(f->graph, '/');
	base = base ? base + 1 : f->graph;
	dot = strchr(base, '.');
	if (!dot)
		return;
	snprintf(rel, sizeof(rel), "%.*s.timeline.html", (int)(dot - f->graph), f->graph);
	if (rel[0] == '/' || !o->graph_base ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", o->graph_base, rel) >= sizeof(path) ||
	    access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", rel);
	if (access(path, R_OK) != 0)
		return;
	fputs("<p>Timeline of the threads: <a href=\"", out);
	if (path[0] == '/')
		fputs("file://", out);
	for (const char *p = path; *p; p++) {
		/* A path, not one name: its slashes stay, every other byte is encoded. */
		char one[2] = { *p, 0 };

		if (*p == '/')
			fputc('/', out);
		else
			report_html_url(out, one);
	}
	fputs("\">", out);
	report_html_escape(out, rel);
	fputs("</a></p>\n", out);
}

static void html_finding(FILE *out, const struct exercise_result *r, const struct finding *f,
			 const struct report_opts *o)
{
	char tools[128];

	report_tools_string(f->tools, tools, sizeof(tools));
	fprintf(out, "<li class=\"finding %s\"><p>", f->severity == SEV_WARNING ? "warning" : "error");
	html_place(out, r, f->nlocs ? &f->locs[0] : NULL);
	fprintf(out, " %s<span class=\"kind\">%s</span>: ",
		f->severity == SEV_WARNING ? "warning: " : "", finding_kind_name(f->kind));
	report_html_escape(out, f->message);
	if (tools[0])
		fprintf(out, " <span class=\"meta\">[%s]</span>", tools);
	fputs("</p>\n", out);
	if (f->nlocs)
		html_quote(out, r, &f->locs[0]);
	for (size_t i = 1; i < f->nlocs; i++) {
		const struct location *loc = &f->locs[i];

		fputs("<p class=\"note\">", out);
		html_place(out, r, loc);
		fputs(" note:", out);
		if (loc->thread) {
			fputc(' ', out);
			report_html_escape(out, loc->thread);
		}
		if (loc->function) {
			fputs(" in ", out);
			report_html_escape(out, loc->function);
		}
		if (!loc->thread && !loc->function)
			fputs(" also here", out);
		fputs("</p>\n", out);
		if (!same_line(loc, &f->locs[0]))
			html_quote(out, r, loc);
	}
	if (f->graph)
		html_graph(out, f->graph, o);
	if (f->seed >= 0) {
		char cmd[512];

		if (o->repeat_cmd)
			o->repeat_cmd(cmd, sizeof(cmd), r->name ? r->name : "NAME", f->seed);
		else
			snprintf(cmd, sizeof(cmd), "--seed %ld", f->seed);
		fputs("<p>Seed ", out);
		fprintf(out, "%ld; replay with <code>", f->seed);
		report_html_escape(out, cmd);
		fputs("</code></p>\n", out);
	}
	fputs("</li>\n", out);
}

static void html_hints(FILE *out, const struct exercise_result *r, const struct report_opts *o)
{
	struct hints h = HINTS_INIT;
	int total;

	if (!o->revealed_hints || !r->name)
		return;
	total = o->revealed_hints(r->name, &h);
	if (total > 0) {
		fprintf(out, "<details class=\"hints\" open><summary>Hints revealed: %d of %d",
			h.nr, total);
		fputs(h.nr < total ? " (<code>racelab hint</code> shows the next)" : "", out);
		fputs("</summary>\n", out);
		if (h.nr) {
			fputs("<ol>\n", out);
			for (int i = 0; i < h.nr; i++) {
				fputs("<li>", out);
				report_html_escape(out, h.items[i]);
				fputs("</li>\n", out);
			}
			fputs("</ol>\n", out);
		}
		fputs("</details>\n", out);
	}
	hints_release(&h);
}

static void html_result(FILE *out, const struct exercise_result *r, const struct report_opts *o)
{
	const char *v = verdict_name(r->verdict);

	fputs("<section class=\"result\" id=\"", out);
	report_html_url(out, r->name ? r->name : "result");
	fprintf(out, "\">\n<h2><span class=\"v v-%s\">%s</span> ", v, v);
	report_html_escape(out, r->name ? r->name : "?");
	if (r->title) {
		fputs(" — ", out);
		report_html_escape(out, r->title);
	}
	fprintf(out, "</h2>\n<p class=\"meta\">score %d/%d · %ld ms", r->score, r->max_score,
		r->duration_ms);
	if (r->tools_ran) {
		char tools[128];

		report_tools_string(r->tools_ran, tools, sizeof(tools));
		fprintf(out, " · tools: %s", tools);
	}
	fputs("</p>\n", out);
	if (r->note) {
		fputs("<p class=\"note\">note: ", out);
		report_html_escape(out, r->note);
		fputs("</p>\n", out);
	}
	if (r->findings.nr) {
		fputs("<ol class=\"findings\">\n", out);
		for (size_t i = 0; i < r->findings.nr; i++)
			html_finding(out, r, &r->findings.items[i], o);
		fputs("</ol>\n", out);
	} else if (r->verdict == VERDICT_PASS) {
		fputs("<p>No findings.</p>\n", out);
	}
	html_timeline(out, r, o);
	html_hints(out, r, o);
	fputs("</section>\n", out);
}

static enum rl_err html_write(FILE *out, const struct result_set *s, const struct report_opts *o,
			      struct diag *d)
{
	int passed, failed, skipped, errors, score, max;
	char title[512];

	result_set_counts(s, &passed, &failed, &skipped, &errors);
	result_set_score(s, &score, &max);
	if (s->student)
		snprintf(title, sizeof(title), "racelab: %s", s->student);
	else
		snprintf(title, sizeof(title), "racelab: %s",
			 s->nr == 1 && s->items[0].name ? s->items[0].name : "report");
	report_html_begin(out, title, NULL);
	fputs("<header><h1>", out);
	report_html_escape(out, title);
	fprintf(out, "</h1>\n<p class=\"summary\"><span class=\"v v-%s\">%s</span> ",
		failed || errors ? "fail" : "pass", failed || errors ? "fail" : "pass");
	if (max > 0 || s->nr != 1) {
		fprintf(out, "%d/%zu exercises fixed, %d/%d points", passed, s->nr, score, max);
	} else {
		/* One program analyzed, no manifest: there are no points, only findings. */
		size_t n = s->items[0].findings.nr;

		fprintf(out, "%zu finding%s", n, n == 1 ? "" : "s");
	}
	if (skipped)
		fprintf(out, ", %d skipped", skipped);
	if (errors)
		fprintf(out, ", %d error%s", errors, errors == 1 ? "" : "s");
	fputs("</p></header>\n<main>\n", out);
	for (size_t i = 0; i < s->nr; i++)
		html_result(out, &s->items[i], o);
	fputs("</main>\n", out);
	report_html_end(out);
	return report_check_stream(out, d);
}

const struct report_ops report_html_ops = { "html", ".html", html_write };
