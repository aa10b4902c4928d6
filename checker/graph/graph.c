/* Graphs for findings: the node/edge model, its DOT text, and rendering to SVG with `dot`. */
#include "graph.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/spawn.h"

#define DOT_TIMEOUT_MS 20000

enum rl_err graph_set_title(struct graph *g, const char *title)
{
	char *t = title ? strdup(title) : NULL;

	if (title && !t)
		return RL_ERR_NOMEM;
	free(g->title);
	g->title = t;
	return RL_ERR_OK;
}

enum rl_err graph_node_add(struct graph *g, const char *id, const char *label,
			   enum graph_shape shape, unsigned style, size_t *index)
{
	struct graph_node *n;

	for (size_t i = 0; i < g->nnodes; i++) {
		if (!strcmp(g->nodes[i].id, id)) {
			g->nodes[i].style |= style;
			if (index)
				*index = i;
			return RL_ERR_OK;
		}
	}
	if (g->nnodes == g->anodes) {
		size_t na = g->anodes ? g->anodes * 2 : 8;
		struct graph_node *p = realloc(g->nodes, na * sizeof(*p));

		if (!p)
			return RL_ERR_NOMEM;
		g->nodes = p;
		g->anodes = na;
	}
	n = &g->nodes[g->nnodes];
	n->id = strdup(id);
	n->label = strdup(label ? label : id);
	if (!n->id || !n->label) {
		free(n->id);
		free(n->label);
		return RL_ERR_NOMEM;
	}
	n->shape = shape;
	n->style = style;
	if (index)
		*index = g->nnodes;
	g->nnodes++;
	return RL_ERR_OK;
}

enum rl_err graph_edge_add(struct graph *g, size_t from, size_t to, const char *label,
			   unsigned style)
{
	struct graph_edge *e;

	if (from >= g->nnodes || to >= g->nnodes)
		return RL_ERR_INTERNAL;
	if (g->nedges == g->aedges) {
		size_t na = g->aedges ? g->aedges * 2 : 8;
		struct graph_edge *p = realloc(g->edges, na * sizeof(*p));

		if (!p)
			return RL_ERR_NOMEM;
		g->edges = p;
		g->aedges = na;
	}
	e = &g->edges[g->nedges];
	e->label = label ? strdup(label) : NULL;
	if (label && !e->label)
		return RL_ERR_NOMEM;
	e->from = from;
	e->to = to;
	e->style = style;
	g->nedges++;
	return RL_ERR_OK;
}

void graph_release(struct graph *g)
{
	for (size_t i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].id);
		free(g->nodes[i].label);
	}
	for (size_t i = 0; i < g->nedges; i++)
		free(g->edges[i].label);
	free(g->nodes);
	free(g->edges);
	free(g->title);
	memset(g, 0, sizeof(*g));
}

