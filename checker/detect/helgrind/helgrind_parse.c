/* The Helgrind XML parser: expat events folded into one error at a time, then into findings. */
#include "helgrind.h"

#include <expat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

/*
 * Bounds on untrusted input. Valgrind itself stops listing new errors after 1000 distinct ones and
 * nests its elements six deep, so these only bite on hostile or broken documents.
 */
#define HG_MAX_DEPTH 32
#define HG_MAX_STACKS 8
#define HG_MAX_ERRORS 2000
#define HG_MAX_THREADS 256
#define HG_MAX_TIDS 4
#define HG_TEXT_MAX 1024

/* The elements the parser cares about; everything else is EL_OTHER and only counted for depth. */
enum hg_el {
	EL_OTHER, EL_ROOT, EL_PROTOCOLVERSION, EL_PROTOCOLTOOL, EL_TOOL, EL_ERROR, EL_KIND,
	EL_XWHAT, EL_WHAT, EL_TEXT, EL_HTHREADID, EL_AUXWHAT, EL_XAUXWHAT, EL_STACK, EL_FRAME,
	EL_FN, EL_DIR, EL_FILE, EL_LINE, EL_OBJ, EL_ANNOUNCE, EL_PID, EL_PPID,
};

static const struct {
	const char *name;
	enum hg_el el;
} el_names[] = {
	{ "valgrindoutput", EL_ROOT }, { "protocolversion", EL_PROTOCOLVERSION },
	{ "protocoltool", EL_PROTOCOLTOOL }, { "tool", EL_TOOL }, { "error", EL_ERROR },
	{ "kind", EL_KIND }, { "xwhat", EL_XWHAT }, { "what", EL_WHAT }, { "text", EL_TEXT },
	{ "hthreadid", EL_HTHREADID }, { "auxwhat", EL_AUXWHAT }, { "xauxwhat", EL_XAUXWHAT },
	{ "stack", EL_STACK }, { "frame", EL_FRAME }, { "fn", EL_FN }, { "dir", EL_DIR },
	{ "file", EL_FILE }, { "line", EL_LINE }, { "obj", EL_OBJ },
	{ "announcethread", EL_ANNOUNCE }, { "pid", EL_PID }, { "ppid", EL_PPID },
};

struct hg_frame {
	char fn[128];
	char dir[256];
	char file[128];
	char obj[256];
	int line;
};

/* A stack keeps only the two frames a finding can be placed at, chosen as the frames stream by. */
struct hg_stack {
	struct hg_frame student;  /* first frame in one of the student's files */
	struct hg_frame any;      /* first frame that names a file at all */
	bool has_student, has_any;
	char label[HG_TEXT_MAX];  /* the auxwhat/xauxwhat text just before it ("" for the first) */
	int tid;                  /* the xauxwhat's thread, 0 if none */
};

struct hg_error {
	char kind[32];
	char text[HG_TEXT_MAX];   /* xwhat/text */
	char what[HG_TEXT_MAX];   /* what (PthAPIerror's error code) */
	char address[HG_TEXT_MAX];/* the trailing "Address 0x... is ... inside data symbol" line */
	int tids[HG_MAX_TIDS];
	int ntids;
	struct hg_stack stacks[HG_MAX_STACKS];
	int nstacks;
	char pending[HG_TEXT_MAX];/* last aux text, waiting for its stack */
	int pending_tid;
};

/* Where each announced thread was created: how a thread that owns no student frame is placed. */
struct hg_thread {
	int id;
	struct hg_frame created;
	bool has_created;
};

struct hg_parser {
	XML_Parser xp;
	const struct source_set *src;
	struct finding_list found;   /* findings of complete errors, moved to out on success */
	enum hg_el path[HG_MAX_DEPTH];
	int depth;
	int version;                 /* protocolversion, 0 until read */
	bool tool_ok;                /* protocoltool is helgrind */
	bool saw_root;
	char bad[256];               /* why the parse was stopped, "" if it was not */
	enum rl_err err;             /* RL_ERR_NOMEM when an allocation failed */
	char text[HG_TEXT_MAX];      /* character data of the element being read */
	size_t text_len;
	struct hg_error cur;         /* the error being read */
	bool in_error;
	int nerrors;
	struct hg_thread threads[HG_MAX_THREADS];
	int nthreads;
	struct hg_thread *cur_thread;/* inside an announcethread, or NULL */
	struct hg_stack thread_stack;/* that announcement's stack */
	struct hg_frame frame;       /* the frame being read */
	struct hg_stack *cur_stack;  /* where the frame goes, or NULL */
	bool relock_seen;
	long pid, ppid;              /* the process the document is of, and its parent; 0 unknown */
};

