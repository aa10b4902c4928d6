/* The lock tracer detector: runs a program under liblockgraph.so and explains what it recorded. */
#include "lockgraph_detector.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph.h"
#include "lockgraph_int.h"
#include "spawn.h"
#include "util.h"

#define MSG_LEN 1024
#define MAX_CYCLE 4          /* longest lock-order cycle searched */
#define MAX_ORDER_FINDINGS 4
#define DEFAULT_STARVE_MS 1500 /* the manifest's defaults, for callers that leave limits at 0 */
#define DEFAULT_HOLD_MS 200
#define DEFAULT_HANG_MS 1500

/* ---- naming things ---- */

const char *lgd_tname(int num, char *buf)
{
	if (num == 0)
		return "main";
	snprintf(buf, 16, "T%d", num);
	return buf;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static bool in_sources(const struct source_set *s, const char *file)
{
	if (!s || !s->nr)
		return true;
	for (size_t i = 0; i < s->nr; i++)
		if (s->files[i] && !strcmp(base_name(s->files[i]), base_name(file)))
			return true;
	return false;
}

static const struct lg_frame *frame_of(const struct lg_symbols *s, uint64_t pc)
{
	size_t lo = 0, hi = s ? s->nframes : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->frames[mid].pc == pc)
			return &s->frames[mid];
		if (s->frames[mid].pc < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}


struct lgd_place lgd_place_of(const struct lg_analysis *a, const struct lg_symbols *s,
			     const struct lg_site *site)
{
	struct lgd_place p = { false, NULL, 0, NULL }, any = p;

	for (unsigned i = 0; i < site->n; i++) {
		const struct lg_frame *f = frame_of(s, site->pc[i]);

		if (!f || !f->file)
			continue;
		if (in_sources(a->sources, f->file)) {
			p.have = true;
			p.file = base_name(f->file);
			p.line = f->line;
			p.func = f->function;
			return p;
		}
		if (!any.have) {
			any.have = true;
			any.file = base_name(f->file);
			any.line = f->line;
			any.func = f->function;
		}
	}
	return any;
}

const char *lgd_place_str(const struct lgd_place *p, char *buf, size_t len)
{
	if (!p->have)
		snprintf(buf, len, "an unknown place");
	else
		snprintf(buf, len, "%s:%d", p->file, p->line);
	return buf;
}

static const char *kind_word(enum lg_obj_kind k)
{
	static const char *const words[] = { "mutex", "rwlock", "condition", "semaphore",
					     "barrier" };

	return (unsigned)k < LGK__COUNT ? words[k] : "lock";
}

/* "mutex `lock_a`", "condition `not_empty`", or "mutex L3 (first used at bank.c:20)". */
void lgd_obj_name(const struct lg_trace *t, const struct lg_symbols *s,
		     const struct lg_analysis *a, unsigned id, char *buf, size_t len)
{
	const struct lg_obj_rec *o = lg_trace_obj(t, id);
	struct lgd_place p;
	char where[300];

	if (!o) {
		snprintf(buf, len, "lock L%u", id);
		return;
	}
	if (o->in_exe && s) {
		for (size_t i = 0; i < s->ndata; i++) {
			const struct lg_datasym *d = &s->data[i];

			if (o->addr >= d->addr && o->addr < d->addr + d->size) {
				if (o->addr == d->addr)
					snprintf(buf, len, "%s `%s`", kind_word(o->kind), d->name);
				else
					snprintf(buf, len, "%s `%s+%llu`", kind_word(o->kind), d->name,
						 (unsigned long long)(o->addr - d->addr));
				return;
			}
		}
	}
	p = lgd_place_of(a, s, &o->site);
	snprintf(buf, len, "%s L%u (first used at %s)", kind_word(o->kind), id,
		 lgd_place_str(&p, where, sizeof(where)));
}

/* Short name for graph boxes: "lock_a" or "L3". */
void lgd_obj_short(const struct lg_trace *t, const struct lg_symbols *s,
		      const struct lg_analysis *a, unsigned id, char *buf, size_t len)
{
	char full[400], *q1, *q2;

	lgd_obj_name(t, s, a, id, full, sizeof(full));
	q1 = strchr(full, '`');
	q2 = q1 ? strchr(q1 + 1, '`') : NULL;
	if (q1 && q2)
		snprintf(buf, len, "%s\n%.*s", kind_word(lg_trace_obj(t, id)->kind),
			 (int)(q2 - q1 - 1), q1 + 1);
	else
		snprintf(buf, len, "%s\nL%u", lg_trace_obj(t, id) ?
			 kind_word(lg_trace_obj(t, id)->kind) : "lock", id);
}


void lgd_append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* ---- building findings ---- */

enum rl_err lgd_add_loc(struct finding *f, const struct lgd_place *p, int thread)
{
	char tb[16];

	if (!p->have || f->nlocs >= FINDING_MAX_LOCS)
		return RL_ERR_OK;
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == p->line && f->locs[i].file && !strcmp(f->locs[i].file, p->file))
			return RL_ERR_OK;
	if (location_set(&f->locs[f->nlocs], p->file, p->line, 0, p->func,
			 thread >= 0 ? lgd_tname(thread, tb) : NULL) != RL_ERR_OK)
		return RL_ERR_NOMEM;
	f->nlocs++;
	return RL_ERR_OK;
}

