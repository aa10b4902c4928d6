/* Turning ThreadSanitizer's text reports (clang 14, default stack format) into findings. */
#include "tsan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

/*
 * Why a text parser and not TSan's structured API (__tsan_on_report, __tsan_get_report_*): that
 * API runs inside the student's process, so we would have to link or preload our own code into
 * every program and get its answers out through a channel the program could also forge. The log
 * file (log_path in a directory the program is never told about) needs nothing in the program,
 * is what TSan users read anyway, and is tested here on reports recorded from the real runtime.
 */

#define LINE_LEN 1024     /* longer lines are cut: no field we read is near that long */
#define NAME_LEN 256
#define MAX_SECTIONS 32   /* a lock cycle of 8 mutexes has 16 stacks; more is noise */
#define MAX_EDGES 8
#define MSG_LEN 1024

/* The frame chosen to stand for one stack. */
struct pick {
	bool have;       /* a frame with a file was seen */
	bool in_src;     /* ... and it is in the student's sources */
	bool omp_region; /* its function is an OpenMP outlined region (named after its caller) */
	char file[NAME_LEN];
	char func[NAME_LEN];
	int line, col;
	char lineless[NAME_LEN]; /* the first student frame's function when it has no line */
};

/* A header line ("Previous write of size 8 ... by thread T1:") and the stack below it. */
struct section {
	char head[LINE_LEN]; /* "" for the stack printed right under the WARNING line */
	struct pick pick;
};

struct report {
	bool open;
	char type[NAME_LEN]; /* "data race", "thread leak", ... */
	struct section sec[MAX_SECTIONS];
	int nsec;
	int cur;             /* the section frames go to; -1 once MAX_SECTIONS is reached */
	int where;           /* the first "Location is ..." section, or -1 */
	unsigned more;       /* "And N more similar thread leaks." */
};

/* What a report type becomes. */
enum shape { SHAPE_RACE, SHAPE_UAF, SHAPE_CYCLE, SHAPE_LEAK, SHAPE_MUTEX, SHAPE_SIGNAL };