static void parser_stop(struct hg_parser *p, const char *why)
{
	if (!p->bad[0])
		snprintf(p->bad, sizeof(p->bad), "%s", why);
	XML_StopParser(p->xp, XML_FALSE);
}

/* Copies at most len-1 bytes, replacing control characters so no string can forge output lines. */
static void copy_clean(char *dst, size_t len, const char *src)
{
	size_t i = 0;

	for (; src[i] && i + 1 < len; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' : src[i];
	dst[i] = '\0';
}

static int parse_int(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 0);

	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (end == s || *end || v < lo || v > hi)
		return -1;
	return (int)v;
}

/* The one rule of detect/detector.h: Helgrind knows each frame's object and directory. */
static bool frame_is_student(const struct hg_parser *p, const struct hg_frame *f)
{
	return detector_frame_is_students(p->src, f->file, f->obj, f->dir);
}

static void stack_take_frame(struct hg_parser *p, struct hg_stack *s, const struct hg_frame *f)
{
	if (!f->file[0])
		return;
	if (!s->has_any) {
		s->any = *f;
		s->has_any = true;
	}
	if (!s->has_student && frame_is_student(p, f)) {
		s->student = *f;
		s->has_student = true;
	}
}

static const struct hg_frame *stack_frame(const struct hg_stack *s)
{
	if (s->has_student)
		return &s->student;
	return s->has_any ? &s->any : NULL;
}

/* Helgrind numbers threads from 1 (the root); TSan names the main thread "main" and then T1... */
static void thread_name(int tid, char *buf, size_t len)
{
	if (tid == 1)
		snprintf(buf, len, "main");
	else if (tid > 1)
		snprintf(buf, len, "T%d", tid - 1);
	else
		buf[0] = '\0';
}

/* Copies text, renaming "thread #N" and "Thread #N" as thread_name() does. */
static void rename_threads(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	while (*src && o + 1 < len) {
		if ((!strncmp(src, "thread #", 8) || !strncmp(src, "Thread #", 8)) &&
		    src[8] >= '0' && src[8] <= '9') {
			char name[16];
			char *end;
			long tid = strtol(src + 8, &end, 10);
			int n;

			thread_name(tid > 0 && tid < 1000000 ? (int)tid : 0, name, sizeof(name));
			n = snprintf(dst + o, len - o, "%s", name[0] ? name : "a thread");
			o = n < 0 || (size_t)n >= len - o ? len - 1 : o + (size_t)n;
			src = end;
			continue;
		}
		dst[o++] = *src++;
	}
	dst[o] = '\0';
}

/* Adds a location from a frame (nothing when there is no frame or no room). */
static enum rl_err finding_add_frame(struct finding *f, const struct hg_frame *fr, int tid)
{
	char name[16];

	if (!fr || f->nlocs >= FINDING_MAX_LOCS)
		return RL_ERR_OK;
	thread_name(tid, name, sizeof(name));
	f->nlocs++;
	return location_set(&f->locs[f->nlocs - 1], path_base(fr->file), fr->line, 0,
			    fr->fn[0] ? fr->fn : NULL, name[0] ? name : NULL);
}

static const struct hg_stack *error_stack_labelled(const struct hg_error *e, const char *prefix)
{
	for (int i = 1; i < e->nstacks; i++)
		if (!strncmp(e->stacks[i].label, prefix, strlen(prefix)))
			return &e->stacks[i];
	return NULL;
}

static const struct hg_thread *thread_find(const struct hg_parser *p, int id)
{
	for (int i = 0; i < p->nthreads; i++)
		if (p->threads[i].id == id)
			return &p->threads[i];
	return NULL;
}