enum rl_err lgd_finish(struct finding *f, enum finding_kind kind, const char *msg,
			  const struct lg_analysis *a, const char *graph, struct finding_list *out)
{
	f->kind = kind;
	f->severity = finding_default_severity(kind);
	f->tools = TOOL(LOCKGRAPH);
	f->seed = a->seed;
	if (!(f->message = strdup(msg)) || (graph && !(f->graph = strdup(graph)))) {
		finding_release(f);
		return RL_ERR_NOMEM;
	}
	return finding_list_add(out, f);
}

/* Renders g to PREFIX.KIND; *path is NULL when there is no prefix or drawing failed. */
enum rl_err lgd_draw(const struct graph *g, const struct lg_analysis *a, enum finding_kind kind,
			char **path)
{
	char *base;
	bool rendered;
	struct diag dd = DIAG_INIT;
	enum rl_err e;

	*path = NULL;
	if (!a->graph_prefix)
		return RL_ERR_OK;
	if (!(base = malloc(strlen(a->graph_prefix) + 32)))
		return RL_ERR_NOMEM;
	/* The graphs directory may not exist yet. */
	strcpy(base, a->graph_prefix);
	if (strrchr(base, '/') && strrchr(base, '/') != base) {
		*strrchr(base, '/') = '\0';
		mkdir_p(base, 0755);
	}
	sprintf(base, "%s.%s", a->graph_prefix, finding_kind_name(kind));
	e = graph_render(g, base, path, &rendered, &dd);
	free(base);
	/* A picture that could not be drawn never hides the finding. */
	return e == RL_ERR_NOMEM ? e : RL_ERR_OK;
}

/* ---- the snapshot: deadlock or hang ---- */

struct snap {
	const struct lg_trace *t;
	const struct lg_symbols *s;
	const struct lg_analysis *a;
	int *color, *next;   /* DFS over waiters: which waiter each one's wait leads to */
	int cycle[64];
	int ncycle;
};

static const struct lg_waiter_rec *waiter_of(const struct lg_trace *t, int thread, size_t *idx)
{
	for (size_t i = 0; i < t->nwaiters; i++) {
		if (t->waiters[i].thread == thread) {
			if (idx)
				*idx = i;
			return &t->waiters[i];
		}
	}
	return NULL;
}

