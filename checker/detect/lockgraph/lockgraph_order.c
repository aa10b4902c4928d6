/* The lock tracer detector's other half: lock-order cycles (GoodLock), starvation and misuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph_int.h"

#define MSG_LEN 1024
#define MAX_CYCLE 4
#define MAX_ORDER_FINDINGS 4
#define MAX_LOCKS 4096

/* The lock graph: distinct lock ids and, per ordered pair, the edges that join them. */
struct order {
	const struct lg_trace *t;
	unsigned *ids;
	size_t nids;
	/* Search state. */
	unsigned path[MAX_CYCLE];
	const struct lg_edge_rec *pick[MAX_CYCLE];
	int len;
	/* Results: chosen edges per found cycle. */
	const struct lg_edge_rec *found[MAX_ORDER_FINDINGS][MAX_CYCLE];
	int found_len[MAX_ORDER_FINDINGS];
	int nfound;
	const unsigned *skip; /* locks of this run's real deadlock: already reported */
	size_t nskip;
};

static bool has_edge(const struct lg_trace *t, unsigned from, unsigned to)
{
	for (size_t i = 0; i < t->nedges; i++)
		if (t->edges[i].from == from && t->edges[i].to == to)
			return true;
	return false;
}

/*
 * Two edges can take part in one deadlock only if different threads made them and no gate lock
 * was held across both: a lock both threads held, unless both held it only for reading.
 */
static bool compatible(const struct lg_edge_rec *a, const struct lg_edge_rec *b)
{
	if (a->thread == b->thread)
		return false;
	for (unsigned i = 0; i < a->ngates; i++)
		for (unsigned j = 0; j < b->ngates; j++)
			if (a->gates[i] == b->gates[j] &&
			    !(a->gate_modes[i] == 'r' && b->gate_modes[j] == 'r'))
				return false;
	return true;
}

/* Picks one edge per step of o->path so that every pair is compatible (backtracking). */
static bool choose(struct order *o, int k)
{
	const struct lg_trace *t = o->t;
	unsigned from, to;

	if (k == o->len)
		return true; /* before reading path[k]: k may be one past the cycle's last step */
	from = o->path[k];
	to = o->path[(k + 1) % o->len];
	for (size_t i = 0; i < t->nedges; i++) {
		const struct lg_edge_rec *e = &t->edges[i];
		bool ok = e->from == from && e->to == to;

		for (int j = 0; ok && j < k; j++)
			ok = compatible(e, o->pick[j]);
		if (!ok)
			continue;
		o->pick[k] = e;
		if (choose(o, k + 1))
			return true;
	}
	return false;
}

static bool skipped(const struct order *o)
{
	int in = 0;

	for (int k = 0; k < o->len; k++)
		for (size_t i = 0; i < o->nskip; i++)
			if (o->skip[i] == o->path[k]) {
				in++;
				break;
			}
	return o->nskip && in == o->len;
}

