/* The lock tracer detector's fork half: a lock inherited locked across fork() and its child. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph_int.h"

#define MSG_LEN 1024
#define MAX_FORKS 1024

/*
 * "forkheld T1 L1 mode=M by=T pid=N f=SITE hf=SITE" and "forkblock pid=N L1". A forkblock
 * without its forkheld (the program wrote it) is malformed.
 */
/* A pipewait's call= value: read, write, pollin, pollout, selectin or selectout. */
static bool pipe_call(const char *v, struct lg_pipe_rec *x)
{
	static const struct { const char *v, *call; bool wr; } calls[] = {
		{ "read", "read", false }, { "write", "write", true },
		{ "pollin", "poll", false }, { "pollout", "poll", true },
		{ "selectin", "select", false }, { "selectout", "select", true },
	};

	for (size_t i = 0; i < sizeof(calls) / sizeof(*calls); i++)
		if (!strcmp(v, calls[i].v)) {
			snprintf(x->call, sizeof(x->call), "%s", calls[i].call);
			x->wr = calls[i].wr;
			return true;
		}
	return false;
}

/* One wait of several (a poll() or a select()), not a read() or write(). */
static bool multi(const struct lg_pipe_rec *p)
{
	return !strcmp(p->call, "poll") || !strcmp(p->call, "select");
}

/*
 * "pipewait pid=N T1|- call=read|write|pollin|pollout|selectin|selectout fd=N pipe=INO f=SITE",
 * "pipeend pid=N pipe=INO end=r|w"
 */
static int pipe_line(struct lg_trace *t, char **tok, int n)
{
	struct lg_pipe_rec x = { 0 }, *p;
	long v;

	x.thread = -1;
	if (!t->stuck || t->snapshot_complete)
		return 0; /* only inside the snapshot */
	if (!strcmp(tok[0], LG_REC_PIPEEND)) {
		if (n != 4 || !lgd_parse_long_kv(tok[1], "pid", &x.pid) || x.pid <= 0 ||
		    !lgd_parse_long_kv(tok[2], "pipe", &v) || v <= 0 ||
		    (strcmp(tok[3], "end=r") && strcmp(tok[3], "end=w")))
			return 0;
		x.is_end = true;
		x.ino = (unsigned long)v;
		x.wr = tok[3][4] == 'w';
	} else {
		if (n != 7 || !lgd_parse_long_kv(tok[1], "pid", &x.pid) || x.pid <= 0 ||
		    (strcmp(tok[2], "-") && !lgd_parse_thread(tok[2], &x.thread)) ||
		    strncmp(tok[3], "call=", 5) || !pipe_call(tok[3] + 5, &x) ||
		    !lgd_parse_long_kv(tok[4], "fd", &v) || v < 0 || v > 1 << 30 ||
		    !lgd_parse_site(tok[6], "f", &x.site))
			return 0;
		x.fd = (int)v;
		if (!lgd_parse_long_kv(tok[5], "pipe", &v) || v <= 0)
			return 0;
		x.ino = (unsigned long)v;
	}
	if (t->npipes >= MAX_FORKS) {
		t->truncated = true;
		return 1;
	}
	if (!(p = lgd_push(&t->pipes, &t->npipes, sizeof(*p))))
		return -1;
	*p = x;
	return 1;
}

int lgd_fork_line(struct lg_trace *t, char **tok, int n)
{
	struct lg_fork_rec x = { 0 }, *p;
	unsigned obj;
	long pid;

	if (!strcmp(tok[0], LG_REC_PIPEWAIT) || !strcmp(tok[0], LG_REC_PIPEEND))
		return pipe_line(t, tok, n);

	if (!strcmp(tok[0], LG_REC_FORKBLOCK)) {
		if (n != 3 || !lgd_parse_long_kv(tok[1], "pid", &pid) || !lgd_parse_lid(tok[2], &obj))
			return 0;
		for (size_t i = 0; i < t->nforks; i++) {
			if (t->forks[i].pid == pid && t->forks[i].obj == obj) {
				t->forks[i].child_blocked = true;
				return 1;
			}
		}
		return 0;
	}
	if (n != 8 || !lgd_parse_thread(tok[1], &x.holder) || !lgd_parse_lid(tok[2], &x.obj) ||
	    strncmp(tok[3], "mode=", 5) || strlen(tok[3]) != 6 || !strchr("mrw", tok[3][5]) ||
	    strncmp(tok[4], "by=", 3) || !lgd_parse_thread(tok[4] + 3, &x.by) ||
	    !lgd_parse_long_kv(tok[5], "pid", &x.pid) || x.pid <= 0 ||
	    !lgd_parse_site(tok[6], "f", &x.site) || !lgd_parse_site(tok[7], "hf", &x.hsite))
		return 0;
	x.mode = tok[3][5];
	if (t->nforks >= MAX_FORKS) {
		t->truncated = true;
		return 1;
	}
	if (!(p = lgd_push(&t->forks, &t->nforks, sizeof(*p))))
		return -1;
	*p = x;
	return 1;
}

