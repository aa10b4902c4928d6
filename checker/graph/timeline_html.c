/*
 * The timeline page: one self-contained HTML file whose inline script draws the lanes from an
 * inline JSON block. A Content-Security-Policy forbids every request, so the page works from
 * file:// and cannot reach the network. Strings from the program (lock, file, function names,
 * source lines, the finding's message) only ever reach the page inside the JSON block (with <, >
 * and & escaped) or HTML-escaped, and the script sets them as text, never as markup.
 */
#include "timeline.h"
#include "timeline_assets.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

#define SRC_LINE_MAX 200
#define SRC_FILE_MAX (1u << 20)

/* Writes s HTML-escaped. */
static void put_html(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* A JSON string of s with control bytes and invalid UTF-8 made '?' (jansson rejects both). */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *c;

	if (j || !s)
		return j;
	c = strdup(s);
	for (unsigned char *p = (unsigned char *)c; c && *p; p++)
		if (*p < 0x20 || *p >= 0x80)
			*p = '?';
	j = json_string(c ? c : "");
	free(c);
	return j;
}

/* Which events the page draws: all, or the first, the last and those at the finding's line. */
static bool *pick_events(const struct timeline *tl, const struct timeline_focus *f, size_t *n)
{
	bool *keep = calloc(tl->nevents + 1, sizeof(*keep));
	size_t first = TIMELINE_PAGE_EVENTS * 2 / 5, last = TIMELINE_PAGE_EVENTS / 2, extra = 0;

	if (!keep)
		return NULL;
	*n = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct tl_event *e = &tl->events[i];
		const struct tl_site *s = e->site >= 0 ? &tl->sites[e->site] : NULL;
		bool at_focus = s && f->file && s->file && s->line == f->line &&
				!strcmp(s->file, f->file);

		keep[i] = tl->nevents <= TIMELINE_PAGE_EVENTS || i < first ||
			  i >= tl->nevents - last ||
			  (at_focus && extra++ < TIMELINE_PAGE_EVENTS - first - last);
		*n += keep[i];
	}
	return keep;
}

/* Source lines of every site's place, read from srcdir (basenames only: nothing else is read). */
static json_t *sources(const struct timeline *tl, const struct timeline_focus *f)
{
	json_t *src = json_object();

	for (size_t i = 0; f->srcdir && i < tl->nsites; i++) {
		const struct tl_site *s = &tl->sites[i];
		json_t *file;
		char path[PATH_MAX], key[16], *text, *p;
		int ln = 1;

		if (!s->file || strchr(s->file, '/') || !strcmp(s->file, "..") || s->line <= 0)
			continue;
		file = json_object_get(src, s->file);
		snprintf(key, sizeof(key), "%d", s->line);
		if (file && json_object_get(file, key))
			continue;
		/* The student's files, else the kit's support files beside them (common/). */
		snprintf(path, sizeof(path), "%s/%s", f->srcdir, s->file);
		if (!(text = read_file_capped(path, SRC_FILE_MAX, NULL))) {
			snprintf(path, sizeof(path), "%s/common/%s", f->srcdir, s->file);
			if (!(text = read_file_capped(path, SRC_FILE_MAX, NULL)))
				continue;
		}
		for (p = text; *p && ln < s->line; p++)
			ln += *p == '\n';
		if (ln == s->line) {
			size_t len = strcspn(p, "\n");
			char line[SRC_LINE_MAX + 1];

			snprintf(line, sizeof(line), "%.*s", (int)(len < SRC_LINE_MAX ? len : SRC_LINE_MAX),
				 p);
			for (char *q = line; *q; q++)
				if (*q == '\t')
					*q = ' ';
			if (!file) {
				file = json_object();
				json_object_set_new(src, s->file, file);
			}
			json_object_set_new(file, key, jstr(line));
		}
		free(text);
	}
	return src;
}

/* The step that breaks it: a stuck run's last wait, else the first event at the finding's line. */
static long mark_of(const struct timeline *tl, const struct timeline_focus *f, const bool *keep,
		    const size_t *index)
{
	if (tl->stuck) {
		for (size_t i = tl->nevents; i-- > 0;)
			if (keep[i] && tl->events[i].type == TL_WAIT)
				return (long)index[i];
	}
	for (size_t i = 0; f->file && i < tl->nevents; i++) {
		const struct tl_event *e = &tl->events[i];
		const struct tl_site *s = e->site >= 0 ? &tl->sites[e->site] : NULL;

		if (keep[i] && s && s->file && s->line == f->line && !strcmp(s->file, f->file))
			return (long)index[i];
	}
	return -1;
}