/* Simple cycles through locks all greater than the first (each cycle is found once). */
static void search(struct order *o, int depth)
{
	unsigned cur = o->path[depth - 1];

	if (o->nfound == MAX_ORDER_FINDINGS)
		return;
	if (depth >= 2 && has_edge(o->t, cur, o->path[0])) {
		o->len = depth;
		if (!skipped(o) && choose(o, 0)) {
			memcpy(o->found[o->nfound], o->pick, sizeof(o->pick));
			o->found_len[o->nfound++] = depth;
		}
	}
	if (depth == MAX_CYCLE)
		return;
	for (size_t i = 0; i < o->nids && o->nfound < MAX_ORDER_FINDINGS; i++) {
		unsigned next = o->ids[i];
		bool used = false;

		if (next <= o->path[0] || !has_edge(o->t, cur, next))
			continue;
		for (int k = 0; k < depth; k++)
			used |= o->path[k] == next;
		if (used)
			continue;
		o->path[depth] = next;
		search(o, depth + 1);
	}
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static enum rl_err order_graph(const struct order *o, const struct lg_symbols *s,
			       const struct lg_analysis *a, struct graph *g)
{
	char id[32], label[420], w1[300], w2[300], tb[16];
	enum rl_err e = graph_set_title(g, "lock-order inversion: a cycle of lock orders (red) "
					"that no common lock prevents");

	for (int c = 0; c < o->nfound && e == RL_ERR_OK; c++) {
		for (int k = 0; k < o->found_len[c] && e == RL_ERR_OK; k++) {
			const struct lg_edge_rec *ed = o->found[c][k];
			struct lgd_place pf = lgd_place_of(a, s, &ed->from_site);
			struct lgd_place pt = lgd_place_of(a, s, &ed->to_site);
			size_t from, to;

			snprintf(id, sizeof(id), "L%u", ed->from);
			lgd_obj_short(o->t, s, a, ed->from, label, sizeof(label));
			if ((e = graph_node_add(g, id, label, GRAPH_BOX, GRAPH_RED, &from)))
				break;
			snprintf(id, sizeof(id), "L%u", ed->to);
			lgd_obj_short(o->t, s, a, ed->to, label, sizeof(label));
			if ((e = graph_node_add(g, id, label, GRAPH_BOX, GRAPH_RED, &to)))
				break;
			snprintf(label, sizeof(label), "%s: holds it (%s),\nthen takes this (%s)",
				 lgd_tname(ed->thread, tb), lgd_place_str(&pf, w1, sizeof(w1)),
				 lgd_place_str(&pt, w2, sizeof(w2)));
			e = graph_edge_add(g, from, to, label, GRAPH_RED);
		}
	}
	return e;
}

enum rl_err lgd_order_findings(const struct lg_trace *t, const struct lg_symbols *s,
			       const struct lg_analysis *a, const unsigned *deadlocked,
			       size_t ndeadlocked, struct finding_list *out)
{
	struct order o;
	struct graph g = GRAPH_INIT;
	char *path = NULL;
	enum rl_err e = RL_ERR_OK;

	memset(&o, 0, sizeof(o));
	o.t = t;
	o.skip = deadlocked;
	o.nskip = ndeadlocked;
	if (!t->nedges)
		return RL_ERR_OK;
	if (!(o.ids = malloc(2 * t->nedges * sizeof(*o.ids))))
		return RL_ERR_NOMEM;
	for (size_t i = 0; i < t->nedges; i++) {
		o.ids[o.nids++] = t->edges[i].from;
		o.ids[o.nids++] = t->edges[i].to;
	}
	qsort(o.ids, o.nids, sizeof(*o.ids), cmp_uint);
	{
		size_t u = 0;

		for (size_t i = 0; i < o.nids; i++)
			if (!u || o.ids[u - 1] != o.ids[i])
				o.ids[u++] = o.ids[i];
		o.nids = u < MAX_LOCKS ? u : MAX_LOCKS;
	}
	for (size_t i = 0; i < o.nids && o.nfound < MAX_ORDER_FINDINGS; i++) {
		o.path[0] = o.ids[i];
		search(&o, 1);
	}
	if (o.nfound) {
		e = order_graph(&o, s, a, &g);
		if (e == RL_ERR_OK)
			e = lgd_draw(&g, a, FK_LOCK_ORDER, &path);
	}
	for (int c = 0; c < o.nfound && e == RL_ERR_OK; c++) {
		struct finding f = FINDING_INIT;
		char msg[MSG_LEN] = "", n1[400], n2[400], w1[300], w2[300], tb[16];

		
		for (int k = 0; k < o.found_len[c] && e == RL_ERR_OK; k++) {
			const struct lg_edge_rec *ed = o.found[c][k];
			struct lgd_place pf = lgd_place_of(a, s, &ed->from_site);
			struct lgd_place pt = lgd_place_of(a, s, &ed->to_site);

			lgd_obj_name(t, s, a, ed->from, n1, sizeof(n1));
			lgd_obj_name(t, s, a, ed->to, n2, sizeof(n2));
			buf_appendf(msg, sizeof(msg), "%s%s takes %s (%s) then %s (%s)", k ? "; " : "",
				   lgd_tname(ed->thread, tb), n1, lgd_place_str(&pf, w1, sizeof(w1)),
				   n2, lgd_place_str(&pt, w2, sizeof(w2)));
			e = lgd_add_loc(&f, &pt, ed->thread);
		}
		buf_appendf(msg, sizeof(msg), "; no common lock orders them, so these threads can "
			   "deadlock");
		if (e == RL_ERR_OK)
			e = lgd_finish(&f, FK_LOCK_ORDER, msg, a, path, out);
		else
			finding_release(&f);
	}
	graph_release(&g);
	free(path);
	free(o.ids);
	return e;
}

static bool listed(const unsigned *ids, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/*
 * Starvation: per lock, the worst wait that went past the threshold while other threads took the
 * lock at least LG_STARVE_MIN_OVERTAKES times (a wait behind one long holder is not starvation).
 * Lock held across a blocking call (lock-held-blocking): a lock held across sleep, I/O or a join
 * for longer than hold_blocking_ms while others waited for it. That is one holder making everyone
 * queue, not one thread passed over again and again, so it has a kind of its own.
 */
enum rl_err lgd_starvation_findings(const struct lg_trace *t, const struct lg_symbols *s,
				    const struct lg_analysis *a, const unsigned *deadlocked,
				    size_t ndeadlocked, struct finding_list *out)
{
	enum rl_err e = RL_ERR_OK;

	for (size_t i = 0; i < t->nevents && e == RL_ERR_OK; i++) {
		const struct lg_event_rec *ev = &t->events[i], *worst = ev, *sited = NULL;
		enum finding_kind kind = ev->kind == LGE_BLOCKHELD ? FK_LOCK_HELD_BLOCKING
								   : FK_STARVATION;
		struct finding f = FINDING_INIT;
		char msg[MSG_LEN] = "", name[400], where[300], hwhere[300], tb[16];
		struct lgd_place p;
		bool first = true;

		if (ev->kind == LGE_MISUSE || ev->kind == LGE_SLOWWAIT || ev->kind == LGE_CPUHOLD ||
		    ev->kind == LGE_TRYWAIT || listed(deadlocked, ndeadlocked, ev->obj))
			continue; /* the last two: lockgraph_starve.c's rules */
		if (ev->kind == LGE_BLOCKHELD) {
			if (ev->ms < a->limits.hold_blocking_ms)
				continue;
			/* One finding per lock: the first qualifying record, with the longest time. */
			for (size_t j = 0; j < t->nevents; j++) {
				const struct lg_event_rec *o = &t->events[j];

				if (o->kind != LGE_BLOCKHELD || o->obj != ev->obj ||
				    o->ms < a->limits.hold_blocking_ms)
					continue;
				if (j < i)
					first = false;
				if (o->ms > worst->ms)
					worst = o;
			}
			if (!first)
				continue;
			lgd_obj_name(t, s, a, worst->obj, name, sizeof(name));
			p = lgd_place_of(a, s, &worst->site);
			{
				struct lgd_place hp = lgd_place_of(a, s, &worst->site2);
				const struct lg_obj_rec *o = lg_trace_obj(t, worst->obj);
				bool gil = o && o->kind == LGK_GIL;

				/* CPython takes the GIL itself: there is no line of the student's to show. */
				buf_appendf(msg, sizeof(msg), "%s holds %s", lgd_tname(worst->thread, tb),
					    name);
				if (!gil)
					buf_appendf(msg, sizeof(msg), " (locked at %s)",
						    lgd_place_str(&hp, hwhere, sizeof(hwhere)));
				buf_appendf(msg, sizeof(msg), " across %s at %s for %ld ms while %ld "
					    "other thread%s wait%s for it", worst->what,
					    lgd_place_str(&p, where, sizeof(where)), worst->ms,
					    worst->waiters, worst->waiters == 1 ? "" : "s",
					    worst->waiters == 1 ? "s" : "");
				if (gil)
					buf_appendf(msg, sizeof(msg), ": every other Python thread stops "
						    "meanwhile; release the GIL around the blocking "
						    "call (Py_BEGIN_ALLOW_THREADS)");
				if ((e = lgd_add_loc(&f, &p, worst->thread)) == RL_ERR_OK && !gil)
					e = lgd_add_loc(&f, &hp, worst->thread);
			}
		} else {
			bool qualifies = ev->ms >= a->limits.starvation_ms &&
					 ev->overtakes >= LG_STARVE_MIN_OVERTAKES;

			if (!qualifies)
				continue;
			for (size_t j = 0; j < t->nevents; j++) {
				const struct lg_event_rec *o = &t->events[j];

				if (o->kind == LGE_MISUSE || o->kind == LGE_BLOCKHELD ||
				    o->kind == LGE_SLOWWAIT || o->kind == LGE_CPUHOLD ||
				    o->kind == LGE_TRYWAIT || o->obj != ev->obj ||
				    o->ms < a->limits.starvation_ms ||
				    o->overtakes < LG_STARVE_MIN_OVERTAKES)
					continue;
				if (j < i)
					first = false;
				if (o->ms > worst->ms)
					worst = o;
				if (o->kind != LGE_STAT && o->site.n && (!sited || o->ms > sited->ms))
					sited = o;
			}
			if (!first)
				continue;
			lgd_obj_name(t, s, a, worst->obj, name, sizeof(name));
			p = lgd_place_of(a, s, sited ? &sited->site : &worst->site);
			if (!p.have && lg_trace_obj(t, worst->obj))
				p = lgd_place_of(a, s, &lg_trace_obj(t, worst->obj)->site);
			buf_appendf(msg, sizeof(msg), "%s waited %ld ms for %s at %s while "
				   "other threads took it %ld times", lgd_tname(worst->thread, tb),
				   worst->ms, name, lgd_place_str(&p, where, sizeof(where)),
				   worst->overtakes);
			e = lgd_add_loc(&f, &p, worst->thread);
		}
		if (e == RL_ERR_OK)
			e = lgd_finish(&f, kind, msg, a, NULL, out);
		else
			finding_release(&f);
	}
	return e;
}

enum rl_err lgd_misuse_findings(const struct lg_trace *t, const struct lg_symbols *s,
				const struct lg_analysis *a, struct finding_list *out)
{
	enum rl_err e = RL_ERR_OK;

	for (size_t i = 0; i < t->nevents && e == RL_ERR_OK; i++) {
		const struct lg_event_rec *ev = &t->events[i];
		struct finding f = FINDING_INIT;
		char msg[MSG_LEN] = "", name[400], where[300], tb[16];
		struct lgd_place p;
		bool dup = false;

		if (ev->kind != LGE_MISUSE)
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = t->events[j].kind == LGE_MISUSE && t->events[j].obj == ev->obj &&
			      !strcmp(t->events[j].what, ev->what);
		if (dup)
			continue;
		lgd_obj_name(t, s, a, ev->obj, name, sizeof(name));
		p = lgd_place_of(a, s, &ev->site);
		lgd_place_str(&p, where, sizeof(where));
		if (!strcmp(ev->what, "unlock-not-held"))
			buf_appendf(msg, sizeof(msg), "%s unlocks %s at %s without holding it",
				   lgd_tname(ev->thread, tb), name, where);
		else if (!strcmp(ev->what, "cond-wait-unheld"))
			buf_appendf(msg, sizeof(msg), "%s waits on a condition at %s without holding "
				   "its %s", lgd_tname(ev->thread, tb), where, name);
		else if (!strcmp(ev->what, "exit-holding"))
			buf_appendf(msg, sizeof(msg), "%s exits still holding %s (locked at %s)",
				   lgd_tname(ev->thread, tb), name, where);
		else
			buf_appendf(msg, sizeof(msg), "%s misuses %s at %s (%s)",
				   lgd_tname(ev->thread, tb), name, where, ev->what);
		e = lgd_add_loc(&f, &p, ev->thread);
		if (e == RL_ERR_OK)
			e = lgd_finish(&f, FK_LOCK_MISUSE, msg, a, NULL, out);
		else
			finding_release(&f);
	}
	return e;
}
