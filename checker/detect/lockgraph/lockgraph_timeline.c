/*
 * The tracer's event log as a timeline model (graph/timeline.h), left beside the run's graphs as
 * PREFIX.timeline for graph/timeline_publish.c to render if a finding survives reconcile.
 */
#include "lockgraph.h"
#include "lockgraph_int.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "graph/timeline.h"
#include "tracer/trace_wire.h"

/* The tracer's event names; the model's types are matched by name, not by position. */
static int model_type(int wire)
{
	static const char *const names[] = {
#define LG_EV_NAME(id, name) name,
		LG_WIRE_EVENTS(LG_EV_NAME)
#undef LG_EV_NAME
	};

	return wire >= 0 && wire < (int)(sizeof(names) / sizeof(*names)) ?
		       timeline_type_parse(names[wire]) : -1;
}


static const char *kind_name(int kind)
{
	static const char *const names[] = { "mutex", "rwlock", "cond", "sem", "barrier" };

	return kind >= 0 && kind < (int)(sizeof(names) / sizeof(*names)) ? names[kind] : "lock";
}

static enum rl_err build(const struct lg_trace *t, const struct lg_symbols *s,
			 const struct lg_analysis *a, struct timeline *tl)
{
	tl->seed = a->seed;
	tl->total = t->tl_total > t->ntl ? t->tl_total : t->ntl;
	tl->stuck = t->stuck;
	for (size_t i = 0; i < t->nobjs; i++) {
		char name[256];

		lgd_obj_bare(t, s, a, t->objs[i].id, name, sizeof(name));
		if (timeline_add_obj(tl, t->objs[i].id, kind_name(t->objs[i].kind), name))
			return RL_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->ntlc; i++) {
		struct tl_count c = { t->tlc[i].thread, t->tlc[i].events, t->tlc[i].acq,
				      t->tlc[i].waits };

		if (timeline_add_count(tl, &c))
			return RL_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->ntl; i++) {
		const struct lg_tl_rec *r = &t->tl[i];
		struct tl_event e = { r->seq, r->ns, r->thread, model_type(r->type), r->obj, r->arg,
				      -1 };

		if (e.type < 0)
			continue;
		if (r->site.n) {
			struct lgd_place p = lgd_place_of(a, s, &r->site);

			if (p.have && (e.site = timeline_add_site(tl, p.file, p.line, p.func)) < 0)
				return RL_ERR_NOMEM;
		}
		if (timeline_add_event(tl, &e))
			return RL_ERR_NOMEM;
	}
	timeline_sort(tl);
	return RL_ERR_OK;
}

void lgd_timeline_save(const struct lg_trace *t, const struct lg_symbols *s,
		       const struct lg_analysis *a)
{
	struct timeline tl = TIMELINE_INIT;
	struct diag d = DIAG_INIT;
	char path[4096];

	if (!a->graph_prefix || !t->ntl)
		return;
	snprintf(path, sizeof(path), "%s.timeline", a->graph_prefix);
	/* No timeline is no error: the findings stand without it. */
	if (build(t, s, a, &tl) != RL_ERR_OK || timeline_save(&tl, path, &d) != RL_ERR_OK)
		unlink(path);
	timeline_release(&tl);
}
