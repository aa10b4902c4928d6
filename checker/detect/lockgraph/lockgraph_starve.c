/* Starvation without a per-program threshold: a wait against the lock's typical hold, the GIL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph_int.h"

/*
 * The manifest's starvation_ms (lockgraph_order.c) needs someone to know how long is too long for
 * one program. These rules judge a wait against the program's own lock instead (the tracer's
 * "slowwait", "cpuhold" and "holds" records, tracer/starve.c):
 *
 * (a) Barging: a wait W on lock L with W >= max(HOLD_FACTOR x L's mean hold, FLOOR_MS) while
 *     other threads took L at least max(MIN_OVERTAKES, OVERTAKES_PER_THREAD x other threads)
 *     times. A FIFO lock makes a waiter wait about one hold per thread queued ahead of it, so
 *     waiting twenty typical holds while being overtaken several times per other thread is the
 *     lock (or its users) passing the waiter over, not a queue. It covers a blocking wait, a
 *     writer behind overlapping readers of a reader-preferring rwlock (the readers' read holds
 *     are the overtakes) and a trylock-with-backoff loop (a wait made of failed tries).
 * (b) GIL: one holder took L for at least GIL_MIN_HOLDS CPU stretches (holds of LG_CPUHOLD_MS or
 *     more in which it never blocked), its median hold of L is longer than LG_CPUHOLD_MS (holding
 *     L through computation is what it does, not a hold the 20 ms tick stretched on a loaded
 *     machine), and at the end of one stretch another thread had been waiting for L for
 *     GIL_MIN_WAIT_MS or more: a lock held through computation that a waiter needs.
 *     20 ms is several time slices of the kernel's scheduler (CFS targets 6-24 ms per round),
 *     so the wait is the lock's doing, not the CPU's.
 *
 * (c) A lock kept busy against a trylock loop: thread W's trylock loops on L that ended in a
 *     success failed TRY_MIN_FAILS times or more, took TRY_MIN_WINDOW_MS or more in all, others
 *     held L for at least TRY_BUSY_PERCENT of that time (timed exactly, tracer/starve.c) and took
 *     it again at least once per failed try. A backoff loop then gets in only when a try happens
 *     to land in the moment L is free: how long W waits is luck (3 rounds in 14 ms one run,
 *     540 ms the next, for tests/analyze/starve_spin_backoff.c), so rule (a) alone found it in
 *     some analyses only, but the lock's busy share (98-99% in every run measured) is not luck.
 *     One long hold that a loop waits out is taken once, not once per try, so it stays out.
 *
 * Measured (tests/analyze, 2-core VM under load, tracer on): the starving programs' waits are
 * 540-600 ms with 171 overtakes by 3 readers and 21224 by 1 spinner, their locks' mean hold
 * under 10 ms; the GIL's holder re-takes it 12 times for 40-68 ms while the I/O thread waits
 * 20-61 ms (0 ms in a run where it happens to take the lock first). The race-free programs
 * (pools, bounded queues, short readers-writers) wait at most 4 ms with 18 overtakes, and their
 * rare "CPU stretches" of 20-40 ms are the 20 ms tick's rounding with nobody waiting. FLOOR_MS
 * keeps scheduler noise on a loaded machine (a waiter descheduled for tens of ms while others
 * run) out; at 200 ms it is a third of the shortest starving wait measured. A manifest that
 * sets starvation_ms (any value other than the default) replaces FLOOR_MS: its author knows the
 * program's budget.
 */

#define MSG_LEN 1024
#define HOLD_FACTOR 20          /* typical holds a waiter may wait */
#define FLOOR_MS 200            /* no wait shorter than this is starvation by rule (a) */
#define MIN_OVERTAKES 10
#define OVERTAKES_PER_THREAD 4
#define TRY_MIN_FAILS 8
#define TRY_MIN_WINDOW_MS 5
#define TRY_BUSY_PERCENT 90
#define GIL_MIN_HOLDS 3
#define GIL_MIN_WAIT_MS 20