/* The threads a blocked waiter waits for: holders of its lock, or the thread it joins. */
static size_t waits_for(const struct lg_trace *t, const struct lg_waiter_rec *w, int *out,
			size_t max)
{
	size_t n = 0;

	if (w->state != LGT_BLOCKED)
		return 0;
	if (w->wait == LGW_JOIN) {
		if (w->target >= 0 && max)
			out[n++] = w->target;
		return n;
	}
	if (w->wait != LGW_MUTEX && w->wait != LGW_RDLOCK && w->wait != LGW_WRLOCK)
		return 0;
	for (int pass = 0; pass < 2 && !n; pass++) {
		for (size_t i = 0; i < t->nheld && n < max; i++) {
			const struct lg_held_rec *h = &t->held[i];

			/*
			 * A reader waits for the writer; when only readers hold the lock (a
			 * writer-preferring lock with a writer queued), the second pass takes them.
			 * Its own thread among the holders is a relock: a cycle of one.
			 */
			if (h->obj == w->obj && (pass || w->wait != LGW_RDLOCK || h->mode != 'r'))
				out[n++] = h->thread;
		}
	}
	return n;
}

static bool dfs(struct snap *sn, size_t i, int depth)
{
	int targets[32];
	size_t n = waits_for(sn->t, &sn->t->waiters[i], targets, 32);

	sn->color[i] = 1;
	sn->cycle[depth] = (int)i;
	for (size_t k = 0; k < n && depth + 1 < 64; k++) {
		size_t j;

		if (!waiter_of(sn->t, targets[k], &j))
			continue;
		if (sn->color[j] == 1) {
			/* Found: keep the part of the path from j on. */
			int start = 0;

			while (sn->cycle[start] != (int)j)
				start++;
			memmove(sn->cycle, sn->cycle + start, (size_t)(depth - start + 1) * sizeof(int));
			sn->ncycle = depth - start + 1;
			for (int c = 0; c < sn->ncycle; c++)
				sn->next[sn->cycle[c]] = c + 1 < sn->ncycle ? sn->cycle[c + 1] : sn->cycle[0];
			return true;
		}
		if (sn->color[j] == 0 && dfs(sn, j, depth + 1))
			return true;
	}
	sn->color[i] = 2;
	return false;
}

static const struct lg_held_rec *held_by(const struct lg_trace *t, int thread, unsigned obj)
{
	for (size_t i = 0; i < t->nheld; i++)
		if (t->held[i].thread == thread && t->held[i].obj == obj)
			return &t->held[i];
	return NULL;
}

static bool in_cycle(const struct snap *sn, size_t idx)
{
	for (int c = 0; c < sn->ncycle; c++)
		if (sn->cycle[c] == (int)idx)
			return true;
	return false;
}

/* Threads as ellipses, locks as boxes; waits-for and holds edges, the cycle or the cause in red. */
static enum rl_err snapshot_graph(struct snap *sn, struct graph *g, const bool *root)
{
	const struct lg_trace *t = sn->t;
	char id[32], label[420], tb[16], where[300];
	enum rl_err e = RL_ERR_OK;

	for (size_t i = 0; i < t->nwaiters && e == RL_ERR_OK; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];
		size_t tn, on;
		bool red = in_cycle(sn, i) || (root && root[i]);
		struct lgd_place p = lgd_place_of(sn->a, sn->s, &w->site);

