/* The lock tracer detector's snapshot half: the watchdog's wait-for graph becomes deadlock or hang. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph_int.h"

#define MSG_LEN 1024

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

/*
 * A thread blocked on a semaphore whose count is 0 waits for the other threads holding its tokens
 * ("held ... mode=s": the tracer lists only semaphores used as locks, see tracer/sem_tokens.h).
 * A holder blocked on the same semaphore is left out: threads that each took some tokens of one
 * pool and wait for more (producers waiting for free slots while the consumers are stuck
 * elsewhere) are let go by anyone's post, so that is not a cycle of its own; a deadlock through
 * semaphores needs two of them, as two mutexes taken in opposite orders.
 */
static size_t sem_waits_for(const struct lg_trace *t, const struct lg_waiter_rec *w, int *out,
			    size_t max)
{
	size_t n = 0;

	if (w->sem_value > 0)
		return 0;
	for (size_t i = 0; i < t->nheld && n < max; i++) {
		const struct lg_held_rec *h = &t->held[i];
		const struct lg_waiter_rec *hw;

		if (h->mode != 's' || h->obj != w->obj || h->thread == w->thread)
			continue;
		hw = waiter_of(t, h->thread, NULL);
		if (hw && hw->state == LGT_BLOCKED && hw->wait == LGW_SEM && hw->obj == w->obj)
			continue;
		out[n++] = h->thread;
	}
	return n;
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
	if (w->wait == LGW_SEM)
		return sem_waits_for(t, w, out, max);
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
		snprintf(label, sizeof(label), "%s\n%s (%s)", h->mode == 's' ? "token taken by" :
			 "held by", lgd_tname(h->thread, tb),
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
			buf_appendf(msg, sizeof(msg), "; ");
		buf_appendf(msg, sizeof(msg), "%s", lgd_tname(w->thread, tb));
		if (h) {
			struct lgd_place hp = lgd_place_of(sn->a, sn->s, &h->site);

			lgd_obj_name(t, sn->s, sn->a, h->obj, name, sizeof(name));
			if (h->mode == 's')
				buf_appendf(msg, sizeof(msg), " took a token of %s at %s and", name,
					    lgd_place_str(&hp, hwhere, sizeof(hwhere)));
			else
				buf_appendf(msg, sizeof(msg), " holds %s (locked at %s) and", name,
					    lgd_place_str(&hp, hwhere, sizeof(hwhere)));
		}
		if (w->wait == LGW_JOIN) {
			buf_appendf(msg, sizeof(msg), " waits to join %s at %s", lgd_tname(w->target, name),
			       lgd_place_str(&p, where, sizeof(where)));
		} else {
			lgd_obj_name(t, sn->s, sn->a, w->obj, name, sizeof(name));
			buf_appendf(msg, sizeof(msg), " waits for %s at %s", name,
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
		buf_appendf(msg, len, "%s waits on %s at %s and no running thread can signal it",
		       lgd_tname(w->thread, tb), name, where);
		return true;
	case LGW_SEM:
		buf_appendf(msg, len, "%s waits on %s (value %d) at %s and no running thread can post it",
		       lgd_tname(w->thread, tb), name, w->sem_value, where);
		return true;
	case LGW_BARRIER:
		buf_appendf(msg, len, "%s waits at %s at %s (for %d threads) and no other thread can "
		       "arrive", lgd_tname(w->thread, tb), name, where, w->barrier_count);
		return true;
	case LGW_MUTEX:
	case LGW_RDLOCK:
	case LGW_WRLOCK:
		n = waits_for(t, w, holders, 8);
		for (size_t k = 0; k < n; k++) {
			const struct lg_waiter_rec *hw = waiter_of(t, holders[k], NULL);

			if (!hw || hw->state == LGT_EXITED) {
				buf_appendf(msg, len, "%s waits for %s at %s, held by %s, which exited "
				       "without unlocking it", lgd_tname(w->thread, tb), name, where,
				       lgd_tname(holders[k], tb2));
				return true;
			}
		}
		if (!n) {
			/* The tracer saw its holder leave: say who, and where it took the lock. */
			for (size_t k = 0; k < t->nevents; k++) {
				const struct lg_event_rec *ev = &t->events[k];
				struct lgd_place hp;
				char hwhere[300];

				if (ev->kind != LGE_MISUSE || ev->obj != w->obj ||
				    strcmp(ev->what, "exit-holding"))
					continue;
				hp = lgd_place_of(sn->a, sn->s, &ev->site);
				buf_appendf(msg, len, "%s waits for %s at %s, held by %s, which exited "
					   "without unlocking it (locked at %s)", lgd_tname(w->thread, tb),
					   name, where, lgd_tname(ev->thread, tb2),
					   lgd_place_str(&hp, hwhere, sizeof(hwhere)));
				return true;
			}
			buf_appendf(msg, len, "%s waits for %s at %s, which no live thread holds (unlocked "
			       "too often, or by another thread?)", lgd_tname(w->thread, tb), name, where);
			return true;
		}
		return false;
	case LGW_CHILD:
		if (w->pid > 0)
			buf_appendf(msg, len, "%s waits for child process %ld at %s, which is blocked "
				    "for ever", lgd_tname(w->thread, tb), w->pid, where);
		else
			buf_appendf(msg, len, "%s waits for a child process at %s, and every child is "
				    "blocked for ever", lgd_tname(w->thread, tb), where);
		return true;
	case LGW_JOIN: {
		const struct lg_waiter_rec *tw = waiter_of(t, w->target, NULL);

		if (!tw) {
			buf_appendf(msg, len, "%s waits to join %s at %s", lgd_tname(w->thread, tb),
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

			buf_appendf(msg, sizeof(msg), "%s%s", nroot > 1 ? "; " : "", one);
			e = lgd_add_loc(&f, &p, w->thread);
		}
	}
	if (!nroot)
		buf_appendf(msg, sizeof(msg), "every thread is blocked");
	/* Context: the other threads, and those that have exited. */
	for (size_t i = 0; i < t->nwaiters; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];

		if (root[i])
			continue;
		if (w->state == LGT_EXITED)
			buf_appendf(ctx, sizeof(ctx), "%s%s has exited", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb));
		else if (w->state == LGT_BLOCKED && w->wait == LGW_JOIN)
			buf_appendf(ctx, sizeof(ctx), "%s%s waits to join %s", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb), lgd_tname(w->target, tb2));
		else if (w->state == LGT_BLOCKED)
			buf_appendf(ctx, sizeof(ctx), "%s%s is blocked behind it", *ctx ? ", " : "",
			       lgd_tname(w->thread, tb));
	}
	for (size_t i = 0, n = 0; i < t->nthreads && n < 3; i++) {
		if (!t->threads[i].exited || waiter_of(t, t->threads[i].num, NULL))
			continue;
		buf_appendf(ctx, sizeof(ctx), "%s%s has exited", *ctx ? ", " : "",
			   lgd_tname(t->threads[i].num, tb));
		n++;
	}
	if (*ctx)
		buf_appendf(msg, sizeof(msg), " (%s)", ctx);
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

/* Every blocked thread waits for a child process (or to join one that does). */
static bool only_child_waits(const struct lg_trace *t)
{
	bool any = false;

	for (size_t i = 0; i < t->nwaiters; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];

		if (w->state != LGT_BLOCKED)
			continue;
		if (w->wait == LGW_CHILD)
			any = true;
		else if (w->wait != LGW_JOIN)
			return false;
	}
	return any;
}

enum rl_err lgd_snapshot_findings(const struct lg_trace *t, const struct lg_symbols *s,
				  const struct lg_analysis *a, struct finding_list *out,
				  unsigned *locks, size_t *nlocks)
{
	struct snap sn = { t, s, a, NULL, NULL, { 0 }, 0 };
	enum rl_err e;
	bool found = false;

	if (!t->stuck || !t->nwaiters || t->npipes)
		return RL_ERR_OK; /* through pipes, lockgraph_fork.c explains it */
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
	if (found)
		e = report_deadlock(&sn, out, locks, nlocks);
	else if (lgd_fork_deadlocked(t) && only_child_waits(t))
		e = RL_ERR_OK; /* the fork finding (lockgraph_fork.c) says it all: no second one */
	else
		e = report_hang(&sn, out);
	free(sn.color);
	free(sn.next);
	return e;
}


