/* Reading the lock tracer's output file into records (symbols: lockgraph_symbols.c). */
#include "lockgraph.h"
#include "lockgraph_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

/*
 * Records kept per kind. The tracer's own tables hold at most 4096 objects and 8192 edges, so a
 * real trace stays far below this; a trace the program forged or flooded (it can find the file
 * through /proc/self/fd) is cut here and marked truncated, which also bounds the parser's and the
 * analysis's quadratic passes (objects by id, waits against waits) to well under a second.
 */
#define MAX_RECORDS 16384
#define MAX_ID 10000000
#define MAX_TOKENS 16

/* array_push() bounded by the records a trace may hold (MAX_RECORDS). */
void *lgd_push(void *arr_ptr, size_t *n, size_t sz)
{
	return array_push(arr_ptr, n, sz, MAX_RECORDS);
}

bool lgd_parse_ulong(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

bool lgd_num_kv(const char *tok, const char *key, long *out)
{
	size_t kl = strlen(key);
	unsigned long v;

	if (strncmp(tok, key, kl) || tok[kl] != '=' ||
	    !lgd_parse_ulong(tok + kl + 1, 10, 1ul << 40, &v))
		return false;
	*out = (long)v;
	return true;
}

static bool parse_long_kv(const char *tok, const char *key, long *out)
{
	size_t kl = strlen(key);
	unsigned long v;

	if (strncmp(tok, key, kl) || tok[kl] != '=')
		return false;
	if (!strcmp(tok + kl + 1, "-1")) {
		*out = -1;
		return true;
	}
	if (!lgd_parse_ulong(tok + kl + 1, 10, LONG_MAX, &v))
		return false;
	*out = (long)v;
	return true;
}

static const char *kv(const char *tok, const char *key)
{
	size_t kl = strlen(key);

	return strncmp(tok, key, kl) || tok[kl] != '=' ? NULL : tok + kl + 1;
}

static bool parse_thread(const char *s, int *num)
{
	unsigned long v;

	if (!strcmp(s, "main")) {
		*num = 0;
		return true;
	}
	if (s[0] != 'T' || !lgd_parse_ulong(s + 1, 10, MAX_ID, &v) || v == 0)
		return false;
	*num = (int)v;
	return true;
}

static bool parse_lid(const char *s, unsigned *id)
{
	unsigned long v;

	if (s[0] != 'L' || !lgd_parse_ulong(s + 1, 10, MAX_ID, &v) || v == 0)
		return false;
	*id = (unsigned)v;
	return true;
}

/* "-" or "a,b,c" in hex, at most LG_SITE_FRAMES. */
static bool parse_site(const char *tok, const char *key, struct lg_site *site)
{
	const char *v = kv(tok, key);
	char buf[32];

	memset(site, 0, sizeof(*site));
	if (!v)
		return false;
	if (!strcmp(v, "-"))
		return true;
	while (*v) {
		size_t n = strcspn(v, ",");
		unsigned long pc;

		if (n == 0 || n >= sizeof(buf) || site->n == LG_SITE_FRAMES)
			return false;
		memcpy(buf, v, n);
		buf[n] = '\0';
		if (!lgd_parse_ulong(buf, 16, ULONG_MAX, &pc) || pc == 0)
			return false;
		site->pc[site->n++] = pc;
		v += n;
		if (*v == ',' && !*++v)
			return false;
	}
	return true;
}

static bool parse_mode(char c)
{
	return c == 'm' || c == 'r' || c == 'w';
}

static int kind_from_name(const char *s)
{
	static const char *const names[] = {
#define LGK_NAME(id, name) name,
		LG_WIRE_OBJ_KINDS(LGK_NAME)
#undef LGK_NAME
	};

	for (int i = 0; i < LGK__COUNT; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int wait_from_name(const char *s)
{
	static const char *const names[] = {
#define LGW_NAME(id, name) name,
		LG_WIRE_WAITS(LGW_NAME)
#undef LGW_NAME
	};

	for (int i = 0; i < LGW__COUNT; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* Optional obj reference: "-" is 0. */
static bool parse_opt_lid(const char *v, unsigned *id)
{
	if (!v)
		return false;
	if (!strcmp(v, "-")) {
		*id = 0;
		return true;
	}
	return parse_lid(v, id);
}

#define NEED(cond) do { if (!(cond)) return 0; } while (0)

/* Returns 1 parsed, 0 malformed, -1 out of memory. */
/* "ev SEQ NS THREAD TYPE L|- ARG PC|-": one event of the log, kept in t->tl. */
static int parse_ev(struct lg_trace *t, char **tok, int n)
{
	static const char *const types[] = {
#define LG_EV_NAME(id, name) name,
		LG_WIRE_EVENTS(LG_EV_NAME)
#undef LG_EV_NAME
	};
	struct lg_tl_rec x = { 0 }, *p;
	unsigned long seq, ns, arg, pc = 0;

	NEED(n == 8 && lgd_parse_ulong(tok[1], 10, ULONG_MAX, &seq) &&
	     lgd_parse_ulong(tok[2], 10, ULONG_MAX, &ns) && parse_thread(tok[3], &x.thread) &&
	     lgd_parse_ulong(tok[6], 10, 65535, &arg) &&
	     (!strcmp(tok[5], "-") || parse_lid(tok[5], &x.obj)) &&
	     (!strcmp(tok[7], "-") || lgd_parse_ulong(tok[7], 16, ULONG_MAX, &pc)));
	x.type = -1;
	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (!strcmp(tok[4], types[i]))
			x.type = (int)i;
	NEED(x.type >= 0);
	x.seq = seq;
	x.ns = ns;
	x.arg = (unsigned)arg;
	if (pc) {
		x.site.pc[0] = pc;
		x.site.n = 1;
	}
	if (!(p = lgd_push(&t->tl, &t->ntl, sizeof(*p))))
		return t->ntl >= MAX_RECORDS ? 1 : -1;
	*p = x;
	return 1;
}

static int parse_line(struct lg_trace *t, char **tok, int n)
{
	const char *r = tok[0];

	if (!strcmp(r, LG_REC_CONFIG)) {
		NEED(n == 5 && parse_long_kv(tok[1], "seed", &t->seed) &&
		     parse_long_kv(tok[2], "hang_ms", &t->hang_ms) &&
		     parse_long_kv(tok[3], "starve_ms", &t->starve_ms) &&
		     parse_long_kv(tok[4], "hold_ms", &t->hold_ms));
	} else if (!strcmp(r, LG_REC_EXE) || !strcmp(r, LG_REC_FORK) || !strcmp(r, LG_REC_NOWATCHDOG) ||
		   !strcmp(r, LG_REC_CALLS)) {
		/* informational: the load bias, forks, per-wrapper call counts */
	} else if (!strcmp(r, LG_REC_MAXTHREADS)) {
		unsigned long v;

		NEED(n == 2 && lgd_parse_ulong(tok[1], 10, MAX_ID, &v));
		if ((int)v > t->max_threads)
			t->max_threads = (int)v;
	} else if (!strcmp(r, LG_REC_THREAD)) {
		struct lg_thread_rec x = { 0 };

		NEED(n == 4 && parse_thread(tok[1], &x.num) && kv(tok[2], "parent") &&
		     parse_thread(kv(tok[2], "parent"), &x.parent) && parse_site(tok[3], "f", &x.site));
		if (t->nthreads >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_thread_rec *p = lgd_push(&t->threads, &t->nthreads, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_EXIT)) {
		int num;

		NEED(n == 2 && parse_thread(tok[1], &num));
		for (size_t i = 0; i < t->nthreads; i++)
			if (t->threads[i].num == num)
				t->threads[i].exited = true;
	} else if (!strcmp(r, LG_REC_OBJ)) {
		struct lg_obj_rec x = { 0 };
		unsigned long a;
		int k;

		NEED(n == 5 && parse_lid(tok[1], &x.id) && (k = kind_from_name(tok[2])) >= 0);
		x.kind = (enum lg_obj_kind)k;
		if (kv(tok[3], "exe")) {
			NEED(lgd_parse_ulong(kv(tok[3], "exe"), 16, ULONG_MAX, &a));
			x.in_exe = true;
		} else {
			NEED(kv(tok[3], "addr") && lgd_parse_ulong(kv(tok[3], "addr"), 16, ULONG_MAX, &a));
		}
		x.addr = a;
		NEED(parse_site(tok[4], "f", &x.site));
		NEED(!lg_trace_obj(t, x.id)); /* an id is announced once */
		if (t->nobjs >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_obj_rec *p = lgd_push(&t->objs, &t->nobjs, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_BARRIER)) {
		unsigned id;
		long c;

		NEED(n == 3 && parse_lid(tok[1], &id) && parse_long_kv(tok[2], "count", &c) && c >= 0);
		if (++t->barrier_lines > MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		for (size_t i = 0; i < t->nobjs; i++)
			if (t->objs[i].id == id)
				t->objs[i].barrier_count = (int)(c > INT_MAX ? INT_MAX : c);
	} else if (!strcmp(r, LG_REC_EDGE)) {
		struct lg_edge_rec x = { 0 };
		const char *m, *g;

		NEED(n == 8 && parse_lid(tok[1], &x.from) && parse_lid(tok[2], &x.to) &&
		     x.from != x.to && parse_thread(tok[3], &x.thread));
		m = kv(tok[4], "mode");
		NEED(m && strlen(m) == 2 && parse_mode(m[0]) && parse_mode(m[1]));
		x.from_mode = m[0];
		x.to_mode = m[1];
		g = kv(tok[5], "gates");
		NEED(g);
		if (strcmp(g, "-")) {
			while (*g) {
				char buf[16];
				size_t len = strcspn(g, ",");

				NEED(len >= 3 && len < sizeof(buf) && x.ngates < LG_GATES);
				memcpy(buf, g, len);
				buf[len] = '\0';
				NEED(parse_mode(buf[len - 1]));
				x.gate_modes[x.ngates] = buf[len - 1];
				buf[len - 1] = '\0';
				NEED(parse_lid(buf, &x.gates[x.ngates]));
				x.ngates++;
				g += len;
				if (*g == ',')
					NEED(*++g);
			}
		}
		NEED(parse_site(tok[6], "ff", &x.from_site) && parse_site(tok[7], "tf", &x.to_site));
		if (t->nedges >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_edge_rec *p = lgd_push(&t->edges, &t->nedges, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_STUCK)) {
		long live;

		NEED(n == 3 && parse_long_kv(tok[1], "ms", &t->stuck_ms) &&
		     parse_long_kv(tok[2], "live", &live));
		t->stuck = true;
	} else if (!strcmp(r, LG_REC_THR)) {
		struct lg_waiter_rec x = { .target = -1 };
		const char *st;

		NEED(t->stuck && !t->snapshot_complete && n >= 3 && parse_thread(tok[1], &x.thread));
		st = kv(tok[2], "state");
		NEED(st);
		if (!strcmp(st, "running")) {
			NEED(n == 3);
			x.state = LGT_RUNNING;
		} else if (!strcmp(st, "exited")) {
			NEED(n == 3);
			x.state = LGT_EXITED;
		} else {
			int w, i = 8;
			long v;

			NEED(!strcmp(st, "blocked") && n >= 10);
			x.state = LGT_BLOCKED;
			NEED(kv(tok[3], "wait") && (w = wait_from_name(kv(tok[3], "wait"))) > 0);
			x.wait = (enum lg_wait_kind)w;
			NEED(parse_opt_lid(kv(tok[4], "obj"), &x.obj) &&
			     parse_opt_lid(kv(tok[5], "mutex"), &x.mutex) && kv(tok[6], "target"));
			if (strcmp(kv(tok[6], "target"), "-"))
				NEED(parse_thread(kv(tok[6], "target"), &x.target));
			NEED(parse_long_kv(tok[7], "timed", &v) && (v == 0 || v == 1));
			x.timed = v;
			if (x.wait == LGW_SEM && i < n && kv(tok[i], "value")) {
				NEED(parse_long_kv(tok[i++], "value", &v));
				x.sem_value = (int)(v > INT_MAX ? INT_MAX : v);
			}
			if (x.wait == LGW_BARRIER && i < n && kv(tok[i], "count")) {
				NEED(parse_long_kv(tok[i++], "count", &v));
				x.barrier_count = (int)(v > INT_MAX ? INT_MAX : v);
			}
			x.pid = -1;
			if (x.wait == LGW_CHILD && i < n && kv(tok[i], "pid"))
				NEED(parse_long_kv(tok[i++], "pid", &x.pid));
			NEED(i + 2 == n && parse_long_kv(tok[i], "ms", &x.ms) &&
			     parse_site(tok[i + 1], "f", &x.site));
		}
		if (t->nwaiters >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_waiter_rec *p = lgd_push(&t->waiters, &t->nwaiters, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_HELD)) {
		struct lg_held_rec x = { 0 };
		const char *m;

		NEED(t->stuck && !t->snapshot_complete && n == 5 && parse_thread(tok[1], &x.thread) &&
		     parse_lid(tok[2], &x.obj));
		m = kv(tok[3], "mode");
		/* 's': a token of a semaphore used as a lock (the tracer's sem_tokens.h). */
		NEED(m && strlen(m) == 1 && (parse_mode(m[0]) || m[0] == 's') &&
		     parse_site(tok[4], "f", &x.site));
		x.mode = m[0];
		if (t->nheld >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_held_rec *p = lgd_push(&t->held, &t->nheld, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_SNAPEND)) {
		NEED(t->stuck && n == 1);
		t->snapshot_complete = true;
	} else if (!strcmp(r, LG_REC_STARVE) || !strcmp(r, LG_REC_LONGWAIT) || !strcmp(r, LG_REC_STAT) ||
		   !strcmp(r, LG_REC_BLOCKHELD) || !strcmp(r, LG_REC_MISUSE)) {
		struct lg_event_rec x = { 0 };

		if (!strcmp(r, LG_REC_MISUSE)) {
			NEED(n == 5 && strlen(tok[1]) < sizeof(x.what) &&
			     strspn(tok[1], "abcdefghijklmnopqrstuvwxyz-") == strlen(tok[1]) &&
			     parse_thread(tok[2], &x.thread) && parse_lid(tok[3], &x.obj) &&
			     parse_site(tok[4], "f", &x.site));
			x.kind = LGE_MISUSE;
			strcpy(x.what, tok[1]);
		} else {
			NEED(n >= 3 && parse_lid(tok[1], &x.obj) && parse_thread(tok[2], &x.thread));
			if (!strcmp(r, LG_REC_STARVE)) {
				NEED(n == 7 && kv(tok[3], "wait") && wait_from_name(kv(tok[3], "wait")) > 0 &&
				     parse_long_kv(tok[4], "ms", &x.ms) &&
				     parse_long_kv(tok[5], "overtakes", &x.overtakes) &&
				     parse_site(tok[6], "f", &x.site));
				x.kind = LGE_STARVE;
			} else if (!strcmp(r, LG_REC_LONGWAIT)) {
				NEED(n == 6 && parse_long_kv(tok[3], "ms", &x.ms) &&
				     parse_long_kv(tok[4], "overtakes", &x.overtakes) &&
				     parse_site(tok[5], "f", &x.site));
				x.kind = LGE_LONGWAIT;
			} else if (!strcmp(r, LG_REC_STAT)) {
				long us, sum, hold;

				NEED(n == 8 && parse_long_kv(tok[3], "acq", &x.acq) &&
				     parse_long_kv(tok[4], "maxwait_us", &us) &&
				     parse_long_kv(tok[5], "overtakes", &x.overtakes) &&
				     parse_long_kv(tok[6], "waitsum_us", &sum) &&
				     parse_long_kv(tok[7], "maxhold_us", &hold));
				x.kind = LGE_STAT;
				x.ms = us / 1000;
				x.hold_ms = hold / 1000;
			} else {
				const char *c;

				NEED(n == 8 && (c = kv(tok[3], "call")) && strlen(c) < sizeof(x.what) &&
				     strspn(c, "abcdefghijklmnopqrstuvwxyz()") == strlen(c) &&
				     parse_long_kv(tok[4], "ms", &x.ms) &&
				     parse_long_kv(tok[5], "waiters", &x.waiters) &&
				     parse_site(tok[6], "f", &x.site) && parse_site(tok[7], "hf", &x.site2));
				strcpy(x.what, c);
				x.kind = LGE_BLOCKHELD;
			}
		}
		if (t->nevents >= MAX_RECORDS) {
			t->truncated = true;
			return 1;
		}
		struct lg_event_rec *p = lgd_push(&t->events, &t->nevents, sizeof(*p));
		if (!p)
			return -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_EVINFO)) {
		unsigned long tot, kept;

		NEED(n == 3 && kv(tok[1], "total") && kv(tok[2], "kept") &&
		     lgd_parse_ulong(kv(tok[1], "total"), 10, ULONG_MAX, &tot) &&
		     lgd_parse_ulong(kv(tok[2], "kept"), 10, ULONG_MAX, &kept));
		t->tl_total = tot;
		t->tl_kept = kept;
	} else if (!strcmp(r, LG_REC_EVCOUNT)) {
		struct lg_tl_count x = { 0 }, *p;
		unsigned long a, b, c;

		NEED(n == 5 && parse_thread(tok[1], &x.thread) && kv(tok[2], "events") &&
		     kv(tok[3], "acq") && kv(tok[4], "wait") &&
		     lgd_parse_ulong(kv(tok[2], "events"), 10, ULONG_MAX, &a) &&
		     lgd_parse_ulong(kv(tok[3], "acq"), 10, ULONG_MAX, &b) &&
		     lgd_parse_ulong(kv(tok[4], "wait"), 10, ULONG_MAX, &c));
		x.events = a;
		x.acq = b;
		x.waits = c;
		if (!(p = lgd_push(&t->tlc, &t->ntlc, sizeof(*p))))
			return t->ntlc >= MAX_RECORDS ? 1 : -1;
		*p = x;
	} else if (!strcmp(r, LG_REC_EV)) {
		return parse_ev(t, tok, n);
	} else if (!strcmp(r, LG_REC_FORKHELD) || !strcmp(r, LG_REC_FORKBLOCK) ||
		   !strcmp(r, LG_REC_PIPEWAIT) || !strcmp(r, LG_REC_PIPEEND)) {
		return lgd_fork_line(t, tok, n);
	} else if (!strcmp(r, LG_REC_TRUNCATED)) {
		t->truncated = true;
	} else if (!strcmp(r, LG_REC_FINI)) {
		NEED(n == 1);
		t->fini = true;
	} else if (!strcmp(r, LG_REC_SLOWWAIT) || !strcmp(r, LG_REC_CPUHOLD) ||
		   !strcmp(r, LG_REC_HOLDS) || !strcmp(r, LG_REC_TRYWAIT)) {
		return lgd_starve_line(t, tok, n);
	} else {
		return lgd_schedule_line(t, tok, n);
	}
	return 1;
}

bool lgd_parse_lid(const char *s, unsigned *id)
{
	return parse_lid(s, id);
}

bool lgd_parse_long_kv(const char *tok, const char *key, long *out)
{
	return parse_long_kv(tok, key, out);
}

bool lgd_parse_thread(const char *s, int *num)
{
	return parse_thread(s, num);
}

bool lgd_parse_site(const char *tok, const char *key, struct lg_site *site)
{
	return parse_site(tok, key, site);
}

enum rl_err lg_trace_parse(struct lg_trace *t, const char *text, size_t len, struct diag *d)
{
	size_t pos = 0;
	bool first = true;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t ll;
		char line[1024], *tok[MAX_TOKENS + 1], *save = NULL, *s;
		int n = 0, rc;

		if (!nl) { /* a last line without its newline was cut off mid-write */
			t->bad_lines++;
			break;
		}
		ll = (size_t)(nl - (text + pos));
		if (ll >= sizeof(line) || memchr(text + pos, '\0', ll)) {
			t->bad_lines++;
			pos += ll + 1;
			first = false;
			continue;
		}
		memcpy(line, text + pos, ll);
		line[ll] = '\0';
		pos += ll + 1;
		for (s = strtok_r(line, " ", &save); s && n <= MAX_TOKENS; s = strtok_r(NULL, " ", &save))
			tok[n++] = s;
		if (first) {
			long pid;

			first = false;
			if (n != 3 || strcmp(tok[0], LG_REC_HEADER) || strcmp(tok[1], LG_FORMAT_STR) ||
			    !parse_long_kv(tok[2], "pid", &pid))
				return diag_set(d, RL_ERR_PARSE,
						"lock tracer output does not start with its header");
			t->header = true;
			t->pid = pid;
			continue;
		}
		if (n == 0 || n > MAX_TOKENS) {
			t->bad_lines++;
			continue;
		}
		rc = parse_line(t, tok, n);
		if (rc < 0)
			return diag_set(d, RL_ERR_NOMEM, "out of memory reading the lock trace");
		if (rc == 0)
			t->bad_lines++;
	}
	if (!t->header)
		return diag_set(d, RL_ERR_PARSE, "lock tracer output is empty");
	return RL_ERR_OK;
}

void lg_trace_release(struct lg_trace *t)
{
	lgd_schedule_release(&t->sched);
	free(t->objs);
	free(t->threads);
	free(t->edges);
	free(t->waiters);
	free(t->held);
	free(t->forks);
	free(t->pipes);
	free(t->holds);
	free(t->events);
	free(t->tl);
	free(t->tlc);
	memset(t, 0, sizeof(*t));
	t->pid = t->seed = -1;
	t->max_threads = -1;
}

const struct lg_obj_rec *lg_trace_obj(const struct lg_trace *t, unsigned id)
{
	for (size_t i = 0; i < t->nobjs; i++)
		if (t->objs[i].id == id)
			return &t->objs[i];
	return NULL;
}