		snprintf(id, sizeof(id), "thread %d", w->thread);
		snprintf(label, sizeof(label), "%s%s", lgd_tname(w->thread, tb),
			 w->state == LGT_EXITED ? "\n(exited)" : "");
		if ((e = graph_node_add(g, id, label, GRAPH_ELLIPSE,
					(red ? GRAPH_RED : 0) |
					(w->state == LGT_EXITED ? GRAPH_DASHED | GRAPH_GREY : 0),
					&tn)) != RL_ERR_OK)
			break;
		if (w->state != LGT_BLOCKED)
			continue;
		if (w->wait == LGW_JOIN) {
			if (w->target < 0)
				continue;
			snprintf(id, sizeof(id), "thread %d", w->target);
			if ((e = graph_node_add(g, id, lgd_tname(w->target, tb), GRAPH_ELLIPSE, 0, &on)))
				break;
			snprintf(label, sizeof(label), "joins\n%s", lgd_place_str(&p, where, sizeof(where)));
			e = graph_edge_add(g, tn, on, label, GRAPH_DASHED | (red ? GRAPH_RED : 0));
			continue;
		}
		if (!w->obj)
			continue;
		snprintf(id, sizeof(id), "L%u", w->obj);
		lgd_obj_short(t, sn->s, sn->a, w->obj, label, sizeof(label));
		if ((e = graph_node_add(g, id, label, GRAPH_BOX, red ? GRAPH_RED : 0, &on)))
			break;
		snprintf(label, sizeof(label), "waits for\n%s", lgd_place_str(&p, where, sizeof(where)));
		e = graph_edge_add(g, tn, on, label, red ? GRAPH_RED : 0);
	}
	for (size_t i = 0; i < t->nheld && e == RL_ERR_OK; i++) {
		const struct lg_held_rec *h = &t->held[i];
		struct lgd_place p = lgd_place_of(sn->a, sn->s, &h->site);
		size_t hn, tn, wi;
		bool red = false;

		snprintf(id, sizeof(id), "L%u", h->obj);
		lgd_obj_short(t, sn->s, sn->a, h->obj, label, sizeof(label));
		if ((e = graph_node_add(g, id, label, GRAPH_BOX, 0, &hn)) != RL_ERR_OK)
			break;
		snprintf(id, sizeof(id), "thread %d", h->thread);
		if ((e = graph_node_add(g, id, lgd_tname(h->thread, tb), GRAPH_ELLIPSE, 0, &tn)))
			break;
		/* Red when the next thread of the cycle waits for this lock. */
		if (waiter_of(t, h->thread, &wi) && in_cycle(sn, wi)) {
			const struct lg_waiter_rec *prev = NULL;

			for (int c = 0; c < sn->ncycle; c++)
				if (sn->next[sn->cycle[c]] == (int)wi)
					prev = &t->waiters[sn->cycle[c]];
			red = prev && prev->obj == h->obj;
		}
		snprintf(label, sizeof(label), "held by\n%s (%s)", lgd_tname(h->thread, tb),
			 lgd_place_str(&p, where, sizeof(where)));
		e = graph_edge_add(g, hn, tn, label, red ? GRAPH_RED : 0);
	}
	/* Threads that have exited: nobody left to signal, post or unlock. */
	for (size_t i = 0; i < t->nthreads && e == RL_ERR_OK && root; i++) {
		const struct lg_thread_rec *th = &t->threads[i];
		size_t n;

		if (!th->exited || waiter_of(t, th->num, NULL))
			continue;
		snprintf(id, sizeof(id), "thread %d", th->num);
		snprintf(label, sizeof(label), "%s\n(exited)", lgd_tname(th->num, tb));
		e = graph_node_add(g, id, label, GRAPH_ELLIPSE, GRAPH_DASHED | GRAPH_GREY, &n);
	}
	return e;
}

