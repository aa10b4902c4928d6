/*
 * Publishing timelines after reconcile: a detector leaves each traced run's timeline raw in its
 * private directory; the findings that survive get theirs rendered to graphs/ as a page and a
 * Chrome trace, as graph/publish.c does for graphs.
 */
#include "timeline.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

/* One raw file rendered, so that findings of one run share one page. */
struct done {
	char *raw, *page;
};

static char *relative_to(const char *to, const char *root)
{
	size_t len = root ? strlen(root) : 0;

	if (len && !strncmp(to, root, len) && to[len] == '/')
		return strdup(to + len + 1);
	return strdup(to);
}

/* The page and trace of raw at base.timeline.html and base.trace.json; false on failure. */
static bool render_at(const char *raw, const struct timeline_focus *focus, const char *base)
{
	struct timeline tl = TIMELINE_INIT;
	struct diag d = DIAG_INIT;
	char page[PATH_MAX + 32], trace[PATH_MAX + 32];
	bool ok;

	snprintf(page, sizeof(page), "%s.timeline.html", base);
	snprintf(trace, sizeof(trace), "%s.trace.json", base);
	ok = timeline_load(&tl, raw, &d) == RL_ERR_OK &&
	     timeline_write_html(&tl, focus, page, &d) == RL_ERR_OK;
	/* The trace is a bonus for other viewers: the page stands without it. */
	if (ok)
		timeline_write_trace_json(&tl, focus, trace, &d);
	timeline_release(&tl);
	return ok;
}

void timeline_publish_pass(const char *raw, const char *dir, const char *name, const char *srcdir)
{
	struct timeline_focus focus = { name, NULL, NULL, NULL, 0, srcdir };
	char base[PATH_MAX];

	if (mkdir_p(dir, 0755))
		return;
	snprintf(base, sizeof(base), "%s/%s", dir, name);
	render_at(raw, &focus, base);
}

/* Renders raw for f as dir/name[.kind].timeline.html and .trace.json; the page's path or NULL. */
static char *render(const char *raw, const struct finding *f, const char *dir, const char *name,
		    bool first, const char *root, const char *srcdir)
{
	struct timeline_focus focus = { name, finding_kind_name(f->kind), f->message,
					f->nlocs ? f->locs[0].file : NULL,
					f->nlocs ? f->locs[0].line : 0, srcdir };
	char base[PATH_MAX], page[PATH_MAX + 32];

	if (first)
		snprintf(base, sizeof(base), "%s/%s", dir, name);
	else
		snprintf(base, sizeof(base), "%s/%s.%s", dir, name, finding_kind_name(f->kind));
	if (!render_at(raw, &focus, base))
		return NULL;
	snprintf(page, sizeof(page), "%s.timeline.html", base);
	return relative_to(page, root);
}

void timeline_publish(struct finding_list *l, const char *dir, const char *name, const char *root,
		      const char *srcdir)
{
	struct done done[16];
	size_t ndone = 0;

	for (size_t i = 0; i < l->nr; i++) {
		struct finding *f = &l->items[i];
		char *page = NULL;
		bool found = false;

		if (!f->timeline)
			continue;
		for (size_t k = 0; k < ndone && !found; k++) {
			if (!strcmp(done[k].raw, f->timeline)) {
				found = true;
				page = done[k].page ? strdup(done[k].page) : NULL;
			}
		}
		if (!found && ndone < sizeof(done) / sizeof(*done) && !mkdir_p(dir, 0755)) {
			page = render(f->timeline, f, dir, name, ndone == 0, root, srcdir);
			done[ndone].raw = f->timeline;
			done[ndone].page = page ? strdup(page) : NULL;
			f->timeline = NULL; /* kept in done[] until the end */
			ndone++;
		}
		free(f->timeline);
		f->timeline = page;
	}
	for (size_t k = 0; k < ndone; k++) {
		free(done[k].raw);
		free(done[k].page);
	}
}