static json_t *names(const char *(*fn)(unsigned), unsigned n)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < n; i++)
		json_array_append_new(a, json_string(fn(i)));
	return a;
}

static const char *type_name_u(unsigned i)
{
	return timeline_type_name((int)i);
}

static json_t *counts_json(const struct timeline *tl)
{
	json_t *a = json_array();

	for (size_t i = 0; i < tl->ncounts; i++)
		json_array_append_new(a, json_pack("[i,I,I,I]", tl->counts[i].thread,
						   (json_int_t)tl->counts[i].events,
						   (json_int_t)tl->counts[i].acq,
						   (json_int_t)tl->counts[i].waits));
	return a;
}

static json_t *page_data(const struct timeline *tl, const struct timeline_focus *f)
{
	json_t *d = json_object(), *ev = json_array(), *objs = json_object(), *sites = json_array();
	json_t *threads = json_array(), *gaps = json_array();
	size_t nkeep = 0, *index = calloc(tl->nevents + 1, sizeof(*index)), k = 0, dropped = 0;
	bool *keep = pick_events(tl, f, &nkeep), seen[1024] = { false };
	uint64_t t0 = tl->nevents ? tl->events[0].ns : 0;

	if (!keep || !index) {
		free(keep);
		free(index);
		json_decref(d);
		return NULL;
	}
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct tl_event *e = &tl->events[i];
		json_t *row;

		if (!keep[i]) {
			dropped++;
			continue;
		}
		if (dropped && k)
			json_array_append_new(gaps, json_pack("[I,I]", (json_int_t)k - 1,
							      (json_int_t)dropped));
		dropped = 0;
		index[i] = k++;
		if (e->thread >= 0 && e->thread < 1024)
			seen[e->thread] = true;
		row = json_pack("[I,f,i,i,I,I,i]", (json_int_t)e->seq, (double)(e->ns - t0) / 1000.0,
				e->thread, e->type, (json_int_t)e->obj, (json_int_t)e->arg, e->site);
		json_array_append_new(ev, row);
	}
	for (int t = 0; t < 1024; t++)
		if (seen[t])
			json_array_append_new(threads, json_integer(t));
	for (size_t i = 0; i < tl->nobjs; i++) {
		char key[16];

		snprintf(key, sizeof(key), "%u", tl->objs[i].id);
		json_object_set_new(objs, key, json_pack("[o,o]", jstr(tl->objs[i].kind),
							 jstr(tl->objs[i].name)));
	}
	for (size_t i = 0; i < tl->nsites; i++)
		json_array_append_new(sites, json_pack("[o,i,o]", jstr(tl->sites[i].file ?
						       tl->sites[i].file : "?"), tl->sites[i].line,
						       jstr(tl->sites[i].func ? tl->sites[i].func : "")));
	json_object_set_new(d, "title", jstr(f->title));
	json_object_set_new(d, "kind", f->kind ? jstr(f->kind) : json_null());
	json_object_set_new(d, "message", f->message ? jstr(f->message) : json_null());
	json_object_set_new(d, "hitfile", f->file ? jstr(f->file) : json_null());
	json_object_set_new(d, "hitline", json_integer(f->line));
	json_object_set_new(d, "seed", json_integer(tl->seed));
	json_object_set_new(d, "total", json_integer((json_int_t)tl->total));
	json_object_set_new(d, "stuck", json_boolean(tl->stuck));
	json_object_set_new(d, "mark", json_integer(mark_of(tl, f, keep, index)));
	json_object_set_new(d, "types", names(type_name_u, TL__COUNT));
	json_object_set_new(d, "waits", names(timeline_wait_word, 8));
	json_object_set_new(d, "calls", names(timeline_block_call, 6));
	json_object_set_new(d, "threads", threads);
	json_object_set_new(d, "objs", objs);
	json_object_set_new(d, "sites", sites);
	json_object_set_new(d, "src", sources(tl, f));
	json_object_set_new(d, "gaps", gaps);
	json_object_set_new(d, "counts", counts_json(tl));
	json_object_set_new(d, "ev", ev);
	free(keep);
	free(index);
	return d;
}