static enum rl_err report_deadlock(struct snap *sn, struct finding_list *out, unsigned *locks,
				   size_t *nlocks)
{
	const struct lg_trace *t = sn->t;
	struct finding f = FINDING_INIT;
	struct graph g = GRAPH_INIT;
	char msg[MSG_LEN] = "", tb[16], name[400], where[300], hwhere[300], *path = NULL;
	enum rl_err e = RL_ERR_OK;

	
	for (int c = 0; c < sn->ncycle && e == RL_ERR_OK; c++) {
		const struct lg_waiter_rec *w = &t->waiters[sn->cycle[c]];
		const struct lg_waiter_rec *prev =
			&t->waiters[sn->cycle[(c + sn->ncycle - 1) % sn->ncycle]];
		struct lgd_place p = lgd_place_of(sn->a, sn->s, &w->site);
		const struct lg_held_rec *h = prev->wait != LGW_JOIN ?
			held_by(t, w->thread, prev->obj) : NULL;

		if (c)
			lgd_append(msg, sizeof(msg), "; ");
		lgd_append(msg, sizeof(msg), "%s", lgd_tname(w->thread, tb));
		if (h) {
			struct lgd_place hp = lgd_place_of(sn->a, sn->s, &h->site);

			lgd_obj_name(t, sn->s, sn->a, h->obj, name, sizeof(name));
			lgd_append(msg, sizeof(msg), " holds %s (locked at %s) and", name,
			       lgd_place_str(&hp, hwhere, sizeof(hwhere)));
		}
		if (w->wait == LGW_JOIN) {
			lgd_append(msg, sizeof(msg), " waits to join %s at %s", lgd_tname(w->target, name),
			       lgd_place_str(&p, where, sizeof(where)));
		} else {
			lgd_obj_name(t, sn->s, sn->a, w->obj, name, sizeof(name));
			lgd_append(msg, sizeof(msg), " waits for %s at %s", name,
			       lgd_place_str(&p, where, sizeof(where)));
			if (*nlocks < 64)
				locks[(*nlocks)++] = w->obj;
		}
		e = lgd_add_loc(&f, &p, w->thread);
	}
	if (e == RL_ERR_OK)
		e = graph_set_title(&g, "deadlock: the cycle of waits is red");
	if (e == RL_ERR_OK)
		e = snapshot_graph(sn, &g, NULL);
	if (e == RL_ERR_OK)
		e = lgd_draw(&g, sn->a, FK_DEADLOCK, &path);
	graph_release(&g);
	if (e != RL_ERR_OK) {
		finding_release(&f);
		free(path);
		return e;
	}
	e = lgd_finish(&f, FK_DEADLOCK, msg, sn->a, path, out);
	free(path);
	return e;
}

/* Why a blocked thread that is in no cycle cannot go on: the cause of a hang. */
static bool hang_reason(struct snap *sn, const struct lg_waiter_rec *w, char *msg, size_t len)
{
	const struct lg_trace *t = sn->t;
	char name[400], where[300], tb[16], tb2[16];
	struct lgd_place p = lgd_place_of(sn->a, sn->s, &w->site);
	int holders[8];
	size_t n;

	if (w->state != LGT_BLOCKED)
		return false;
	lgd_obj_name(t, sn->s, sn->a, w->obj, name, sizeof(name));
	lgd_place_str(&p, where, sizeof(where));
	switch (w->wait) {
	case LGW_COND:
		lgd_append(msg, len, "%s waits on %s at %s and no running thread can signal it",
		       lgd_tname(w->thread, tb), name, where);
		return true;
	case LGW_SEM:
		lgd_append(msg, len, "%s waits on %s (value %d) at %s and no running thread can post it",
		       lgd_tname(w->thread, tb), name, w->sem_value, where);
		return true;
	case LGW_BARRIER:
		lgd_append(msg, len, "%s waits at %s at %s (for %d threads) and no other thread can "
		       "arrive", lgd_tname(w->thread, tb), name, where, w->barrier_count);
		return true;
	case LGW_MUTEX:
	case LGW_RDLOCK:
	case LGW_WRLOCK:
		n = waits_for(t, w, holders, 8);
		for (size_t k = 0; k < n; k++) {
			const struct lg_waiter_rec *hw = waiter_of(t, holders[k], NULL);

			if (!hw || hw->state == LGT_EXITED) {
				lgd_append(msg, len, "%s waits for %s at %s, held by %s, which exited "
				       "without unlocking it", lgd_tname(w->thread, tb), name, where,
				       lgd_tname(holders[k], tb2));
				return true;
			}
		}
		if (!n) {
			lgd_append(msg, len, "%s waits for %s at %s, which no live thread holds (unlocked "
			       "too often, or by another thread?)", lgd_tname(w->thread, tb), name, where);
			return true;
		}
		return false;
	case LGW_JOIN: {
		const struct lg_waiter_rec *tw = waiter_of(t, w->target, NULL);

		if (!tw) {
			lgd_append(msg, len, "%s waits to join %s at %s", lgd_tname(w->thread, tb),
			       w->target >= 0 ? lgd_tname(w->target, tb2) : "an unknown thread", where);
			return true;
		}
		return false;
	}
	default:
		return false;
	}
}