static bool parse_lid(const char *s, unsigned *id)
{
	unsigned long v;

	if (s[0] != 'L' || !lgd_parse_ulong(s + 1, 10, 1ul << 24, &v) || v == 0)
		return false;
	*id = (unsigned)v;
	return true;
}

/* "T1:5,T2:7" or "-". */
static bool parse_by(const char *tok, struct lg_event_rec *x)
{
	char buf[256], *save = NULL, *p;

	if (strncmp(tok, "by=", 3) || strlen(tok + 3) >= sizeof(buf))
		return false;
	strcpy(buf, tok + 3);
	if (!strcmp(buf, "-"))
		return true;
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(p, ':');
		unsigned long n;

		if (!colon || x->nby >= LG_TAKERS)
			return false;
		*colon = '\0';
		if (!lgd_parse_thread(p, &x->by_thread[x->nby]) ||
		    !lgd_parse_ulong(colon + 1, 10, 1ul << 40, &n))
			return false;
		x->by_n[x->nby++] = (long)n;
	}
	return true;
}

static int holds_line(struct lg_trace *t, char **tok, int n)
{
	long h[LG_HOLD_BUCKETS];
	char buf[256], *save = NULL, *p;
	unsigned obj;
	int thread, nb = 0;
	struct lg_holds_rec *r = NULL;

	if (n != 4 || !parse_lid(tok[1], &obj) || !lgd_parse_thread(tok[2], &thread) ||
	    strncmp(tok[3], "h=", 2) || strlen(tok[3] + 2) >= sizeof(buf))
		return 0;
	strcpy(buf, tok[3] + 2);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		unsigned long v;

		if (nb >= LG_HOLD_BUCKETS || !lgd_parse_ulong(p, 10, 1ul << 40, &v))
			return 0;
		h[nb++] = (long)v;
	}
	if (nb != LG_HOLD_BUCKETS)
		return 0;
	/* Per lock and thread (a slot reused after a join writes its number again: summed). */
	for (size_t i = 0; i < t->nholds && !r; i++)
		if (t->holds[i].obj == obj && t->holds[i].thread == thread)
			r = &t->holds[i];
	if (!r) {
		if (!(r = lgd_push(&t->holds, &t->nholds, sizeof(*r))))
			return t->nholds ? 1 : -1; /* at the records' limit: the line is dropped */
		r->obj = obj;
		r->thread = thread;
	}
	for (int b = 0; b < LG_HOLD_BUCKETS; b++)
		r->n[b] += h[b];
	return 1;
}

int lgd_starve_line(struct lg_trace *t, char **tok, int n)
{
	struct lg_event_rec x = { 0 }, *p;

	if (!strcmp(tok[0], LG_REC_HOLDS))
		return holds_line(t, tok, n);
	if (n < 3 || !parse_lid(tok[1], &x.obj) || !lgd_parse_thread(tok[2], &x.thread))
		return 0;
	x.waiter = -1;
	if (!strcmp(tok[0], LG_REC_SLOWWAIT)) {
		if (n != 8 || !lgd_num_kv(tok[3], "ms", &x.ms) || !lgd_num_kv(tok[4], "tries", &x.tries) ||
		    !lgd_num_kv(tok[5], "overtakes", &x.overtakes) || !parse_by(tok[6], &x) ||
		    !lgd_parse_site(tok[7], "f", &x.site))
			return 0;
		x.kind = LGE_SLOWWAIT;
	} else if (!strcmp(tok[0], LG_REC_TRYWAIT)) {
		if (n != 9 || !lgd_num_kv(tok[3], "loops", &x.loops) ||
		    !lgd_num_kv(tok[4], "fails", &x.tries) || !lgd_num_kv(tok[5], "us", &x.window_us) ||
		    !lgd_num_kv(tok[6], "heldus", &x.held_us) ||
		    !lgd_num_kv(tok[7], "overtakes", &x.overtakes) ||
		    !lgd_parse_site(tok[8], "f", &x.site))
			return 0;
		x.kind = LGE_TRYWAIT;
	} else if (!strcmp(tok[0], LG_REC_CPUHOLD)) {
		if (n != 7 || !lgd_num_kv(tok[3], "ms", &x.ms) || strncmp(tok[4], "waiter=", 7) ||
		    (strcmp(tok[4] + 7, "-") && !lgd_parse_thread(tok[4] + 7, &x.waiter)) ||
		    !lgd_num_kv(tok[5], "waited", &x.waited_ms) || !lgd_parse_site(tok[6], "f", &x.site))
			return 0;
		x.kind = LGE_CPUHOLD;
	} else {
		return 0;
	}
	if (!(p = lgd_push(&t->events, &t->nevents, sizeof(*p)))) {
		t->truncated = true;
		return 1;
	}
	*p = x;
	return 1;
}