char *graph_escape(const char *s)
{
	size_t n = 0;
	char *out, *o;

	for (const char *p = s; *p; p++)
		n += (*p == '"' || *p == '\\' || *p == '\n') ? 2 : 1;
	if (!(out = malloc(n + 1)))
		return NULL;
	o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			/* A backslash starts DOT's own escapes (\N, \G, \l): keep it literal. */
			*o++ = '\\';
			*o++ = (char)*p;
		} else if (*p == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else if (*p < 0x20 || *p == 0x7f) {
			*o++ = ' '; /* control characters would upset dot or the SVG */
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

struct sbuf {
	char *s;
	size_t len, alloc;
	bool failed;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	for (;;) {
		size_t room = b->alloc - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t na = (b->alloc + (size_t)n + 1) * 2;
			char *p = realloc(b->s, na);

			if (!p) {
				b->failed = true;
				return;
			}
			b->s = p;
			b->alloc = na;
		}
	}
}

/* Appends "text" escaped; NULL-safe. */
static void sb_quoted(struct sbuf *b, const char *text)
{
	char *e = graph_escape(text ? text : "");

	if (!e) {
		b->failed = true;
		return;
	}
	sb_printf(b, "\"%s\"", e);
	free(e);
}

static void style_attrs(struct sbuf *b, unsigned style, bool edge)
{
	if (style & GRAPH_RED)
		sb_printf(b, ", color=\"#d62728\", fontcolor=\"#d62728\", penwidth=2");
	else if (style & GRAPH_GREY)
		sb_printf(b, ", color=\"#888888\", fontcolor=\"#666666\"");
	if (style & GRAPH_DASHED)
		sb_printf(b, ", style=dashed");
	(void)edge;
}

enum rl_err graph_to_dot(const struct graph *g, char **out)
{
	struct sbuf b = { NULL, 0, 0, false };

	*out = NULL;
	sb_printf(&b, "digraph racelab {\n");
	sb_printf(&b, "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t");
	if (g->title) {
		sb_printf(&b, ", label=");
		sb_quoted(&b, g->title);
	}
	sb_printf(&b, "];\n");
	sb_printf(&b, "  node [fontname=\"Helvetica\", fontsize=11];\n");
	sb_printf(&b, "  edge [fontname=\"Helvetica\", fontsize=9];\n");
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		/* Nodes are named by index: any id text stays out of the DOT syntax. */
		sb_printf(&b, "  n%zu [label=", i);
		sb_quoted(&b, n->label);
		sb_printf(&b, ", shape=%s", n->shape == GRAPH_BOX ? "box" : "ellipse");
		if (n->shape == GRAPH_BOX && !(n->style & GRAPH_DASHED))
			sb_printf(&b, ", style=filled, fillcolor=\"#f3f3f3\"");
		style_attrs(&b, n->style, false);
		sb_printf(&b, "];\n");
	}
	for (size_t i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];

		sb_printf(&b, "  n%zu -> n%zu [", e->from, e->to);
		sb_printf(&b, "label=");
		sb_quoted(&b, e->label ? e->label : "");
		style_attrs(&b, e->style, true);
		sb_printf(&b, "];\n");
	}
	sb_printf(&b, "}\n");
	if (b.failed) {
		free(b.s);
		return RL_ERR_NOMEM;
	}
	*out = b.s;
	return RL_ERR_OK;
}

static enum rl_err write_text(const char *path, const char *text, struct diag *d)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return diag_set(d, RL_ERR_IO, "cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	err = ferror(f);
	if (fclose(f) != 0 || err)
		return diag_set(d, RL_ERR_IO, "cannot write %s", path);
	return RL_ERR_OK;
}

enum rl_err graph_write_dot(const struct graph *g, const char *base, char **path,
			    struct diag *d)
{
	char *dot_path = malloc(strlen(base) + 5), *text = NULL;
	enum rl_err e;

	*path = NULL;
	if (!dot_path)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	sprintf(dot_path, "%s.dot", base);
	if ((e = graph_to_dot(g, &text)) != RL_ERR_OK) {
		diag_set(d, e, "out of memory");
		goto free_path;
	}
	if ((e = write_text(dot_path, text, d)) == RL_ERR_OK) {
		*path = dot_path;
		dot_path = NULL;
	}
	free(text);
free_path:
	free(dot_path);
	return e;
}

bool graph_render_dot(const char *dot_path, const char *svg_path, struct diag *d)
{
	const char *const argv[] = { "dot", "-Tsvg", "-o", svg_path, dot_path, NULL };
	struct spawn_opts o = { .argv = argv, .timeout_ms = DOT_TIMEOUT_MS };
	struct spawn_result res;
	struct diag dd = DIAG_INIT;

	memset(&res, 0, sizeof(res));
	remove(svg_path);
	if (spawn_run(&o, &res, &dd) != RL_ERR_OK) {
		diag_set(d, RL_ERR_TOOL, "Graphviz `dot` not found (%s): kept %s", dd.msg, dot_path);
		return false;
	}
	if (!res.exited || res.status != 0) {
		char how[96];

		spawn_result_describe(&res, how, sizeof(how));
		diag_set(d, RL_ERR_TOOL, "dot failed (%s): kept %s", how, dot_path);
		return false;
	}
	return true;
}

enum rl_err graph_render(const struct graph *g, const char *base, char **path, bool *rendered,
			 struct diag *d)
{
	char *dot_path, *svg_path = malloc(strlen(base) + 5);
	enum rl_err e;

	*path = NULL;
	*rendered = false;
	if (!svg_path)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	sprintf(svg_path, "%s.svg", base);
	if ((e = graph_write_dot(g, base, &dot_path, d)) != RL_ERR_OK) {
		free(svg_path);
		return e;
	}
	*rendered = graph_render_dot(dot_path, svg_path, d);
	if (*rendered) {
		*path = svg_path;
		free(dot_path);
	} else {
		*path = dot_path;
		free(svg_path);
	}
	return RL_ERR_OK;
}