static enum rl_err report_hang(struct snap *sn, struct finding_list *out)
{
	const struct lg_trace *t = sn->t;
	struct finding f = FINDING_INIT;
	struct graph g = GRAPH_INIT;
	bool *root = calloc(t->nwaiters + 1, sizeof(*root));
	char msg[MSG_LEN] = "", ctx[MSG_LEN] = "", tb[16], tb2[16], *path = NULL;
	enum rl_err e = RL_ERR_OK;
	int nroot = 0;

	if (!root)
		return RL_ERR_NOMEM;
	
	for (size_t i = 0; i < t->nwaiters && e == RL_ERR_OK; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];
		char one[MSG_LEN] = "";

		if (!hang_reason(sn, w, one, sizeof(one)))
			continue;
		root[i] = true;
		if (nroot++ < 3) {
			struct lgd_place p = lgd_place_of(sn->a, sn->s, &w->site);

			lgd_append(msg, sizeof(msg), "%s%s", nroot > 1 ? "; " : "", one);
			e = lgd_add_loc(&f, &p, w->thread);
		}
	}
	if (!nroot)
		lgd_append(msg, sizeof(msg), "every thread is blocked");
	/* Context: the other threads, and those that have exited. */
	for (size_t i = 0; i < t->nwaiters; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];

		if (root[i])
			continue;
		if (w->state == LGT_EXITED)
			lgd_append(ctx, sizeof(ctx), "%s%s has exited", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb));
		else if (w->state == LGT_BLOCKED && w->wait == LGW_JOIN)
			lgd_append(ctx, sizeof(ctx), "%s%s waits to join %s", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb), lgd_tname(w->target, tb2));
		else if (w->state == LGT_BLOCKED)
			lgd_append(ctx, sizeof(ctx), "%s%s is blocked behind it", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb));
	}
	for (size_t i = 0, n = 0; i < t->nthreads && n < 3; i++) {
		if (!t->threads[i].exited || waiter_of(t, t->threads[i].num, NULL))
			continue;
		lgd_append(ctx, sizeof(ctx), "%s%s has exited", *ctx ? ", " : "",
			   lgd_tname(t->threads[i].num, tb));
		n++;
	}
	if (*ctx)
		lgd_append(msg, sizeof(msg), " (%s)", ctx);
	if (e == RL_ERR_OK)
		e = graph_set_title(&g, "hang: every thread is blocked; the cause is red");
	if (e == RL_ERR_OK)
		e = snapshot_graph(sn, &g, root);
	if (e == RL_ERR_OK)
		e = lgd_draw(&g, sn->a, FK_HANG, &path);
	graph_release(&g);
	free(root);
	if (e != RL_ERR_OK) {
		finding_release(&f);
		free(path);
		return e;
	}
	e = lgd_finish(&f, FK_HANG, msg, sn->a, path, out);
	free(path);
	return e;
}