static bool listed(const unsigned *ids, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/*
 * The mean of obj's holds in microseconds, from the buckets. Holds are read off the tracer's 20 ms
 * tick, so a 10 ms hold is recorded as 0 or 20 ms about equally often: the median of such holds
 * is a coin toss between two buckets (and it swung rule (a)'s bound between 200 and 800 ms from
 * one run to the next), while their mean is the true mean. A bucket [lo, 2 lo) of multiples of
 * 20 ms averages 1.5 lo - 10 ms; bucket 0 counts as 0.
 */
static long mean_hold_us(const struct lg_trace *t, unsigned obj)
{
	double sum = 0, n = 0;

	for (size_t i = 0; i < t->nholds; i++) {
		if (t->holds[i].obj != obj)
			continue;
		for (int b = 0; b < LG_HOLD_BUCKETS; b++) {
			double lo = b ? 10.0 * (double)(1 << (b - 1)) : 0;

			n += (double)t->holds[i].n[b];
			if (b)
				sum += (double)t->holds[i].n[b] * (1.5 * lo - 10);
		}
	}
	return n > 0 ? (long)(sum * 1000 / n) : 0;
}

/*
 * The upper edge (ms) of the bucket holding the median of obj's holds, by thread (any: -1);
 * 10 ms when nothing is known.
 */
static long median_hold_ms(const struct lg_trace *t, unsigned obj, int thread)
{
	long n[LG_HOLD_BUCKETS] = { 0 }, total = 0, run = 0, edge = 10;

	for (size_t i = 0; i < t->nholds; i++) {
		if (t->holds[i].obj != obj || (thread >= 0 && t->holds[i].thread != thread))
			continue;
		for (int b = 0; b < LG_HOLD_BUCKETS; b++) {
			n[b] += t->holds[i].n[b];
			total += t->holds[i].n[b];
		}
	}
	for (int b = 0; b < LG_HOLD_BUCKETS; b++, edge *= 2) {
		run += n[b];
		if (total && 2 * run >= total)
			break;
	}
	return total ? edge : 10;
}

/* Whether the manifest's threshold rule (lockgraph_order.c) already reported this lock. */
static bool threshold_rule_fired(const struct lg_trace *t, const struct lg_analysis *a,
				 unsigned obj)
{
	for (size_t i = 0; i < t->nevents; i++) {
		const struct lg_event_rec *e = &t->events[i];

		if ((e->kind == LGE_STARVE || e->kind == LGE_LONGWAIT || e->kind == LGE_STAT) &&
		    e->obj == obj && e->ms >= a->limits.starvation_ms &&
		    e->overtakes >= LG_STARVE_MIN_OVERTAKES)
			return true;
	}
	return false;
}

/* Rule (a): the longest qualifying wait on obj, or NULL. */
static const struct lg_event_rec *barged_wait(const struct lg_trace *t, unsigned obj,
					      long floor_ms)
{
	const struct lg_event_rec *worst = NULL;
	long bound = HOLD_FACTOR * mean_hold_us(t, obj) / 1000;

	if (bound < floor_ms)
		bound = floor_ms;
	for (size_t i = 0; i < t->nevents; i++) {
		const struct lg_event_rec *e = &t->events[i];
		long others = t->max_threads > 1 ? t->max_threads - 1 : e->nby;
		long need = OVERTAKES_PER_THREAD * others;

		if (need < MIN_OVERTAKES)
			need = MIN_OVERTAKES;
		if (e->kind != LGE_SLOWWAIT || e->obj != obj || e->ms < bound || e->overtakes < need)
			continue;
		if (!worst || e->ms > worst->ms)
			worst = e;
	}
	return worst;
}

/* "its holds last 12 ms on average" or "its holds last under 1 ms on average". */
static const char *mean_hold_str(long us, char *buf, size_t len)
{
	if (us < 1000)
		snprintf(buf, len, "its holds last under 1 ms on average");
	else
		snprintf(buf, len, "its holds last %ld ms on average", us / 1000);
	return buf;
}

static enum rl_err report_barged(const struct lg_trace *t, const struct lg_symbols *s,
				 const struct lg_analysis *a, const struct lg_event_rec *w,
				 struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	char msg[MSG_LEN] = "", name[400], where[300], tb[16], hold[64];
	struct lgd_place p = lgd_place_of(a, s, &w->site);
	enum rl_err e;

	lgd_obj_name(t, s, a, w->obj, name, sizeof(name));
	buf_appendf(msg, sizeof(msg), "%s waited %ld ms for %s at %s", lgd_tname(w->thread, tb),
		    w->ms, name, lgd_place_str(&p, where, sizeof(where)));
	if (w->tries)
		buf_appendf(msg, sizeof(msg), " (%ld failed trylocks, backing off between them)",
			    w->tries);
	buf_appendf(msg, sizeof(msg), " while other threads took it %ld times", w->overtakes);
	for (int i = 0; i < w->nby; i++)
		buf_appendf(msg, sizeof(msg), "%s%s %ld", i ? ", " : " (",
			    lgd_tname(w->by_thread[i], tb), w->by_n[i]);
	buf_appendf(msg, sizeof(msg), "%s; %s", w->nby ? ")" : "",
		    mean_hold_str(mean_hold_us(t, w->obj), hold, sizeof(hold)));
	if ((e = lgd_add_loc(&f, &p, w->thread)) != RL_ERR_OK) {
		finding_release(&f);
		return e;
	}
	return lgd_finish(&f, FK_STARVATION, msg, a, NULL, out);
}

/* Rule (c): the trylock summary of obj that qualifies with the most failed tries, or NULL. */
static const struct lg_event_rec *busy_trywait(const struct lg_trace *t, unsigned obj)
{
	const struct lg_event_rec *worst = NULL;

	for (size_t i = 0; i < t->nevents; i++) {
		const struct lg_event_rec *e = &t->events[i];

		if (e->kind != LGE_TRYWAIT || e->obj != obj || e->tries < TRY_MIN_FAILS ||
		    e->window_us < TRY_MIN_WINDOW_MS * 1000L ||
		    e->held_us * 100 < e->window_us * TRY_BUSY_PERCENT || e->overtakes < e->tries)
			continue;
		if (!worst || e->tries > worst->tries)
			worst = e;
	}
	return worst;
}

static enum rl_err report_busy(const struct lg_trace *t, const struct lg_symbols *s,
			       const struct lg_analysis *a, const struct lg_event_rec *w,
			       struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	char msg[MSG_LEN] = "", name[400], where[300], tb[16];
	struct lgd_place p = lgd_place_of(a, s, &w->site);
	long busy = w->window_us ? w->held_us * 100 / w->window_us : 0;
	enum rl_err e;

	lgd_obj_name(t, s, a, w->obj, name, sizeof(name));
	buf_appendf(msg, sizeof(msg), "%s made %ld failed trylocks of %s at %s: in the %ld ms it "
		    "spent trying, other threads held it %ld%% of the time and took it again %ld "
		    "times, so a thread that backs off between tries gets in only when a try happens "
		    "to land in the moment it is free (a fair lock or a blocking wait would give it a "
		    "turn)", lgd_tname(w->thread, tb), w->tries, name,
		    lgd_place_str(&p, where, sizeof(where)), (w->window_us + 500) / 1000,
		    busy > 100 ? 100 : busy, w->overtakes);
	if ((e = lgd_add_loc(&f, &p, w->thread)) != RL_ERR_OK) {
		finding_release(&f);
		return e;
	}
	return lgd_finish(&f, FK_STARVATION, msg, a, NULL, out);
}

/* Rule (b): for obj, the holder with GIL_MIN_HOLDS CPU stretches and its longest-waiting victim. */
static enum rl_err gil_rule(const struct lg_trace *t, const struct lg_symbols *s,
			    const struct lg_analysis *a, unsigned obj, struct finding_list *out)
{
	for (size_t i = 0; i < t->nevents; i++) {
		const struct lg_event_rec *h = &t->events[i], *victim = NULL;
		long n = 0, lo = 0, hi = 0;
		bool first = true;

		if (h->kind != LGE_CPUHOLD || h->obj != obj)
			continue;
		for (size_t j = 0; j < t->nevents; j++) {
			const struct lg_event_rec *o = &t->events[j];

			if (o->kind != LGE_CPUHOLD || o->obj != obj || o->thread != h->thread)
				continue;
			if (j < i)
				first = false;
			n++;
			lo = !lo || o->ms < lo ? o->ms : lo;
			hi = o->ms > hi ? o->ms : hi;
			if (o->waiter >= 0 && o->waiter != o->thread &&
			    (!victim || o->waited_ms > victim->waited_ms))
				victim = o;
		}
		if (!first || n < GIL_MIN_HOLDS || !victim || victim->waited_ms < GIL_MIN_WAIT_MS ||
		    median_hold_ms(t, obj, h->thread) <= LG_CPUHOLD_MS)
			continue;
		{
			struct finding f = FINDING_INIT;
			char msg[MSG_LEN] = "", name[400], where[300], tb[16], tb2[16];
			struct lgd_place p = lgd_place_of(a, s, &victim->site);
			enum rl_err e;

			lgd_obj_name(t, s, a, obj, name, sizeof(name));
			buf_appendf(msg, sizeof(msg), "%s waited %ld ms for %s while %s held it through "
				    "CPU stretches of %ld-%ld ms without blocking, %ld times (taken at "
				    "%s): a lock held through computation that another thread needs",
				    lgd_tname(victim->waiter, tb), victim->waited_ms, name,
				    lgd_tname(h->thread, tb2), lo, hi, n,
				    lgd_place_str(&p, where, sizeof(where)));
			if ((e = lgd_add_loc(&f, &p, h->thread)) != RL_ERR_OK) {
				finding_release(&f);
				return e;
			}
			return lgd_finish(&f, FK_STARVATION, msg, a, NULL, out);
		}
	}
	return RL_ERR_OK;
}

static bool starve_evidence(enum lg_event_kind k)
{
	return k == LGE_SLOWWAIT || k == LGE_CPUHOLD || k == LGE_TRYWAIT;
}

enum rl_err lgd_starve_rules(const struct lg_trace *t, const struct lg_symbols *s,
			     const struct lg_analysis *a, long default_starve_ms,
			     const unsigned *deadlocked, size_t ndeadlocked,
			     struct finding_list *out)
{
	long floor_ms = a->limits.starvation_ms > 0 && a->limits.starvation_ms != default_starve_ms
				? a->limits.starvation_ms
				: FLOOR_MS;
	enum rl_err e = RL_ERR_OK;

	/* One finding per lock, at its first record; a lock the threshold rule named is done. */
	for (size_t i = 0; i < t->nevents && e == RL_ERR_OK; i++) {
		const struct lg_event_rec *ev = &t->events[i], *w;
		bool seen = false;

		if (!starve_evidence(ev->kind))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = starve_evidence(t->events[j].kind) && t->events[j].obj == ev->obj;
		if (seen || listed(deadlocked, ndeadlocked, ev->obj) ||
		    threshold_rule_fired(t, a, ev->obj))
			continue;
		if ((w = barged_wait(t, ev->obj, floor_ms)))
			e = report_barged(t, s, a, w, out);
		else if ((w = busy_trywait(t, ev->obj)))
			e = report_busy(t, s, a, w, out);
		else
			e = gil_rule(t, s, a, ev->obj, out);
	}
	return e;
}