/* "write of size 8 by T2 conflicts with a previous read of size 8 by T1 (\"counter\")". */
static void race_message(const struct hg_error *e, const struct hg_stack *prev, char *buf,
			 size_t len)
{
	char op[16], pop[16], me[16], them[16], var[160] = "";
	int size, psize, ptid;
	const char *q;

	thread_name(e->ntids ? e->tids[0] : 0, me, sizeof(me));
	if (sscanf(e->text, "Possible data race during %15s of size %d", op, &size) != 2 ||
	    !me[0]) {
		rename_threads(buf, len, e->text);
		return;
	}
	q = strstr(e->address, "data symbol \"");
	if (q) {
		const char *end = strchr(q + 13, '"');

		if (end && end - (q + 13) < 120)
			snprintf(var, sizeof(var), " on \"%.*s\"", (int)(end - (q + 13)), q + 13);
	} else if (strstr(e->address, "alloc'd")) {
		snprintf(var, sizeof(var), " on heap memory");
	} else if ((q = strstr(e->address, "is on thread #")) && strstr(q, "'s stack")) {
		char owner[16];

		thread_name(atoi(q + 14), owner, sizeof(owner));
		if (owner[0])
			snprintf(var, sizeof(var), " on a local variable of %s", owner);
	}
	if (prev && sscanf(prev->label, "This conflicts with a previous %15s of size %d by thread #%d",
			   pop, &psize, &ptid) == 3) {
		thread_name(ptid, them, sizeof(them));
		snprintf(buf, len, "%s of size %d by %s races with a previous %s of size %d by %s%s",
			 op, size, me, pop, psize, them, var);
	} else {
		snprintf(buf, len, "%s of size %d by %s races with an earlier access%s", op, size, me,
			 var);
	}
}

/* 'Thread #3: lock order "0xA before 0xB" violated': only these addresses are the mutexes'. */
static void lock_order_message(const struct hg_error *e, char *buf, size_t len)
{
	char me[16];
	unsigned long long a, b;
	const char *q = strstr(e->text, "lock order \"");

	thread_name(e->ntids ? e->tids[0] : 0, me, sizeof(me));
	if (q && me[0] && sscanf(q, "lock order \"%llx before %llx\"", &a, &b) == 2)
		snprintf(buf, len,
			 "%s takes lock 0x%llx while holding lock 0x%llx, against the order "
			 "0x%llx before 0x%llx taken earlier: a potential deadlock",
			 me, a, b, a, b);
	else
		rename_threads(buf, len, e->text);
}

/* The message after Helgrind's "Thread #N: " prefix, for classifying Misc reports. */
static const char *misc_body(const char *text)
{
	const char *c = strstr(text, ": ");

	return c && !strncmp(text, "Thread #", 8) ? c + 2 : text;
}

/*
 * Turns the error just read into a finding. Misc reports that are not bugs are dropped here, with
 * the evidence recorded in tests/fixtures/helgrind/ (see README there):
 * - "pthread_cond_{signal,broadcast}: dubious: associated lock is not held by any thread" (and its
 *   "not held by calling thread" sibling): POSIX allows signalling without holding the mutex, and a
 *   correct producer that unlocks before signalling gets it (hg_condvar_late_signal: TSan clean).
 * - "Exiting thread still holds N lock(s)" for thread #1: the process is ending, no thread can
 *   wait for the lock any more; it also follows from an earlier, already reported misuse (an
 *   unlock by a non-owner leaves Helgrind thinking main still holds the lock: hg_unlock_foreign).
 *   The same report for any other thread is a real bug (a worker returned with a lock held, TSan
 *   says nothing: hg_thread_exit_locked) and is placed where that thread was created.
 */
static enum rl_err error_finish(struct hg_parser *p)
{
	struct hg_error *e = &p->cur;
	struct finding f = FINDING_INIT;
	const struct hg_stack *first = e->nstacks ? &e->stacks[0] : NULL;
	const struct hg_frame *fr = first ? stack_frame(first) : NULL;
	int tid = e->ntids ? e->tids[0] : 0;
	char msg[HG_TEXT_MAX + 64];
	enum rl_err err = RL_ERR_OK;