static enum rl_err analyze_snapshot(const struct lg_trace *t, const struct lg_symbols *s,
				    const struct lg_analysis *a, struct finding_list *out,
				    unsigned *locks, size_t *nlocks)
{
	struct snap sn = { t, s, a, NULL, NULL, { 0 }, 0 };
	enum rl_err e;
	bool found = false;

	if (!t->stuck || !t->nwaiters)
		return RL_ERR_OK;
	sn.color = calloc(t->nwaiters, sizeof(int));
	sn.next = calloc(t->nwaiters, sizeof(int));
	if (!sn.color || !sn.next) {
		free(sn.color);
		free(sn.next);
		return RL_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->nwaiters && !found; i++)
		if (!sn.color[i])
			found = dfs(&sn, i, 0);
	e = found ? report_deadlock(&sn, out, locks, nlocks) : report_hang(&sn, out);
	free(sn.color);
	free(sn.next);
	return e;
}


enum rl_err lg_trace_findings(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, struct finding_list *out,
			      struct diag *d)
{
	struct lg_analysis eff = *a;
	unsigned locks[64];
	size_t nlocks = 0;
	enum rl_err e;

	if (eff.limits.starvation_ms <= 0)
		eff.limits.starvation_ms = DEFAULT_STARVE_MS;
	if (eff.limits.hold_blocking_ms <= 0)
		eff.limits.hold_blocking_ms = DEFAULT_HOLD_MS;
	if (eff.limits.hang_ms <= 0)
		eff.limits.hang_ms = DEFAULT_HANG_MS;
	e = analyze_snapshot(t, s, &eff, out, locks, &nlocks);
	if (e == RL_ERR_OK)
		e = lgd_order_findings(t, s, &eff, locks, nlocks, out);
	if (e == RL_ERR_OK)
		e = lgd_starvation_findings(t, s, &eff, locks, nlocks, out);
	if (e == RL_ERR_OK)
		e = lgd_misuse_findings(t, s, &eff, out);
	if (e != RL_ERR_OK)
		return diag_set(d, e, "cannot build the lock tracer's findings: %s", rl_err_message(e));
	return RL_ERR_OK;
}