static const struct rule {
	const char *prefix; /* of the type text after "WARNING: ThreadSanitizer: " */
	enum finding_kind kind;
	enum shape shape;
	const char *say;    /* how the message names it */
} rules[] = {
	/* Longest prefixes first: "data race on vptr" must not be taken for a plain data race. */
	{ "data race on vptr", FK_DATA_RACE, SHAPE_RACE,
	  "data race on the vptr (ctor/dtor vs call)" },
	{ "data race", FK_DATA_RACE, SHAPE_RACE, "data race" },
	{ "race on ", FK_DATA_RACE, SHAPE_RACE, NULL /* the type text itself */ },
	{ "heap-use-after-free", FK_CRASH, SHAPE_UAF, "use after free" },
	{ "lock-order-inversion", FK_LOCK_ORDER, SHAPE_CYCLE, "lock-order inversion" },
	{ "thread leak", FK_THREAD_LEAK, SHAPE_LEAK, "thread leak" },
	{ "unlock of an unlocked mutex", FK_LOCK_MISUSE, SHAPE_MUTEX,
	  "unlock of an unlocked mutex (or by a thread that does not own it)" },
	{ "double lock of a mutex", FK_LOCK_MISUSE, SHAPE_MUTEX,
	  "double lock of a mutex (locked while already held)" },
	{ "destroy of a locked mutex", FK_LOCK_MISUSE, SHAPE_MUTEX, "destroy of a locked mutex" },
	{ "use of an invalid mutex", FK_LOCK_MISUSE, SHAPE_MUTEX,
	  "use of an invalid mutex (uninitialized or destroyed)" },
	{ "read lock of a write locked mutex", FK_LOCK_MISUSE, SHAPE_MUTEX,
	  "read lock of a write-locked rwlock" },
	{ "read unlock of a write locked mutex", FK_LOCK_MISUSE, SHAPE_MUTEX,
	  "read unlock of a write-locked rwlock" },
	/*
	 * Async-signal-safety is not in the vocabulary; lock-misuse is the nearest kind (a handler
	 * that takes a lock or mallocs can deadlock the thread it interrupts). A warning, not an
	 * error: the course grades concurrency between threads, not signal handlers.
	 */
	{ "signal-unsafe call", FK_LOCK_MISUSE, SHAPE_SIGNAL,
	  "async-signal-unsafe call inside a signal handler" },
	{ "signal handler spoils errno", FK_LOCK_MISUSE, SHAPE_SIGNAL,
	  "signal handler spoils errno" },
};

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Parses a decimal of at most 9 digits filling [s, e); -1 if it is anything else. */
static int parse_num(const char *s, const char *e)
{
	int v = 0;

	if (s >= e || e - s > 9)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/*
 * Splits a frame line "#N FUNC PATH:LINE:COL (MODULE+0xOFF) (BuildId: ...)" in place. PATH may be
 * "<null>" and LINE/COL may be missing. Returns false when s is not a frame line.
 */
static bool parse_frame(char *s, const char **func, const char **path, int *line, int *col)
{
	char *p = s + 1, *loc, *c;
	int num[2], n = 0;

	if (*s != '#' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != ' ')
		return false;
	while (*p == ' ')
		p++;
	/* Other stack formats put the pc first ("0x4011d6 in main ..."): skip it. */
	if (starts_with(p, "0x") && (c = strstr(p, " in ")) && !memchr(p, ' ', (size_t)(c - p)))
		p = c + 4;
	/* Drop the trailing "(module+0xoffset)" and "(BuildId: ...)" groups. */
	for (int i = 0; i < 4; i++) {
		trim_end(p);
		c = strrchr(p, '(');
		if (!c || c == p || c[-1] != ' ' || p[strlen(p) - 1] != ')')
			break;
		if (!starts_with(c, "(BuildId:") && !strstr(c, "+0x"))
			break;
		c[-1] = '\0';
	}
	trim_end(p);
	/* Paths are absolute and function names never hold " /"; else the last word is the path. */
	loc = strstr(p, " /");
	if (!loc)
		loc = strrchr(p, ' ');
	if (loc) {
		*loc++ = '\0';
	} else {
		loc = p + strlen(p);
	}
	*func = strcmp(p, "<null>") ? p : "";
	*line = *col = 0;
	*path = NULL;
	if (!*loc || !strcmp(loc, "<null>"))
		return true;
	/* Peel ":COL" and ":LINE" off the end: "f.c:16:8" gives 8 then 16; "f.c:12" gives 12. */
	while (n < 2) {
		char *colon = strrchr(loc, ':');
		int v = colon ? parse_num(colon + 1, colon + strlen(colon)) : -1;

		if (v < 0)
			break;
		num[n++] = v;
		*colon = '\0';
	}
	if (n == 2) {
		*line = num[1];
		*col = num[0];
	} else if (n == 1) {
		*line = num[0];
	}
	/* A number left at the end was too long to be a line or column: no trustworthy place. */
	c = n < 2 ? strrchr(loc, ':') : NULL;
	if (c && c[1] && strspn(c + 1, "0123456789") == strlen(c + 1))
		return true;
	*path = *loc ? loc : NULL;
	return true;
}

static bool outlined(const char *func)
{
	return starts_with(func, ".omp_outlined") || starts_with(func, "__omp_outlined");
}

static void pick_set(struct pick *k, const char *func, const char *path, int line, int col,
		     bool in_src)
{
	k->have = true;
	k->in_src = in_src;
	k->omp_region = outlined(func);
	copy(k->file, sizeof(k->file), path_base(path), strlen(path_base(path)));
	copy(k->func, sizeof(k->func), func, strlen(func));
	k->line = line;
	k->col = col;
}

/* Feeds one frame of a stack: the first frame in src wins, else the first frame with a file. */
static void pick_frame(struct pick *k, const char *func, const char *path, int line, int col,
		       const struct source_set *src)
{
	bool mine;

	if (!path || line <= 0) {
		/* It cannot be shown, but it can be named: clang may fold two same statements into one
		 * instruction with no line (`n++` on both arms of an if, at -O1). */
		if (path && *func && !k->lineless[0] &&
		    detector_frame_is_students(src, path, NULL, NULL))
			copy(k->lineless, sizeof(k->lineless), func, strlen(func));
		return;
	}
	mine = detector_frame_is_students(src, path, NULL, NULL);
	if (!k->have || (!k->in_src && mine)) {
		pick_set(k, func, path, line, col, mine);
		return;
	}
	/* An OpenMP region is reported as the function whose body holds it: its next own caller. */
	if (k->in_src && k->omp_region && mine && *func && !outlined(func) &&
	    !starts_with(func, "__kmp")) {
		copy(k->func, sizeof(k->func), func, strlen(func));
		k->omp_region = false;
	}
}

/* "main thread" -> "main", "thread T2 'name'" -> "T2" (the location's thread field). */
static void thread_id(const char *s, char *out, size_t len)
{
	size_t n;

	if (starts_with(s, "main thread")) {
		copy(out, len, "main", 4);
		return;
	}
	if (starts_with(s, "thread "))
		s += 7;
	n = strcspn(s, " :,'()");
	copy(out, len, s, n);
}

/* How a thread is named in a message. */
static const char *thread_say(const char *id)
{
	if (!*id)
		return "a thread";
	return strcmp(id, "main") ? id : "main thread";
}

/* "at f.c:16" for a picked frame. */
static void at(const struct pick *k, char *buf, size_t len)
{
	if (k->have)
		snprintf(buf, len, "at %s:%d", k->file, k->line);
	else if (k->lineless[0])
		snprintf(buf, len, "in %s() (the compiler kept no line for it)", k->lineless);
	else
		snprintf(buf, len, "at an unknown place");
}

/*
 * Reads "[Previous ][atomic ]read|write of size N at ADDR by THREAD[ (mutexes: ...)]:".
 * op gets "write", "atomic read", ...; returns false for any other line.
 */
static bool parse_access(const char *head, bool *prev, char *op, size_t oplen, char *thread,
			 size_t tlen)
{
	const char *size = strstr(head, " of size "), *by;
	char word[32];

	if (!size)
		return false;
	*prev = starts_with(head, "Previous ");
	if (*prev)
		head += 9;
	copy(word, sizeof(word), head, (size_t)(size - head));
	if (word[0] >= 'A' && word[0] <= 'Z')
		word[0] = (char)(word[0] - 'A' + 'a'); /* "Write" opens the current access */
	if (strcmp(word, "read") && strcmp(word, "write") && strcmp(word, "atomic read") &&
	    strcmp(word, "atomic write"))
		return false;
	copy(op, oplen, word, strlen(word));
	by = strstr(size, " by ");
	if (by)
		thread_id(by + 4, thread, tlen);
	else if (tlen)
		thread[0] = '\0';
	return true;
}

static enum rl_err add_loc(struct finding *f, const struct pick *k, const char *thread)
{
	const char *func = k->omp_region ? "OpenMP region" : k->func[0] ? k->func : NULL;
	enum rl_err e;

	if (!k->have || f->nlocs >= FINDING_MAX_LOCS)
		return RL_ERR_OK;
	e = location_set(&f->locs[f->nlocs], k->file, k->line, k->col, func,
			 thread && *thread ? thread : NULL);
	if (e == RL_ERR_OK)
		f->nlocs++;
	return e;
}

/*
 * What the "Location is ..." line says about the memory, for a message: "`total` (global)",
 * "a heap block of 16 bytes allocated at f.c:37", "a stack variable of main thread". For a mutex
 * (as_mutex): "`lock`", "in a heap block ...", "on the stack of main thread". "" when unknown.
 */
static void what_memory(const struct report *r, bool as_mutex, char *buf, size_t len)
{
	const char *s, *q;
	char tmp[NAME_LEN];

	buf[0] = '\0';
	if (r->where < 0)
		return;
	s = r->sec[r->where].head + strlen("Location is ");
	if (starts_with(s, "global '") && (q = strchr(s + 8, '\'')) && q > s + 8 &&
	    strncmp(s + 8, "??", 2)) {
		copy(tmp, sizeof(tmp), s + 8, (size_t)(q - s - 8));
		snprintf(buf, len, as_mutex ? "`%s`" : "`%s` (global)", tmp);
	} else if (starts_with(s, "heap block of size ")) {
		int n = atoi(s + 19);
		const struct pick *k = &r->sec[r->where].pick;

		snprintf(buf, len, "%sa heap block of %d bytes", as_mutex ? "in " : "", n);
		if (k->have)
			buf_appendf(buf, len, " allocated at %s:%d", k->file, k->line);
	} else if (starts_with(s, "stack of ")) {
		copy(tmp, sizeof(tmp), s + 9, strcspn(s + 9, "."));
		snprintf(buf, len, as_mutex ? "on the stack of %s" : "a stack variable of %s", tmp);
	} else if (starts_with(s, "TLS of ")) {
		copy(tmp, sizeof(tmp), s + 7, strcspn(s + 7, "."));
		snprintf(buf, len, "%sthread-local storage of %s", as_mutex ? "in " : "", tmp);
	} else if (starts_with(s, "file descriptor ")) {
		snprintf(buf, len, "file descriptor %d", atoi(s + 16));
	}
}

static const struct section *find_head(const struct report *r, const char *prefix, int from)
{
	for (int i = from; i < r->nsec; i++)
		if (starts_with(r->sec[i].head, prefix))
			return &r->sec[i];
	return NULL;
}

/* data race / use after free: the current access and the previous one. */
static enum rl_err build_race(const struct report *r, const struct rule *u, struct finding *f,
			      char *msg)
{
	const struct pick *kc = NULL, *kp = NULL;
	char opc[32] = "", opp[32] = "", tc[32] = "", tp[32] = "", ac[300], ap[300], what[600];
	const char *say = u->say ? u->say : r->type;
	enum rl_err e;

	for (int i = 0; i < r->nsec; i++) {
		bool prev;
		char op[32], th[32];

		if (!parse_access(r->sec[i].head, &prev, op, sizeof(op), th, sizeof(th)))
			continue;
		if (!prev && !kc) {
			kc = &r->sec[i].pick;
			strcpy(opc, op);
			strcpy(tc, th);
		} else if (prev && !kp) {
			kp = &r->sec[i].pick;
			strcpy(opp, op);
			strcpy(tp, th);
		}
	}
	if (!kc && !kp) {
		snprintf(msg, MSG_LEN, "%s (the report was cut short)", say);
		return RL_ERR_OK;
	}
	if (kc && (e = add_loc(f, kc, tc)) != RL_ERR_OK)
		return e;
	if (kp && (e = add_loc(f, kp, tp)) != RL_ERR_OK)
		return e;
	if (kc)
		at(kc, ac, sizeof(ac));
	if (kp)
		at(kp, ap, sizeof(ap));
	if (u->shape == SHAPE_UAF) {
		snprintf(msg, MSG_LEN, "%s of heap memory", say);
		if (kc)
			buf_appendf(msg, MSG_LEN, ": %s by %s %s", opc, thread_say(tc), ac);
		if (kp)
			buf_appendf(msg, MSG_LEN, "%sfreed by %s %s", kc ? ", " : ": ", thread_say(tp),
			       ap);
		return RL_ERR_OK;
	}
	what_memory(r, false, what, sizeof(what));
	snprintf(msg, MSG_LEN, "%s on %s", say, what[0] ? what : "memory");
	if (kc)
		buf_appendf(msg, MSG_LEN, ": %s by %s %s", opc, thread_say(tc), ac);
	if (kp)
		buf_appendf(msg, MSG_LEN, "%sprevious %s by %s %s", kc ? " vs " : ": ", opp,
		       thread_say(tp), ap);
	return RL_ERR_OK;
}

/*
 * "Mutex M1 acquired here while holding mutex M0 in thread T1:" then, with second_deadlock_stack,
 * "Mutex M0 previously acquired by the same thread here:". Locations: each edge's acquisition,
 * then where the held mutexes were taken, while there is room.
 */
static enum rl_err build_cycle(const struct report *r, const struct rule *u, struct finding *f,
			       char *msg)
{
	static const char held_mark[] = " acquired here while holding mutex ";
	struct edge {
		char take[16], held[16], thread[32];
		const struct pick *at_take, *at_held;
	} edges[MAX_EDGES];
	int n = 0;
	enum rl_err e;

	for (int i = 0; i < r->nsec; i++) {
		const char *h = r->sec[i].head, *m, *in;

		if (starts_with(h, "Mutex ") && strstr(h, " previously acquired") && n) {
			edges[n - 1].at_held = &r->sec[i].pick;
			continue;
		}
		if (!starts_with(h, "Mutex ") || !(m = strstr(h, held_mark)) || n == MAX_EDGES)
			continue;
		copy(edges[n].take, sizeof(edges[n].take), h + 6, (size_t)(m - h - 6));
		m += strlen(held_mark);
		copy(edges[n].held, sizeof(edges[n].held), m, strcspn(m, " :"));
		in = strstr(m, " in ");
		if (in)
			thread_id(in + 4, edges[n].thread, sizeof(edges[n].thread));
		else
			edges[n].thread[0] = '\0';
		edges[n].at_take = &r->sec[i].pick;
		edges[n].at_held = NULL;
		n++;
	}
	for (int i = 0; i < n; i++)
		if ((e = add_loc(f, edges[i].at_take, edges[i].thread)) != RL_ERR_OK)
			return e;
	for (int i = 0; i < n; i++)
		if (edges[i].at_held && (e = add_loc(f, edges[i].at_held, edges[i].thread)))
			return e;
	snprintf(msg, MSG_LEN, "%s (potential deadlock)", u->say);
	for (int i = 0; i < n; i++) {
		char a[300];

		at(edges[i].at_take, a, sizeof(a));
		buf_appendf(msg, MSG_LEN, "%s %s locks %s %s while holding %s", i ? ";" : ":",
		       thread_say(edges[i].thread), edges[i].take, a, edges[i].held);
		if (edges[i].at_held && edges[i].at_held->have)
			buf_appendf(msg, MSG_LEN, " (locked at %s:%d)", edges[i].at_held->file,
			       edges[i].at_held->line);
	}
	if (!n)
		buf_appendf(msg, MSG_LEN, " (the report was cut short)");
	return RL_ERR_OK;
}

/* "Thread T1 (tid=7913, finished) created by main thread at:" */
static enum rl_err build_leak(const struct report *r, const struct rule *u, struct finding *f,
			      char *msg)
{
	const struct section *s = find_head(r, "Thread T", 0);
	char leaked[32], creator[32] = "", a[300];
	const char *by;
	enum rl_err e;

	if (!s) {
		snprintf(msg, MSG_LEN, "%s: a thread was never joined or detached", u->say);
		return RL_ERR_OK;
	}
	thread_id(s->head + 7, leaked, sizeof(leaked));
	by = strstr(s->head, " created by ");
	if (by)
		thread_id(by + 12, creator, sizeof(creator));
	if ((e = add_loc(f, &s->pick, creator)) != RL_ERR_OK)
		return e;
	at(&s->pick, a, sizeof(a));
	snprintf(msg, MSG_LEN, "thread %s is never joined or detached: created by %s %s", leaked,
		 thread_say(creator), a);
	if (r->more)
		buf_appendf(msg, MSG_LEN, " (and %u more like it)", r->more);
	return RL_ERR_OK;
}

/* Mutex misuse and signal reports: the stack under the WARNING line, then an "and:" stack. */
static enum rl_err build_site(const struct report *r, const struct rule *u, struct finding *f,
			      char *msg)
{
	const struct section *main_stack = r->nsec && !r->sec[0].head[0] ? &r->sec[0] : NULL;
	const struct section *also = find_head(r, "and:", 0);
	char what[600], a[300];
	enum rl_err e;

	snprintf(msg, MSG_LEN, "%s", u->say);
	if (u->shape == SHAPE_MUTEX) {
		what_memory(r, true, what, sizeof(what));
		if (what[0])
			buf_appendf(msg, MSG_LEN, ": mutex %s", what);
	}
	if (main_stack) {
		if ((e = add_loc(f, &main_stack->pick, NULL)) != RL_ERR_OK)
			return e;
		at(&main_stack->pick, a, sizeof(a));
		buf_appendf(msg, MSG_LEN, " %s", a);
		if (u->shape == SHAPE_SIGNAL && main_stack->pick.have && main_stack->pick.func[0])
			buf_appendf(msg, MSG_LEN, " in %s()", main_stack->pick.func);
	}
	if (also && also->pick.have) {
		if ((e = add_loc(f, &also->pick, NULL)) != RL_ERR_OK)
			return e;
		buf_appendf(msg, MSG_LEN, "; it was locked at %s:%d", also->pick.file, also->pick.line);
	}
	return RL_ERR_OK;
}

/* Turns a finished report into a finding; unknown report types are left out. */
static enum rl_err report_emit(struct report *r, struct finding_list *out)
{
	const struct rule *u = NULL;
	struct finding f = FINDING_INIT;
	char msg[MSG_LEN] = "";
	enum rl_err e;

	if (!r->open)
		return RL_ERR_OK;
	r->open = false;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]) && !u; i++)
		if (starts_with(r->type, rules[i].prefix))
			u = &rules[i];
	if (!u)
		return RL_ERR_OK;
	f.kind = u->kind;
	f.severity = u->shape == SHAPE_SIGNAL ? SEV_WARNING : finding_default_severity(u->kind);
	f.tools = TOOL(TSAN);
	switch (u->shape) {
	case SHAPE_RACE:
	case SHAPE_UAF:
		e = build_race(r, u, &f, msg);
		break;
	case SHAPE_CYCLE:
		e = build_cycle(r, u, &f, msg);
		break;
	case SHAPE_LEAK:
		e = build_leak(r, u, &f, msg);
		break;
	default:
		e = build_site(r, u, &f, msg);
		break;
	}
	if (e == RL_ERR_OK && !(f.message = strdup(msg)))
		e = RL_ERR_NOMEM;
	if (e != RL_ERR_OK) {
		finding_release(&f);
		return e;
	}
	return finding_list_add(out, &f);
}