	f.tools = TOOL(HELGRIND);
	if (!strcmp(e->kind, "Race")) {
		const struct hg_stack *prev = error_stack_labelled(e, "This conflicts with");

		f.kind = FK_DATA_RACE;
		race_message(e, prev, msg, sizeof(msg));
		err = finding_add_frame(&f, fr, tid);
		if (!err && prev)
			err = finding_add_frame(&f, stack_frame(prev), prev->tid);
	} else if (!strcmp(e->kind, "LockOrder")) {
		const struct hg_stack *later = error_stack_labelled(e, "followed by a later");
		const struct hg_stack *set = error_stack_labelled(e, "Required order was");

		f.kind = FK_LOCK_ORDER;
		lock_order_message(e, msg, sizeof(msg));
		err = finding_add_frame(&f, fr, tid);
		if (!err && later)
			err = finding_add_frame(&f, stack_frame(later), 0);
		if (!err && set)
			err = finding_add_frame(&f, stack_frame(set), 0);
	} else if (!strcmp(e->kind, "UnlockUnlocked") || !strcmp(e->kind, "UnlockForeign") ||
		   !strcmp(e->kind, "UnlockBogus") || !strcmp(e->kind, "PthAPIerror") ||
		   !strcmp(e->kind, "Misc")) {
		const char *body = misc_body(e->text);

		f.kind = FK_LOCK_MISUSE;
		rename_threads(msg, sizeof(msg), e->text);
		if (e->what[0]) {
			size_t n = strlen(msg);

			snprintf(msg + n, sizeof(msg) - n, " %s", e->what);
		}
		if (!strcmp(e->kind, "Misc") && !strncmp(body, "pthread_cond_{signal,broadcast}", 31))
			goto drop;
		if (!strcmp(e->kind, "Misc") && strstr(body, "Exiting thread still holds")) {
			const struct hg_thread *t = thread_find(p, tid);

			if (tid <= 1)
				goto drop;
			if (t && t->has_created && frame_is_student(p, &t->created)) {
				size_t n = strlen(msg);

				snprintf(msg + n, sizeof(msg) - n, " (the thread was created here)");
				fr = &t->created;
			}
		}
		if (!strcmp(e->kind, "PthAPIerror") && strstr(body, "pthread_create"))
			f.kind = FK_RESOURCE_LIMIT;
		if (!strcmp(e->kind, "Misc") && strstr(body, "re-lock a non-recursive")) {
			char me[16];

			thread_name(tid, me, sizeof(me));
			snprintf(msg, sizeof(msg),
				 "%s locks a non-recursive mutex it already holds: it will wait for "
				 "itself for ever", me[0] ? me : "a thread");
			p->relock_seen = true;
		}
		/*
		 * Helgrind's words for a lock granted while it saw another thread hold it. A program
		 * does that only after breaking the lock's state, which is what the student must read:
		 * a mutex re-initialised while held, or unlocked by a thread that did not own it (a
		 * child forked while another thread held the lock, which Helgrind runs too).
		 */
		if (!strcmp(e->kind, "Misc") && strstr(body, "lock granted on mutex/rwlock which is "
						      "currently wr-held by a different thread")) {
			char me[16];

			thread_name(tid, me, sizeof(me));
			snprintf(msg, sizeof(msg),
				 "%s got a lock that another thread still held: the lock's state was "
				 "broken before, re-initialised while held or unlocked by a thread that "
				 "did not own it, as in a child forked while another thread held it",
				 me[0] ? me : "a thread");
		}
		err = finding_add_frame(&f, fr, tid);
		if (!err) {
			const struct hg_stack *prev = error_stack_labelled(e, "Lock was previously");

			if (prev)
				err = finding_add_frame(&f, stack_frame(prev), tid);
		}
	} else {
		/* A kind this version does not know: nothing to say about it, and nothing wrong. */
		goto drop;
	}
	f.severity = finding_default_severity(f.kind);
	if (!err) {
		f.message = strdup(msg);
		if (!f.message)
			err = RL_ERR_NOMEM;
	}
	if (err) {
		finding_release(&f);
		return err;
	}
	return finding_list_add(&p->found, &f);
drop:
	finding_release(&f);
	return RL_ERR_OK;
}