bool lgd_fork_deadlocked(const struct lg_trace *t)
{
	for (size_t i = 0; i < t->nforks; i++)
		if (t->forks[i].child_blocked)
			return true;
	return false;
}

/* The snapshot's thread waiting for this child (or any child), if any. */
static const struct lg_waiter_rec *parent_waiter(const struct lg_trace *t, long pid)
{
	for (size_t i = 0; i < t->nwaiters; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];

		if (w->state == LGT_BLOCKED && w->wait == LGW_CHILD && (w->pid == pid || w->pid < 0))
			return w;
	}
	return NULL;
}

/* The child as an ellipse, the lock as a box, its holder in the parent; the cycle in red. */
static enum rl_err fork_graph(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, const struct lg_fork_rec *fk,
			      const struct lg_waiter_rec *pw, char **path)
{
	struct graph g = GRAPH_INIT;
	char id[32], label[420], tb[16], where[300];
	struct lgd_place fp = lgd_place_of(a, s, &fk->site), hp = lgd_place_of(a, s, &fk->hsite);
	size_t child, lock, holder, forker;
	enum rl_err e;

	e = graph_set_title(&g, "deadlock: a child of fork() waits for a lock no thread of it holds");
	snprintf(id, sizeof(id), "child %ld", fk->pid);
	snprintf(label, sizeof(label), "child process\n(pid %ld)", fk->pid);
	if (e == RL_ERR_OK)
		e = graph_node_add(&g, id, label, GRAPH_ELLIPSE, GRAPH_RED, &child);
	snprintf(id, sizeof(id), "L%u", fk->obj);
	lgd_obj_short(t, s, a, fk->obj, label, sizeof(label));
	if (e == RL_ERR_OK)
		e = graph_node_add(&g, id, label, GRAPH_BOX, GRAPH_RED, &lock);
	snprintf(id, sizeof(id), "thread %d", fk->holder);
	snprintf(label, sizeof(label), "%s\n(in the parent only)", lgd_tname(fk->holder, tb));
	if (e == RL_ERR_OK)
		e = graph_node_add(&g, id, label, GRAPH_ELLIPSE, GRAPH_DASHED | GRAPH_RED, &holder);
	snprintf(id, sizeof(id), "thread %d", fk->by);
	if (e == RL_ERR_OK)
		e = graph_node_add(&g, id, lgd_tname(fk->by, tb), GRAPH_ELLIPSE, 0, &forker);
	if (e == RL_ERR_OK)
		e = graph_edge_add(&g, child, lock, "waits for", GRAPH_RED);
	snprintf(label, sizeof(label), "held at fork() by\n(%s)", lgd_place_str(&hp, where,
										  sizeof(where)));
	if (e == RL_ERR_OK)
		e = graph_edge_add(&g, lock, holder, label, GRAPH_RED);
	snprintf(label, sizeof(label), "fork()\n%s", lgd_place_str(&fp, where, sizeof(where)));
	if (e == RL_ERR_OK)
		e = graph_edge_add(&g, forker, child, label, GRAPH_DASHED);
	if (e == RL_ERR_OK && pw) {
		struct lgd_place wp = lgd_place_of(a, s, &pw->site);
		size_t waiter;

		snprintf(id, sizeof(id), "thread %d", pw->thread);
		e = graph_node_add(&g, id, lgd_tname(pw->thread, tb), GRAPH_ELLIPSE, 0, &waiter);
		snprintf(label, sizeof(label), "waitpid()\n%s", lgd_place_str(&wp, where,
									       sizeof(where)));
		if (e == RL_ERR_OK)
			e = graph_edge_add(&g, waiter, child, label, GRAPH_RED);
	}
	if (e == RL_ERR_OK)
		e = lgd_draw(&g, a, FK_DEADLOCK, path);
	graph_release(&g);
	return e;
}