static void report_start(struct report *r, const char *type)
{
	const char *pid = strstr(type, " (pid=");

	memset(r, 0, sizeof(*r));
	r->open = true;
	r->cur = -1;
	r->where = -1;
	copy(r->type, sizeof(r->type), type, pid ? (size_t)(pid - type) : strlen(type));
}

static void report_section(struct report *r, const char *head)
{
	if (r->nsec == MAX_SECTIONS) {
		r->cur = -1;
		return;
	}
	r->cur = r->nsec++;
	copy(r->sec[r->cur].head, sizeof(r->sec[r->cur].head), head, strlen(head));
	if (r->where < 0 && starts_with(head, "Location is "))
		r->where = r->cur;
}

/* Skips a sanitizer "==PID==" prefix. */
static const char *skip_pid(const char *s)
{
	const char *p = s + 2;

	if (!starts_with(s, "=="))
		return s;
	while (*p >= '0' && *p <= '9')
		p++;
	return starts_with(p, "==") && p > s + 2 ? p + 2 : s;
}

/* One line of the log, already trimmed at both ends. */
static enum rl_err feed_line(struct report *r, char *s, const struct source_set *src,
			     struct finding_list *out, struct diag *d, unsigned *nreports)
{
	const char *t = skip_pid(s), *func, *path;
	int line, col;
	enum rl_err e;