static enum hg_el el_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(el_names) / sizeof(*el_names); i++)
		if (!strcmp(name, el_names[i].name))
			return el_names[i].el;
	return EL_OTHER;
}

static enum hg_el parent(const struct hg_parser *p, int up)
{
	return p->depth - 1 - up >= 0 ? p->path[p->depth - 1 - up] : EL_OTHER;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct hg_parser *p = ud;
	enum hg_el el = el_lookup(name);
	enum hg_el up = parent(p, 0);

	(void)attrs;
	if (p->bad[0])
		return;
	if (p->depth == 0 && (el != EL_ROOT || p->saw_root)) {
		parser_stop(p, "the root element is not valgrindoutput");
		return;
	}
	if (p->depth > 0 && el == EL_ROOT) {
		parser_stop(p, "valgrindoutput nested in itself");
		return;
	}
	if (p->depth >= HG_MAX_DEPTH) {
		parser_stop(p, "elements nested too deeply");
		return;
	}
	p->saw_root = true;
	p->text_len = 0;
	p->text[0] = '\0';
	if (el == EL_ERROR && up == EL_ROOT) {
		if (p->version != 4 || !p->tool_ok) {
			parser_stop(p, "an error before a protocol 4 Helgrind header");
			return;
		}
		memset(&p->cur, 0, sizeof(p->cur));
		p->in_error = true;
	} else if (el == EL_ANNOUNCE && up == EL_ROOT && p->nthreads < HG_MAX_THREADS) {
		p->cur_thread = &p->threads[p->nthreads];
		memset(p->cur_thread, 0, sizeof(*p->cur_thread));
		memset(&p->thread_stack, 0, sizeof(p->thread_stack));
	} else if (el == EL_STACK && up == EL_ERROR && p->in_error) {
		struct hg_error *e = &p->cur;

		p->cur_stack = NULL;
		if (e->nstacks < HG_MAX_STACKS) {
			p->cur_stack = &e->stacks[e->nstacks++];
			memset(p->cur_stack, 0, sizeof(*p->cur_stack));
			if (e->nstacks > 1) {
				memcpy(p->cur_stack->label, e->pending, sizeof(e->pending));
				p->cur_stack->tid = e->pending_tid;
			}
		}
		e->pending[0] = '\0';
		e->pending_tid = 0;
	} else if (el == EL_STACK && up == EL_ANNOUNCE && p->cur_thread) {
		p->cur_stack = &p->thread_stack;
	} else if (el == EL_FRAME && up == EL_STACK) {
		memset(&p->frame, 0, sizeof(p->frame));
	}
	p->path[p->depth++] = el;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct hg_parser *p = ud;
	size_t room = sizeof(p->text) - 1 - p->text_len;
	size_t n = len > 0 ? (size_t)len : 0;

	if (n > room)
		n = room;
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
	p->text[p->text_len] = '\0';
}