static enum rl_err one_fork(const struct lg_trace *t, const struct lg_symbols *s,
			    const struct lg_analysis *a, const struct lg_fork_rec *fk,
			    struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	struct lgd_place fp = lgd_place_of(a, s, &fk->site), hp = lgd_place_of(a, s, &fk->hsite);
	const struct lg_waiter_rec *pw = fk->child_blocked ? parent_waiter(t, fk->pid) : NULL;
	char msg[MSG_LEN] = "", name[400], tb[16], tb2[16], fw[300], hw[300], ww[300];
	char *path = NULL;
	enum rl_err e;

	lgd_obj_name(t, s, a, fk->obj, name, sizeof(name));
	buf_appendf(msg, sizeof(msg), "%s called fork() at %s while %s held %s (locked at %s): the "
		    "child inherits it locked, with no thread that could unlock it",
		    lgd_tname(fk->by, tb), lgd_place_str(&fp, fw, sizeof(fw)),
		    lgd_tname(fk->holder, tb2), name, lgd_place_str(&hp, hw, sizeof(hw)));
	if (fk->child_blocked) {
		buf_appendf(msg, sizeof(msg), ", and the child (pid %ld) blocks on it for ever",
			    fk->pid);
		if (pw) {
			struct lgd_place wp = lgd_place_of(a, s, &pw->site);

			buf_appendf(msg, sizeof(msg), "; %s waits for that child at %s",
				    lgd_tname(pw->thread, tb), lgd_place_str(&wp, ww, sizeof(ww)));
		}
	} else {
		buf_appendf(msg, sizeof(msg), "; the child deadlocks if it ever takes it (this "
			    "run's child did not block on it)");
	}
	e = lgd_add_loc(&f, &fp, fk->by);
	if (e == RL_ERR_OK)
		e = lgd_add_loc(&f, &hp, fk->holder);
	if (e == RL_ERR_OK && fk->child_blocked)
		e = fork_graph(t, s, a, fk, pw, &path);
	if (e != RL_ERR_OK) {
		finding_release(&f);
		free(path);
		return e;
	}
	e = lgd_finish(&f, fk->child_blocked ? FK_DEADLOCK : FK_LOCK_MISUSE, msg, a, path, out);
	free(path);
	/*
	 * Only a warning without the blocked child: fork() then exec() (or _exit()) is correct in a
	 * multithreaded program whatever other threads hold, as the child takes no lock of ours.
	 */
	if (e == RL_ERR_OK && !fk->child_blocked)
		out->items[out->nr - 1].severity = SEV_WARNING;
	return e;
}

/* Who holds the other end of a blocked call's pipe: "itself and child 7". */
static void other_end(const struct lg_trace *t, const struct lg_pipe_rec *w, char *buf,
		      size_t len)
{
	size_t n = 0, k = 0;

	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->npipes; i++) {
			const struct lg_pipe_rec *e = &t->pipes[i];
			bool dup = false;

			if (!e->is_end || e->ino != w->ino || e->wr == w->wr)
				continue;
			for (size_t j = 0; j < i && !dup; j++)
				dup = t->pipes[j].is_end && t->pipes[j].ino == e->ino &&
				      t->pipes[j].wr == e->wr && t->pipes[j].pid == e->pid;
			if (dup)
				continue;
			if (!pass) {
				n++;
				continue;
			}
			k++;
			buf_appendf(buf, len, "%s", k == 1 ? "" : k == n ? " and " : ", ");
			if (e->pid == w->pid)
				buf_appendf(buf, len, "itself");
			else if (e->pid == t->pid)
				buf_appendf(buf, len, "the program (pid %ld)", e->pid);
			else
				buf_appendf(buf, len, "child %ld", e->pid);
		}
	}
	if (!*buf)
		snprintf(buf, len, "nobody");
}

/* The processes and pipes of the knot: a process or thread as an ellipse, a pipe as a box. */
static enum rl_err pipe_graph(const struct lg_trace *t, const struct lg_analysis *a, char **path)
{
	struct graph g = GRAPH_INIT;
	char id[48], label[128], tb[16];
	enum rl_err e = graph_set_title(&g, "deadlock: processes blocked on each other's pipes");