	if (starts_with(t, "FATAL: ThreadSanitizer") ||
	    starts_with(t, "ThreadSanitizer: CHECK failed")) {
		if ((e = report_emit(r, out)) != RL_ERR_OK)
			return e;
		return diag_set(d, RL_ERR_TOOL, "ThreadSanitizer failed: %.200s", t);
	}
	if (starts_with(t, "WARNING: ThreadSanitizer: ")) {
		if ((e = report_emit(r, out)) != RL_ERR_OK)
			return e;
		if (++*nreports > TSAN_MAX_REPORTS)
			return RL_ERR_OK;
		report_start(r, t + strlen("WARNING: ThreadSanitizer: "));
		return RL_ERR_OK;
	}
	if (!r->open)
		return RL_ERR_OK;
	if (starts_with(s, "==================") || starts_with(s, "SUMMARY: ") ||
	    starts_with(s, "ThreadSanitizer: reported "))
		return report_emit(r, out);
	if (!*s || starts_with(s, "Hint:") || *s == '[')
		return RL_ERR_OK; /* blank, hints, "[failed to restore the stack]" */
	if (parse_frame(s, &func, &path, &line, &col)) {
		if (!r->nsec)
			report_section(r, ""); /* the stack printed right under the WARNING line */
		if (r->cur >= 0)
			pick_frame(&r->sec[r->cur].pick, func, path, line, col, src);
		return RL_ERR_OK;
	}
	if (starts_with(s, "And ") && strstr(s, " more similar")) {
		r->more = (unsigned)atoi(s + 4);
		return RL_ERR_OK;
	}
	report_section(r, s);
	return RL_ERR_OK;
}

