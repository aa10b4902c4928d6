/*
 * Publishing graphs after reconcile: the detectors leave DOT files in their private tool
 * directories; the findings that survive get theirs copied to graphs/ and rendered there.
 */
#include "graph.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"
#include "run/workspace.h"

#define GRAPH_MAX_BYTES (16u << 20)

/* to, relative to root when it lies inside root (as the findings JSON shows paths). */
static char *relative_to(const char *to, const char *root)
{
	size_t len = root ? strlen(root) : 0;

	if (len && !strncmp(to, root, len) && to[len] == '/')
		return strdup(to + len + 1);
	return strdup(to);
}

void graph_publish(struct finding_list *l, const char *dir, const char *name, const char *root)
{
	if (mkdir_p(dir, 0755))
		return;
	for (size_t i = 0; i < l->nr; i++) {
		struct finding *f = &l->items[i];
		char to_dot[PATH_MAX], to_svg[PATH_MAX];
		struct diag d = DIAG_INIT;
		char *rel;

		if (!f->graph)
			continue;
		snprintf(to_dot, sizeof(to_dot), "%s/%s.%s.dot", dir, name,
			 finding_kind_name(f->kind));
		snprintf(to_svg, sizeof(to_svg), "%s/%s.%s.svg", dir, name,
			 finding_kind_name(f->kind));
		if (copy_file(f->graph, to_dot, GRAPH_MAX_BYTES, NULL) != RL_ERR_OK) {
			free(f->graph);
			f->graph = NULL;
			continue;
		}
		/* No SVG (dot missing or failed): point at the DOT file, which is still a picture. */
		rel = relative_to(graph_render_dot(to_dot, to_svg, &d) ? to_svg : to_dot, root);
		if (rel) {
			free(f->graph);
			f->graph = rel;
		}
	}
}