/* The text of a leaf without the blanks around it. */
static const char *leaf_text(struct hg_parser *p)
{
	char *s = p->text;
	size_t n = p->text_len;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void on_end_error_child(struct hg_parser *p, enum hg_el el, enum hg_el up, const char *t)
{
	struct hg_error *e = &p->cur;

	if (el == EL_KIND && up == EL_ERROR)
		copy_clean(e->kind, sizeof(e->kind), t);
	else if (el == EL_TEXT && up == EL_XWHAT)
		copy_clean(e->text, sizeof(e->text), t);
	else if (el == EL_WHAT && up == EL_ERROR)
		copy_clean(e->what, sizeof(e->what), t);
	else if (el == EL_HTHREADID && up == EL_XWHAT && e->ntids < HG_MAX_TIDS)
		e->tids[e->ntids++] = parse_int(t, 1, 1000000);
	else if (el == EL_AUXWHAT && up == EL_ERROR && !strncmp(t, "Address ", 8))
		copy_clean(e->address, sizeof(e->address), t);
	else if (el == EL_AUXWHAT && up == EL_ERROR)
		copy_clean(e->pending, sizeof(e->pending), t), e->pending_tid = 0;
	else if (el == EL_TEXT && up == EL_XAUXWHAT)
		copy_clean(e->pending, sizeof(e->pending), t);
	else if (el == EL_HTHREADID && up == EL_XAUXWHAT && !e->pending_tid)
		e->pending_tid = parse_int(t, 1, 1000000);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct hg_parser *p = ud;
	enum hg_el el, up;
	const char *t;
	enum rl_err err;

	(void)name;
	if (p->bad[0] || p->depth <= 0)
		return;
	el = p->path[--p->depth];
	up = parent(p, 0);
	t = leaf_text(p);
	if (el == EL_PROTOCOLVERSION && up == EL_ROOT) {
		p->version = parse_int(t, 0, 1000);
		if (p->version != 4)
			parser_stop(p, "not Valgrind XML protocol version 4");
	} else if (el == EL_PROTOCOLTOOL && up == EL_ROOT) {
		p->tool_ok = !strcmp(t, "helgrind");
		if (!p->tool_ok)
			parser_stop(p, "the XML is not from Helgrind");
	} else if (el == EL_TOOL && up == EL_ROOT && strcmp(t, "helgrind")) {
		parser_stop(p, "the XML is not from Helgrind");
	} else if (up == EL_FRAME) {
		struct hg_frame *f = &p->frame;

		if (el == EL_FN)
			copy_clean(f->fn, sizeof(f->fn), t);
		else if (el == EL_DIR)
			copy_clean(f->dir, sizeof(f->dir), t);
		else if (el == EL_FILE)
			copy_clean(f->file, sizeof(f->file), t);
		else if (el == EL_OBJ)
			copy_clean(f->obj, sizeof(f->obj), t);
		else if (el == EL_LINE)
			f->line = parse_int(t, 1, 100000000) < 0 ? 0 : parse_int(t, 1, 100000000);
	} else if (el == EL_FRAME && up == EL_STACK && p->cur_stack) {
		stack_take_frame(p, p->cur_stack, &p->frame);
	} else if (el == EL_STACK) {
		p->cur_stack = NULL;
	} else if ((el == EL_PID || el == EL_PPID) && up == EL_ROOT) {
		long v = parse_int(t, 1, INT_MAX);

		*(el == EL_PID ? &p->pid : &p->ppid) = v > 0 ? v : 0;
	} else if (el == EL_HTHREADID && up == EL_ANNOUNCE && p->cur_thread) {
		p->cur_thread->id = parse_int(t, 1, 1000000);
	} else if (el == EL_ANNOUNCE && up == EL_ROOT && p->cur_thread) {
		const struct hg_frame *fr = p->thread_stack.has_student ? &p->thread_stack.student
									  : NULL;

		if (fr) {
			p->cur_thread->created = *fr;
			p->cur_thread->has_created = true;
		}
		if (p->cur_thread->id > 0)
			p->nthreads++;
		p->cur_thread = NULL;
	} else if (el == EL_ERROR && up == EL_ROOT && p->in_error) {
		p->in_error = false;
		if (p->nerrors++ < HG_MAX_ERRORS) {
			err = error_finish(p);
			if (err) {
				p->err = err;
				parser_stop(p, "out of memory");
			}
		}
	} else if (p->in_error && p->depth >= 2) {
		on_end_error_child(p, el, up, t);
	}
	p->text_len = 0;
	p->text[0] = '\0';
}

/* A DOCTYPE can declare entities (expansion bombs, external files): Valgrind never writes one. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	parser_stop(ud, "a DOCTYPE, which Valgrind never writes");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
			      int value_len, const XML_Char *base, const XML_Char *sysid,
			      const XML_Char *pubid, const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
	(void)pubid, (void)notation;
	parser_stop(ud, "an entity declaration");
}

/*
 * Parses xml into p->found. Returns OK with *complete telling whether the document was whole, or
 * an error with d set when it is malformed (before any cut), not Helgrind's, or has no header.
 */
static enum rl_err parse_run(struct hg_parser *p, const char *xml, size_t len, bool *complete,
			     struct diag *d)
{
	enum rl_err err = RL_ERR_OK;
	size_t off = 0;

	*complete = false;
	p->xp = XML_ParserCreate("UTF-8");
	if (!p->xp)
		return diag_set(d, RL_ERR_NOMEM, "helgrind: cannot create an XML parser");
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	XML_SetEntityDeclHandler(p->xp, on_entity);
	/* Fed in slices: XML_Parse takes an int length. */
	while (off < len) {
		size_t n = len - off > (1u << 24) ? (1u << 24) : len - off;

		if (XML_Parse(p->xp, xml + off, (int)n, XML_FALSE) != XML_STATUS_OK)
			goto bad;
		off += n;
	}
	if (!p->saw_root || p->version != 4 || !p->tool_ok) {
		/* A header cut short is no evidence at all: there is nothing to keep. */
		err = diag_set(d, RL_ERR_PARSE, "helgrind: %s",
			       !len ? "empty XML output" : "no Helgrind protocol 4 header in the XML");
		goto out;
	}
	*complete = XML_Parse(p->xp, NULL, 0, XML_TRUE) == XML_STATUS_OK && !p->bad[0];
	if (!*complete && p->bad[0])
		goto bad;
	goto out;
bad:
	if (p->err)
		err = diag_set(d, p->err, "helgrind: out of memory while reading the XML");
	else
		err = diag_set(d, RL_ERR_PARSE, "helgrind: bad XML at line %lu: %s",
			       (unsigned long)XML_GetCurrentLineNumber(p->xp),
			       p->bad[0] ? p->bad : XML_ErrorString(XML_GetErrorCode(p->xp)));
out:
	XML_ParserFree(p->xp);
	p->xp = NULL;
	return err;
}

static enum rl_err parse_common(const char *xml, size_t len, const struct source_set *src,
				struct finding_list *out, struct hg_doc *doc, bool *relock,
				struct diag *d)
{
	struct hg_parser *p = calloc(1, sizeof(*p));
	enum rl_err err;

	if (!p)
		return diag_set(d, RL_ERR_NOMEM, "helgrind: out of memory");
	p->src = src;
	err = parse_run(p, xml ? xml : "", xml ? len : 0, &doc->complete, d);
	doc->pid = p->pid;
	doc->ppid = p->ppid;
	if (relock)
		*relock = err == RL_ERR_OK && p->relock_seen;
	if (!err && out)
		err = finding_list_merge(out, &p->found);
	if (err == RL_ERR_NOMEM)
		diag_set(d, err, "helgrind: out of memory");
	finding_list_release(&p->found);
	free(p);
	return err;
}

enum rl_err helgrind_parse_xml(const char *xml, size_t len, const struct source_set *src,
			       struct finding_list *out, struct diag *d)
{
	struct finding_list tmp = FINDING_LIST_INIT;
	struct hg_doc doc;
	enum rl_err err = parse_common(xml, len, src, &tmp, &doc, NULL, d);

	if (!err && !doc.complete)
		err = diag_set(d, RL_ERR_PARSE, "helgrind: the XML output ends early");
	if (!err)
		err = finding_list_merge(out, &tmp);
	finding_list_release(&tmp);
	return err;
}

enum rl_err helgrind_parse_xml_doc(const char *xml, size_t len, const struct source_set *src,
				   struct finding_list *out, struct hg_doc *doc, struct diag *d)
{
	struct finding_list tmp = FINDING_LIST_INIT;
	struct hg_doc got = { 0 };
	enum rl_err err = parse_common(xml, len, src, &tmp, &got, NULL, d);

	if (!err)
		err = finding_list_merge(out, &tmp);
	if (doc)
		*doc = got;
	finding_list_release(&tmp);
	return err;
}

enum rl_err helgrind_parse_xml_partial(const char *xml, size_t len, const struct source_set *src,
				       struct finding_list *out, bool *complete,
				       struct diag *d)
{
	struct hg_doc doc = { 0 };
	enum rl_err err = helgrind_parse_xml_doc(xml, len, src, out, &doc, d);

	if (complete)
		*complete = doc.complete;
	return err;
}

bool helgrind_xml_has_relock(const char *xml, size_t len)
{
	bool relock = false;
	struct hg_doc doc;
	struct diag d = DIAG_INIT;

	return parse_common(xml, len, NULL, NULL, &doc, &relock, &d) == RL_ERR_OK && relock;
}