	for (size_t i = 0; i < t->npipes && e == RL_ERR_OK; i++) {
		const struct lg_pipe_rec *p = &t->pipes[i];
		size_t who, pipe;

		snprintf(id, sizeof(id), "pid %ld", p->pid);
		if (p->pid == t->pid)
			snprintf(label, sizeof(label), "the program\n(pid %ld)", p->pid);
		else
			snprintf(label, sizeof(label), "child\n(pid %ld)", p->pid);
		e = graph_node_add(&g, id, label, GRAPH_ELLIPSE, p->is_end ? 0 : GRAPH_RED, &who);
		snprintf(id, sizeof(id), "pipe %lu", p->ino);
		snprintf(label, sizeof(label), "pipe %lu", p->ino);
		if (e == RL_ERR_OK)
			e = graph_node_add(&g, id, label, GRAPH_BOX, 0, &pipe);
		if (e != RL_ERR_OK)
			break;
		if (p->is_end) {
			e = graph_edge_add(&g, pipe, who, p->wr ? "write end held by" :
				"read end held by", GRAPH_DASHED);
			continue;
		}
		snprintf(label, sizeof(label), "%s%s%s()", p->thread >= 0 ? lgd_tname(p->thread, tb) :
			 "", p->thread >= 0 ? " blocks in " : "blocks in ", p->call);
		e = graph_edge_add(&g, who, pipe, label, GRAPH_RED);
	}
	if (e == RL_ERR_OK)
		e = lgd_draw(&g, a, FK_DEADLOCK, path);
	graph_release(&g);
	return e;
}

/*
 * The tracer writes pipewait records only for a knot: every process blocked, and every holder of
 * the other end of each blocked call's pipe among them. So the whole set is one deadlock.
 */
static enum rl_err pipe_findings(const struct lg_trace *t, const struct lg_symbols *s,
				 const struct lg_analysis *a, struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	char msg[MSG_LEN] = "", who[200], ends[200], where[300];
	char tb[16], *path = NULL;
	enum rl_err e = RL_ERR_OK;
	bool any = false;

	for (size_t i = 0; i < t->npipes && e == RL_ERR_OK; i++) {
		const struct lg_pipe_rec *p = &t->pipes[i];

		if (p->is_end)
			continue;
		if (p->thread >= 0)
			snprintf(who, sizeof(who), "%s (pid %ld)", lgd_tname(p->thread, tb), p->pid);
		else
			snprintf(who, sizeof(who), "child %ld", p->pid);
		other_end(t, p, ends, sizeof(ends));
		buf_appendf(msg, sizeof(msg), "%s%s blocks in %s() %s a%s pipe (fd %d)", any ? "; " : "",
			    who, p->call, multi(p) ? (p->wr ? "waiting to write to" : "waiting to read from")
						   : (p->wr ? "to" : "from"),
			    p->wr ? " full" : "n empty", p->fd);
		if (p->site.n) {
			struct lgd_place pl = lgd_place_of(a, s, &p->site);

			buf_appendf(msg, sizeof(msg), " at %s", lgd_place_str(&pl, where,
									    sizeof(where)));
			e = lgd_add_loc(&f, &pl, p->thread);
		}
		buf_appendf(msg, sizeof(msg), " that only blocked processes %s: %s",
			    p->wr ? "read" : "write", ends);
		any = true;
	}
	for (size_t i = 0; i < t->nwaiters && e == RL_ERR_OK; i++) {
		const struct lg_waiter_rec *w = &t->waiters[i];
		struct lgd_place pl;

		if (w->state != LGT_BLOCKED || w->wait != LGW_CHILD)
			continue;
		pl = lgd_place_of(a, s, &w->site);
		buf_appendf(msg, sizeof(msg), "; %s waits for %s at %s", lgd_tname(w->thread, tb),
			    w->pid > 0 ? "its child" : "a child", lgd_place_str(&pl, where,
										    sizeof(where)));
		e = lgd_add_loc(&f, &pl, w->thread);
	}
	if (!any || e != RL_ERR_OK) {
		finding_release(&f);
		return e;
	}
	if ((e = pipe_graph(t, a, &path)) != RL_ERR_OK) {
		finding_release(&f);
		return e;
	}
	e = lgd_finish(&f, FK_DEADLOCK, msg, a, path, out);
	free(path);
	return e;
}

enum rl_err lgd_fork_findings(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, struct finding_list *out)
{
	enum rl_err e = RL_ERR_OK;

	for (size_t i = 0; i < t->nforks && e == RL_ERR_OK; i++) {
		bool dup = false;

		/* One finding per fork site and lock: a loop of forks says it once. */
		for (size_t k = 0; k < i && !dup; k++)
			dup = t->forks[k].obj == t->forks[i].obj &&
			      t->forks[k].site.pc[0] == t->forks[i].site.pc[0] &&
			      t->forks[k].child_blocked == t->forks[i].child_blocked;
		if (!dup)
			e = one_fork(t, s, a, &t->forks[i], out);
	}
	if (e == RL_ERR_OK && t->stuck && t->npipes)
		e = pipe_findings(t, s, a, out);
	return e;
}