enum rl_err tsan_parse_log(const char *text, size_t len, const struct source_set *src,
			   struct finding_list *out, struct diag *d)
{
	struct report *r;
	const char *p = text, *end = text + len;
	unsigned nreports = 0;
	enum rl_err e = RL_ERR_OK;

	if (!text || !len)
		return RL_ERR_OK;
	r = calloc(1, sizeof(*r));
	if (!r)
		return diag_set(d, RL_ERR_NOMEM, "out of memory parsing a ThreadSanitizer log");
	r->cur = r->where = -1;
	while (p < end && e == RL_ERR_OK && nreports <= TSAN_MAX_REPORTS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		char buf[LINE_LEN], *s = buf;
		size_t n = (size_t)(stop - p), k;

		copy(buf, sizeof(buf), p, n);
		/* A NUL in a line would hide its end from the string functions: make it a blank. */
		n = n < sizeof(buf) ? n : sizeof(buf) - 1;
		for (k = 0; k < n; k++)
			if (buf[k] == '\0' || buf[k] == '\r' || buf[k] == '\t')
				buf[k] = ' ';
		while (*s == ' ')
			s++;
		trim_end(s);
		e = feed_line(r, s, src, out, d, &nreports);
		p = nl ? nl + 1 : end;
	}
	/* A report cut short (the program was killed while TSan wrote it) still counts. */
	if (e == RL_ERR_OK)
		e = report_emit(r, out);
	if (e == RL_ERR_NOMEM)
		diag_set(d, e, "out of memory parsing a ThreadSanitizer log");
	free(r);
	return e;
}

