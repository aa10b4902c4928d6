/* Graphs for findings: a small node/edge model, its DOT text, and SVG rendering with Graphviz. */
#ifndef RACELAB_GRAPH_H
#define RACELAB_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "model/error.h"
#include "model/findings.h"

/* Threads are ellipses; locks and other resources (conditions, semaphores, barriers) are boxes. */
enum graph_shape { GRAPH_ELLIPSE, GRAPH_BOX };

/* Edge and node styles, or'ed. */
#define GRAPH_RED 1u    /* part of the cycle (or the reason of the hang) */
#define GRAPH_DASHED 2u /* a weaker relation: joins, a thread that has exited */
#define GRAPH_GREY 4u   /* context, not the problem */

struct graph_node {
	char *id;     /* unique within the graph; any text (it is escaped) */
	char *label;  /* may contain '\n' for line breaks */
	enum graph_shape shape;
	unsigned style;
};

struct graph_edge {
	size_t from, to; /* node indices */
	char *label;     /* may be NULL */
	unsigned style;
};

/* Owns every string it holds. */
struct graph {
	char *title;
	struct graph_node *nodes;
	size_t nnodes, anodes;
	struct graph_edge *edges;
	size_t nedges, aedges;
};
#define GRAPH_INIT { NULL, NULL, 0, 0, NULL, 0, 0 }

enum rl_err graph_set_title(struct graph *g, const char *title);
/*
 * Finds the node with this id or adds it (label and shape are used only when it is added; a new
 * node's style is or'ed into an existing one's). *index receives its index. RL_ERR_NOMEM on failure.
 */
enum rl_err graph_node_add(struct graph *g, const char *id, const char *label,
			   enum graph_shape shape, unsigned style, size_t *index);
enum rl_err graph_edge_add(struct graph *g, size_t from, size_t to, const char *label,
			   unsigned style);
void graph_release(struct graph *g);

/*
 * The DOT text of g (a pure function: no files, no processes), malloc'ed into *out. Every id and
 * label is escaped for a double-quoted DOT string, so any text is safe to put in a graph.
 */
enum rl_err graph_to_dot(const struct graph *g, char **out);

/* Escapes s for a double-quoted DOT string into a new string ('\n' becomes a centred break). */
char *graph_escape(const char *s);

/* Writes g's DOT text to BASE.dot; *path receives that malloc'ed path. RL_ERR_IO when it fails. */
enum rl_err graph_write_dot(const struct graph *g, const char *base, char **path,
			    struct diag *d);

/* Renders dot_path into svg_path with `dot -Tsvg` (bounded); false, d saying why, when it fails. */
bool graph_render_dot(const char *dot_path, const char *svg_path, struct diag *d);

/*
 * Moves every finding's graph, a DOT file a detector wrote in its private tool directory, to
 * DIR/NAME.KIND.dot and renders DIR/NAME.KIND.svg beside it; the finding then names the SVG (or
 * the DOT file when Graphviz is missing or failed, or nothing when it cannot be copied), relative
 * to root when it lies inside. Called once, after reconcile: only the findings that survive are
 * drawn. DIR is created when missing. A picture that cannot be drawn never fails a check.
 */
void graph_publish(struct finding_list *l, const char *dir, const char *name, const char *root);

/*
 * Writes BASE.dot and renders BASE.svg with `dot -Tsvg` (bounded by a timeout). *path receives
 * the malloc'ed path of the picture to show: BASE.svg, or BASE.dot when Graphviz is missing or
 * failed (then *rendered is false and d explains why, while the return value is still RL_ERR_OK:
 * a missing picture never fails a check). Errors: RL_ERR_IO when BASE.dot cannot be written.
 */
enum rl_err graph_render(const struct graph *g, const char *base, char **path, bool *rendered,
			 struct diag *d);

#endif