/* ---- the detector ---- */

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (n && n + strlen(prog) + 2 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
			if (access(buf, X_OK) == 0)
				return true;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

static bool lockgraph_available(struct diag *d)
{
	/* The tracer itself is ours; call sites become file:line through binutils' addr2line. */
	if (!on_path("addr2line")) {
		diag_set(d, RL_ERR_TOOL, "addr2line not found: install binutils (`make deps`)");
		return false;
	}
	return true;
}

/* The environment of one traced run. */
struct lg_env {
	char preload[PATH_MAX + 16], out[PATH_MAX + 32], seed[48], hang[48], starve[48], hold[48];
	const char *env[7];
};

static enum rl_err env_init(struct lg_env *v, const struct detector_run *r, const char *out_path,
			    struct diag *d)
{
	char lib[PATH_MAX];
	size_t n = 0;

	if (!r->support_dir)
		return diag_set(d, RL_ERR_TOOL, "no support directory for liblockgraph.so");
	snprintf(lib, sizeof(lib), "%s/liblockgraph.so", r->support_dir);
	if (access(lib, R_OK) != 0)
		return diag_set(d, RL_ERR_TOOL, "%s not found: build the `lockgraph` target", lib);
	/* LD_PRELOAD splits on spaces and colons: such a path cannot be preloaded. */
	if (strpbrk(lib, " :") || strpbrk(out_path, "\n"))
		return diag_set(d, RL_ERR_TOOL, "cannot preload %s (space or colon in the path)", lib);
	snprintf(v->preload, sizeof(v->preload), "LD_PRELOAD=%s", lib);
	snprintf(v->out, sizeof(v->out), "RACELAB_LOCKGRAPH_OUT=%s", out_path);
	snprintf(v->hang, sizeof(v->hang), "RACELAB_LOCKGRAPH_HANG_MS=%d",
		 r->limits.hang_ms > 0 ? r->limits.hang_ms : DEFAULT_HANG_MS);
	snprintf(v->starve, sizeof(v->starve), "RACELAB_LOCKGRAPH_STARVE_MS=%d",
		 r->limits.starvation_ms > 0 ? r->limits.starvation_ms : DEFAULT_STARVE_MS);
	snprintf(v->hold, sizeof(v->hold), "RACELAB_LOCKGRAPH_HOLD_MS=%d",
		 r->limits.hold_blocking_ms > 0 ? r->limits.hold_blocking_ms : DEFAULT_HOLD_MS);
	v->env[n++] = v->preload;
	v->env[n++] = v->out;
	v->env[n++] = v->hang;
	v->env[n++] = v->starve;
	v->env[n++] = v->hold;
	if (r->seed >= 0) {
		snprintf(v->seed, sizeof(v->seed), "RACELAB_LOCKGRAPH_SEED=%ld", r->seed);
		v->env[n++] = v->seed;
	}
	v->env[n] = NULL;
	return RL_ERR_OK;
}

static enum rl_err lockgraph_run(struct detector_run *r, struct finding_list *out,
				 struct diag *d)
{
	struct lg_env *v = calloc(1, sizeof(*v));
	struct lg_trace t = LG_TRACE_INIT;
	struct lg_symbols s = LG_SYMBOLS_INIT;
	const char **argv = NULL;
	char out_path[PATH_MAX], *text = NULL;
	size_t nargs = 0, len = 0;
	enum rl_err e;

	r->threads_seen = -1;
	if (!v)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	while (r->args && r->args[nargs])
		nargs++;
	if (!(argv = calloc(nargs + 2, sizeof(*argv)))) {
		e = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto free_env;
	}
	argv[0] = r->binary;
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = r->args[i];
	snprintf(out_path, sizeof(out_path), "%s/lockgraph.out", r->tooldir);
	unlink(out_path);
	if ((e = env_init(v, r, out_path, d)) != RL_ERR_OK)
		goto free_argv;
	{
		struct spawn_opts o = { .argv = argv, .env = v->env, .cwd = r->workdir,
					.stdout_path = r->stdout_path, .stderr_path = r->stderr_path,
					.timeout_ms = r->timeout_ms, .isolate = true };

		/* Backstops only: the wall-clock timeout ends a run first. */
		o.limits.cpu_seconds = (unsigned long)(r->timeout_ms / 1000 + 2) * 4;
		o.limits.processes = 512;
		o.limits.file_size = 256ul << 20;
		o.limits.open_files = 1024;
		memset(&r->result, 0, sizeof(r->result));
		if ((e = spawn_run(&o, &r->result, d)) != RL_ERR_OK)
			goto free_argv;
	}
	text = read_file_capped(out_path, 64u << 20, &len);
	if (!text) {
		e = diag_set(d, RL_ERR_TOOL, "the lock tracer wrote nothing (is %s/liblockgraph.so "
			     "loadable, and the program dynamically linked?)", r->support_dir);
		goto free_argv;
	}
	if ((e = lg_trace_parse(&t, text, len, d)) != RL_ERR_OK) {
		if (e == RL_ERR_PARSE)
			e = RL_ERR_TOOL;
		goto free_trace;
	}
	r->threads_seen = t.max_threads > 0 ? t.max_threads : 1;
	if ((e = lg_symbols_load(&s, &t, r->binary, r->tooldir, d)) != RL_ERR_OK)
		goto free_trace;
	{
		struct lg_analysis a = { r->sources, r->limits, r->seed, r->graph_prefix };

		e = lg_trace_findings(&t, &s, &a, out, d);
	}
	lg_symbols_release(&s);
free_trace:
	lg_trace_release(&t);
	free(text);
free_argv:
	free(argv);
free_env:
	free(v);
	return e;
}

const struct detector_ops lockgraph_detector = {
	.name = "lockgraph",
	.tool = TOOL(LOCKGRAPH),
	.variant = VARIANT_PLAIN,
	.available = lockgraph_available,
	.run = lockgraph_run,
};