/* The JSON text with <, > and & as \u escapes: it cannot end the script element it sits in. */
static void put_json(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("\\u003c", fp);
		else if (*s == '>')
			fputs("\\u003e", fp);
		else if (*s == '&')
			fputs("\\u0026", fp);
		else
			fputc(*s, fp);
	}
}

static void put_summary(FILE *fp, const struct timeline *tl, size_t shown)
{
	fprintf(fp, "<p class=\"note\">%zu events shown", shown);
	if (tl->total > shown)
		fprintf(fp, " of %llu: the %llu between the first and the last ones were dropped "
			"(hatched) to keep the page fast", (unsigned long long)tl->total,
			(unsigned long long)(tl->total - shown));
	if (tl->seed >= 0)
		fprintf(fp, "; schedule seed %ld", tl->seed);
	fputs(".</p>\n", fp);
}

enum rl_err timeline_write_html(const struct timeline *tl, const struct timeline_focus *f,
				const char *path, struct diag *d)
{
	json_t *data = page_data(tl, f);
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	size_t shown = data ? json_array_size(json_object_get(data, "ev")) : 0;
	FILE *fp;

	json_decref(data);
	if (!text)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (!(fp = fopen(path, "w"))) {
		free(text);
		return diag_set(d, RL_ERR_IO, "cannot write %s", path);
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<title>racelab timeline: ",
	      fp);
	put_html(fp, f->title);
	fprintf(fp, "</title>\n<style>%s</style></head><body>\n<h1>", timeline_page_css);
	put_html(fp, f->title);
	fputs(": who ran, held and waited when</h1>\n", fp);
	fprintf(fp, "<div class=\"finding%s\">", f->kind ? "" : " pass");
	if (f->kind) {
		put_html(fp, f->kind);
		fputs(": ", fp);
		put_html(fp, f->message);
	} else {
		fputs("passed: this is the first schedule the lock tracer ran", fp);
	}
	fputs("</div>\n", fp);
	put_summary(fp, tl, shown);
	fputs("<div class=\"legend\"><span><i style=\"background:#5c6bc0\"></i>holds a lock</span>"
	      "<span><i style=\"background:#ffb74d\"></i>waits for a lock</span>"
	      "<span><i style=\"background:#ce93d8\"></i>waits on a condition, semaphore or join"
	      "</span><span><i style=\"background:#64b5f6\"></i>inside a blocking call</span>"
	      "<span><i style=\"background:#2e7d32;height:3px\"></i>running</span>"
	      "<span>&rarr; hand-over (release &rarr; take), <span style=\"color:#8e24aa\">"
	      "&#8594; wake-up</span></span><span style=\"color:#c62828\">red: the finding's "
	      "line</span></div>\n"
	      "<div id=\"controls\"><button id=\"zout\">&minus;</button><button id=\"zin\">+"
	      "</button><button id=\"mtime\" class=\"on\">by time</button><button id=\"morder\">"
	      "by order</button>&nbsp; step: <button id=\"prev\">&larr;</button><button "
	      "id=\"next\">&rarr;</button><button id=\"tomark\">to the breaking step</button> "
	      "<span id=\"stepno\"></span></div>\n<div id=\"tip\"></div>\n"
	      "<div id=\"wrap\"><svg id=\"tl\" xmlns=\"http://www.w3.org/2000/svg\"></svg></div>\n"
	      "<div id=\"step\"><p class=\"breakmsg\" id=\"breakmsg\"></p><table><thead><tr>"
	      "<th>thread</th><th>its last sync event</th><th>where</th><th>source line</th></tr>"
	      "</thead><tbody id=\"steps\"></tbody></table></div>\n"
	      "<div id=\"counts\"></div>\n"
	      "<script type=\"application/json\" id=\"data\">", fp);
	put_json(fp, text);
	fprintf(fp, "</script>\n<script>%s</script>\n</body></html>\n", timeline_page_js);
	free(text);
	if (fclose(fp))
		return diag_set(d, RL_ERR_IO, "cannot write %s", path);
	return RL_ERR_OK;
}