bool tsan_log_runtime_crash(const char *text, size_t len, char *module, size_t n)
{
	static const char *const runtimes[] = { "libarcher.so", "libomp.so", "libiomp5.so" };
	const char *end = text + len, *p = memmem(text, len, "ERROR: ThreadSanitizer: SEGV", 28);
	const char *open, *plus;

	if (!p)
		p = memmem(text, len, "ERROR: ThreadSanitizer: BUS", 27);
	if (!p)
		return false;
	/* The innermost frame: the first "#0 " line after the report's header. */
	p = memmem(p, (size_t)(end - p), "#0 ", 3);
	if (!p)
		return false;
	if ((open = memchr(p, '\n', (size_t)(end - p))))
		end = open;
	/* "#0 <null> <null> (libarcher.so+0x4254) (BuildId: ...)": the module is in the first (). */
	open = memchr(p, '(', (size_t)(end - p));
	plus = open ? memchr(open, '+', (size_t)(end - open)) : NULL;
	if (!open || !plus)
		return false;
	open++;
	{
		const char *slash = open;

		for (const char *q = open; q < plus; q++)
			if (*q == '/')
				slash = q + 1;
		open = slash;
	}
	for (size_t i = 0; i < sizeof(runtimes) / sizeof(*runtimes); i++)
		if ((size_t)(plus - open) >= strlen(runtimes[i]) &&
		    !strncmp(open, runtimes[i], strlen(runtimes[i]))) {
			snprintf(module, n, "%.*s", (int)(plus - open), open);
			return true;
		}
	return false;
}
