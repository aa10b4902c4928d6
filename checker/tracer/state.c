/* The tracer's fixed tables: thread slots, synchronisation objects, held stacks, lock-order edges. */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lg.h"
#include "events.h"

struct lg_thread lg_threads[LG_MAX_THREADS];
_Atomic int lg_thread_hw;
_Atomic int lg_live;
struct lg_spin lg_threads_lock = { ATOMIC_FLAG_INIT };

static _Atomic int next_num = 1;
static _Atomic int max_live;
static _Atomic int threads_truncated, objs_truncated, edges_truncated, misuse_lines;

static struct lg_obj objs[LG_MAX_OBJS];
static _Atomic int next_obj = 1;

/*
 * A lock-order edge (from, to, gate set), with up to LG_EDGE_THREADS threads that made it: a cycle
 * needs a different thread per edge, so more threads add nothing, and a program that starts
 * thousands of threads doing the same nesting still fills one slot.
 */
#define LG_EDGE_THREADS 4
struct lg_edge {
	_Atomic uint64_t key;
	_Atomic int threads[LG_EDGE_THREADS]; /* thread number + 1; 0 = free */
};
static struct lg_edge edges[LG_MAX_EDGES];

static void note_truncated(_Atomic int *flag, const char *what)
{
	struct lg_line l = { .n = 0 };

	if (atomic_exchange(flag, 1))
		return;
	lg_put(&l, LG_REC_TRUNCATED " ");
	lg_put(&l, what);
	lg_emit(&l);
}

const char *lg_kind_name(int kind)
{
	static const char *const names[] = {
#define LG_KIND_NAME(id, name) name,
		LG_WIRE_OBJ_KINDS(LG_KIND_NAME)
#undef LG_KIND_NAME
	};

	return kind >= 0 && kind < (int)(sizeof(names) / sizeof(names[0])) ? names[kind] : "?";
}

const char *lg_wait_name(int w)
{
	static const char *const names[] = {
#define LG_WAIT_NAME(id, name) name,
		LG_WIRE_WAITS(LG_WAIT_NAME)
#undef LG_WAIT_NAME
	};

	return w >= 0 && w < (int)(sizeof(names) / sizeof(names[0])) ? names[w] : "?";
}

/* ---- threads ---- */

int lg_slot(const struct lg_thread *t)
{
	return (int)(t - lg_threads);
}

void lg_thread_track_max(void)
{
	int live = atomic_load(&lg_live), old = atomic_load(&max_live);
	struct lg_line l = { .n = 0 };

	while (live > old) {
		if (atomic_compare_exchange_weak(&max_live, &old, live)) {
			lg_put(&l, LG_REC_MAXTHREADS " ");
			lg_put_u(&l, (uint64_t)live);
			lg_emit(&l);
			return;
		}
	}
}

void lg_threads_init_main(void)
{
	struct lg_thread *t = &lg_threads[0];

	t->num = 0;
	t->parent = -1;
	t->self = pthread_self();
	atomic_store(&t->tid, (pid_t)syscall(SYS_gettid));
	t->stack_hi = lg_main_stack_hi();
	atomic_store(&t->state, LG_T_RUNNING);
	atomic_store(&lg_thread_hw, 1);
	atomic_store(&lg_live, 1);
	lg_bind_self(t, 0);
}

struct lg_thread *lg_thread_alloc(int parent)
{
	struct lg_thread *t = NULL;
	int i;

	lg_spin_lock(&lg_threads_lock);
	for (i = 0; i < LG_MAX_THREADS; i++) {
		if (atomic_load(&lg_threads[i].state) == LG_T_FREE && i != 0) {
			t = &lg_threads[i];
			break;
		}
	}
	if (t) {
		/* The watchdog may read a slot at any time; a FREE slot is skipped by it. */
		memset((char *)t + sizeof(t->state), 0, sizeof(*t) - sizeof(t->state));
		t->num = atomic_fetch_add(&next_num, 1);
		t->parent = parent;
		t->wait_target = -1;
		atomic_store(&t->state, LG_T_RUNNING);
		if (i >= atomic_load(&lg_thread_hw))
			atomic_store(&lg_thread_hw, i + 1);
		atomic_fetch_add(&lg_live, 1);
	}
	lg_spin_unlock(&lg_threads_lock);
	if (!t) {
		note_truncated(&threads_truncated, "threads");
		return NULL;
	}
	lg_thread_seed(t);
	lg_thread_track_max();
	return t;
}

void lg_thread_exited(struct lg_thread *t)
{
	struct lg_line l = { .n = 0 };
	int i;

	lg_ev(t, LG_EV_EXIT, NULL, 0, 0);
	lg_ev_count(t);
	lg_try_exit(t);
	lg_emit_stats(t);
	for (i = 0; i < t->nheld; i++)
		lg_misuse(t, "exit-holding", t->held[i].obj, &t->held[i].site);
	lg_put(&l, LG_REC_EXIT " ");
	lg_put_thread(&l, t->num);
	lg_emit(&l);
	atomic_fetch_add(&t->gen, 1);
	atomic_fetch_sub(&lg_live, 1);
	/* A detached thread is never joined: its slot is free as soon as it ends. */
	atomic_store(&t->state, t->detached ? LG_T_FREE : LG_T_EXITED);
}

struct lg_thread *lg_thread_by_num(int num)
{
	int i, hw = atomic_load(&lg_thread_hw);

	for (i = 0; i < hw; i++)
		if (atomic_load(&lg_threads[i].state) != LG_T_FREE && lg_threads[i].num == num)
			return &lg_threads[i];
	return NULL;
}

/* ---- objects ---- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

static void announce(struct lg_obj *o, uintptr_t a, const struct lg_site *site)
{
	struct lg_line l = { .n = 0 };

	lg_put(&l, LG_REC_OBJ " ");
	lg_put_obj(&l, o);
	lg_put(&l, " ");
	lg_put(&l, lg_kind_name(o->kind));
	/* A global lives in the executable's image: the harness names it from the symbol table. */
	if (a >= lg_exe_lo && a < lg_exe_hi) {
		lg_put(&l, " exe=");
		lg_put_x(&l, a - lg_exe_bias);
	} else {
		lg_put(&l, " addr=");
		lg_put_x(&l, a);
	}
	lg_put(&l, " f=");
	lg_put_site(&l, site);
	lg_emit(&l);
}

struct lg_obj *lg_obj_get(const void *addr, int kind, const struct lg_site *site)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned h = (unsigned)mix64(a) & (LG_MAX_OBJS - 1), n;

	if (!a)
		return NULL;
	/* Lock-free open addressing: a slot's key is claimed once with a CAS and never changes. */
	for (n = 0; n < 256; n++, h = (h + 1) & (LG_MAX_OBJS - 1)) {
		struct lg_obj *o = &objs[h];
		uintptr_t cur = atomic_load_explicit(&o->addr, memory_order_acquire);

		if (cur == 0) {
			if (atomic_compare_exchange_strong(&o->addr, &cur, a)) {
				o->id = atomic_fetch_add(&next_obj, 1);
				o->kind = kind;
				announce(o, a, site);
				atomic_store_explicit(&o->ready, 1, memory_order_release);
				return o;
			}
		}
		if (cur == a) {
			while (!atomic_load_explicit(&o->ready, memory_order_acquire))
				sched_yield();
			return o;
		}
	}
	note_truncated(&objs_truncated, "objects");
	return NULL;
}

struct lg_obj *lg_obj_find(uintptr_t a)
{
	unsigned h = (unsigned)mix64(a) & (LG_MAX_OBJS - 1);

	for (unsigned n = 0; a && n < 256; n++, h = (h + 1) & (LG_MAX_OBJS - 1)) {
		struct lg_obj *o = &objs[h];
		uintptr_t cur = atomic_load_explicit(&o->addr, memory_order_acquire);

		if (cur == 0)
			return NULL;
		if (cur == a)
			return atomic_load_explicit(&o->ready, memory_order_acquire) ? o : NULL;
	}
	return NULL;
}

static inline struct lg_obj *obj_cached(struct lg_thread *t, const void *addr, int kind,
					const struct lg_site *site)
{
	if (t->cache_addr != (uintptr_t)addr || !t->cache_obj) {
		t->cache_obj = lg_obj_get(addr, kind, site);
		t->cache_addr = (uintptr_t)addr;
	}
	return t->cache_obj;
}

struct lg_obj *lg_obj_held(struct lg_thread *t, const void *addr, int kind,
			   const struct lg_site *site)
{
	for (int i = t->nheld - 1; i >= 0; i--)
		if (t->held[i].addr == (uintptr_t)addr)
			return t->held[i].obj;
	return obj_cached(t, addr, kind, site);
}

int lg_spin_try(int (*try_fn)(void *), void *obj)
{
	int r = EBUSY;

	for (int i = 0; i < 8 && r == EBUSY; i++) {
		for (int k = 0; k < 4; k++) {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#else
			atomic_signal_fence(memory_order_seq_cst);
#endif
		}
		r = try_fn(obj);
	}
	return r;
}

/* ---- held locks, statistics, edges ---- */

bool lg_holds(const struct lg_thread *t, const struct lg_obj *o)
{
	int i;

	for (i = 0; i < t->nheld; i++)
		if (t->held[i].obj == o)
			return true;
	return false;
}

static struct lg_stat *stat_get(struct lg_thread *t, struct lg_obj *o)
{
	unsigned h = (unsigned)((uintptr_t)o >> 6) & (LG_STATS - 1), n;

	for (n = 0; n < LG_STATS; n++, h = (h + 1) & (LG_STATS - 1)) {
		if (t->stats[h].obj == o)
			return &t->stats[h];
		if (!t->stats[h].obj) {
			t->stats[h].obj = o;
			return &t->stats[h];
		}
	}
	return NULL;
}

void lg_emit_stats(struct lg_thread *t)
{
	int i;

	for (i = 0; i < LG_STATS; i++) {
		struct lg_stat *s = &t->stats[i];
		struct lg_line l = { .n = 0 };

		/* Only the evidence worth reading: sub-millisecond waits and holds are noise. */
		if (!s->obj || (s->max_wait_ns < 1000000 && s->max_hold_ns < 1000000))
			continue;
		lg_put(&l, LG_REC_STAT " ");
		lg_put_obj(&l, s->obj);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " acq=");
		lg_put_u(&l, s->acq);
		lg_put(&l, " maxwait_us=");
		lg_put_u(&l, s->max_wait_ns / 1000);
		lg_put(&l, " overtakes=");
		lg_put_u(&l, s->max_overtakes);
		lg_put(&l, " waitsum_us=");
		lg_put_u(&l, s->total_wait_ns / 1000);
		lg_put(&l, " maxhold_us=");
		lg_put_u(&l, s->max_hold_ns / 1000);
		lg_emit(&l);
	}
	/* Its trylock loops, lucky or not: the detector judges the lock's busy share while it tried. */
	for (i = 0; i < LG_STATS; i++) {
		struct lg_stat *s = &t->stats[i];
		struct lg_line l = { .n = 0 };

		if (!s->obj || !s->tries.loops)
			continue;
		lg_put(&l, LG_REC_TRYWAIT " ");
		lg_put_obj(&l, s->obj);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " loops=");
		lg_put_u(&l, s->tries.loops);
		lg_put(&l, " fails=");
		lg_put_u(&l, s->tries.fails);
		lg_put(&l, " us=");
		lg_put_u(&l, s->tries.window_ns / 1000);
		lg_put(&l, " heldus=");
		lg_put_u(&l, s->tries.held_ns / 1000);
		lg_put(&l, " overtakes=");
		lg_put_u(&l, s->tries.overtakes);
		lg_put(&l, " f=");
		lg_put_site(&l, &s->try_site);
		lg_emit(&l);
	}
	/* Every lock's hold lengths, short ones too: they make the lock's typical hold. */
	for (i = 0; i < LG_STATS; i++) {
		struct lg_stat *s = &t->stats[i];
		struct lg_line l = { .n = 0 };

		if (!s->obj || !s->acq)
			continue;
		lg_put(&l, LG_REC_HOLDS " ");
		lg_put_obj(&l, s->obj);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " h=");
		for (int b = 0; b < LG_HOLD_BUCKETS; b++) {
			if (b)
				lg_put(&l, ",");
			lg_put_u(&l, s->holds[b]);
		}
		lg_emit(&l);
	}
}

void lg_misuse(struct lg_thread *t, const char *what, struct lg_obj *o, const struct lg_site *s)
{
	struct lg_line l = { .n = 0 };

	if (atomic_fetch_add(&misuse_lines, 1) >= 64)
		return;
	lg_put(&l, LG_REC_MISUSE " ");
	lg_put(&l, what);
	lg_put(&l, " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " ");
	lg_put_obj(&l, o);
	lg_put(&l, " f=");
	lg_put_site(&l, s);
	lg_emit(&l);
}

void lg_wait_begin(struct lg_thread *t, int wait_kind, struct lg_obj *o, bool timed,
		   const struct lg_site *site)
{
	t->wait_obj = o;
	t->wait_timed = timed;
	t->wait_site = *site;
	t->wait_acq_snap = o ? atomic_load(&o->acq) : 0;
	if (o && (wait_kind == LG_W_MUTEX || wait_kind == LG_W_RDLOCK || wait_kind == LG_W_WRLOCK))
		lg_starve_wait_begin(t, o);
	/* A lock held across this wait is not held through a CPU stretch. */
	for (int i = 0; i < t->nheld; i++)
		t->held[i].blocked = true;
	atomic_store(&t->starve_reported, 0);
	atomic_store(&t->wait_since_ns, lg_now_ns());
	atomic_store(&t->wait_kind, wait_kind);
	if (o) {
		atomic_fetch_add(&o->waiters, 1);
		atomic_fetch_add(&o->wait_starts, 1);
	}
	atomic_fetch_add(&t->gen, 1);
	atomic_store(&t->state, LG_T_BLOCKED);
	lg_ev(t, LG_EV_WAIT, o, wait_kind, site->pc[0]);
}

void lg_wait_end(struct lg_thread *t)
{
	lg_ev(t, LG_EV_WAKE, t->wait_obj, atomic_load(&t->wait_kind), t->wait_site.pc[0]);
	atomic_store(&t->state, LG_T_RUNNING);
	atomic_fetch_add(&t->gen, 1);
	if (t->wait_obj)
		atomic_fetch_sub(&t->wait_obj->waiters, 1);
	atomic_store(&t->wait_kind, LG_W_NONE);
}

static uint64_t edge_key(const struct lg_obj *from, const struct lg_obj *to, const int *gates,
			 const char *modes, int ng)
{
	uint64_t k = mix64(((uint64_t)from->id << 32) ^ (uint64_t)to->id);
	int i;

	for (i = 0; i < ng; i++)
		k = mix64(k ^ ((uint64_t)gates[i] << 8) ^ (uint64_t)modes[i]);
	return k | 1; /* 0 marks an empty slot */
}

/* True when (edge, thread) is new and now recorded: the caller writes it out. */
static bool edge_note(uint64_t key, int thread)
{
	unsigned h = (unsigned)key & (LG_MAX_EDGES - 1), n;
	struct lg_edge *e = NULL;

	for (n = 0; n < 512 && !e; n++, h = (h + 1) & (LG_MAX_EDGES - 1)) {
		uint64_t cur = atomic_load_explicit(&edges[h].key, memory_order_acquire);

		if (cur == 0 && atomic_compare_exchange_strong(&edges[h].key, &cur, key))
			cur = key;
		if (cur == key)
			e = &edges[h];
	}
	if (!e) {
		note_truncated(&edges_truncated, "edges");
		return false;
	}
	for (int i = 0; i < LG_EDGE_THREADS; i++) {
		int cur = atomic_load_explicit(&e->threads[i], memory_order_acquire);

		if (cur == thread + 1)
			return false;
		if (cur == 0) {
			if (atomic_compare_exchange_strong(&e->threads[i], &cur, thread + 1))
				return true;
			if (cur == thread + 1)
				return false;
		}
	}
	return false; /* enough threads already recorded it */
}

void lg_order_note(struct lg_thread *t, struct lg_obj *o, char mode, const struct lg_site *site)
{
	int i, j;

	for (i = 0; i < t->nheld; i++) {
		int gates[LG_GATES], ng = 0;
		char modes[LG_GATES];
		struct lg_line l = { .n = 0 };
		struct lg_obj *from = t->held[i].obj;

		if (from == o)
			continue; /* recursive acquisition: not an ordering */
		/* Gates: the other locks held across both acquisitions (GoodLock's gate locks). */
		for (j = 0; j < t->nheld && ng < LG_GATES; j++) {
			if (j == i || t->held[j].obj == o || t->held[j].obj == from)
				continue;
			gates[ng] = t->held[j].obj->id;
			modes[ng++] = t->held[j].mode;
		}
		if (!edge_note(edge_key(from, o, gates, modes, ng), t->num))
			continue;
		lg_put(&l, LG_REC_EDGE " ");
		lg_put_obj(&l, from);
		lg_put(&l, " ");
		lg_put_obj(&l, o);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " mode=");
		l.b[l.n++] = t->held[i].mode;
		l.b[l.n++] = mode;
		lg_put(&l, " gates=");
		if (!ng)
			lg_put(&l, "-");
		for (j = 0; j < ng; j++) {
			if (j)
				lg_put(&l, ",");
			lg_put(&l, "L");
			lg_put_u(&l, (uint64_t)gates[j]);
			l.b[l.n++] = modes[j];
		}
		lg_put(&l, " ff=");
		lg_put_site(&l, &t->held[i].site);
		lg_put(&l, " tf=");
		lg_put_site(&l, site);
		lg_emit(&l);
	}
}

void lg_acquired(struct lg_thread *t, struct lg_obj *o, char mode, const struct lg_site *site,
		 uint64_t wait_ns, unsigned overtakes)
{
	/*
	 * This runs inside the program's critical section, so it stays short: the statistics of an
	 * uncontended acquisition are taken at the release, after the real unlock.
	 */
	lg_ev(t, LG_EV_ACQ, o, mode, site->pc[0]);
	/* The end of a trylock loop on o: its wait stands for the acquisition's unless it had one. */
	if (__builtin_expect(lg_try_open(t), 0)) {
		unsigned ov = 0;
		struct lg_trysum sum = { 0 };
		uint64_t w = lg_try_end(t, o, !wait_ns, &ov, &sum);
		struct lg_stat *s = sum.loops ? stat_get(t, o) : NULL;

		if (w && !wait_ns) {
			wait_ns = w;
			overtakes = ov;
		}
		if (s) {
			s->tries.loops++;
			s->tries.fails += sum.fails;
			s->tries.overtakes += sum.overtakes;
			s->tries.window_ns += sum.window_ns;
			s->tries.held_ns += sum.held_ns;
			if (sum.window_ns >= s->try_longest_ns) {
				s->try_longest_ns = sum.window_ns;
				s->try_site = *site;
			}
		}
	}
	if (t->nheld < LG_MAX_HELD) {
		struct lg_held *h = &t->held[t->nheld];

		h->obj = o;
		h->addr = t->cache_obj == o ? t->cache_addr :
			  atomic_load_explicit(&o->addr, memory_order_relaxed);
		h->mode = mode;
		h->blocked = false;
		h->since_ns = lg_tick();
		h->exact_ns = 0;
		h->site = *site;
		t->nheld++;
	} else {
		t->held_overflow = true;
	}
	/* Counted for the waiters' sake only; see struct lg_obj. */
	if (atomic_load_explicit(&o->waiters, memory_order_relaxed) > 0 ||
	    atomic_load_explicit(&o->trying, memory_order_relaxed) > 0) {
		atomic_fetch_add_explicit(&o->acq, 1, memory_order_relaxed);
		lg_starve_taken(t, o);
		/* A hold a trylock loop meets is timed exactly: the tick is coarser than a spin hold. */
		if (atomic_load_explicit(&o->trying, memory_order_relaxed) > 0 &&
		    !t->held_overflow && t->nheld && t->held[t->nheld - 1].obj == o)
			t->held[t->nheld - 1].exact_ns = lg_exact_ns();
	}
	if (!wait_ns)
		return;
	lg_starve_waited(t, o, site, wait_ns, overtakes);
	{
		struct lg_stat *s = stat_get(t, o);

		if (s) {
			s->total_wait_ns += wait_ns;
			if (wait_ns > s->max_wait_ns) {
				s->max_wait_ns = wait_ns;
				s->max_overtakes = overtakes;
			}
		}
	}
	if (wait_ns >= (uint64_t)lg_cfg.starve_ms * 1000000u) {
		struct lg_line l = { .n = 0 };

		lg_put(&l, LG_REC_LONGWAIT " ");
		lg_put_obj(&l, o);
		lg_put(&l, " ");
		lg_put_thread(&l, t->num);
		lg_put(&l, " ms=");
		lg_put_u(&l, wait_ns / 1000000);
		lg_put(&l, " overtakes=");
		lg_put_u(&l, overtakes);
		lg_put(&l, " f=");
		lg_put_site(&l, site);
		lg_emit(&l);
	}
}

char lg_released(struct lg_thread *t, struct lg_obj *o)
{
	int i;
	char mode;
	struct lg_stat *s;
	uint64_t held_ns;

	for (i = t->nheld - 1; i >= 0; i--)
		if (t->held[i].obj == o)
			break;
	if (i < 0) {
		if (t->held_overflow)
			return 'm'; /* it may be one of the locks we had no room for */
		return 0;
	}
	mode = t->held[i].mode;
	held_ns = lg_tick() - t->held[i].since_ns;
	if (i != t->nheld - 1) /* out-of-order release: close the gap */
		memmove(&t->held[i], &t->held[i + 1],
			(size_t)(t->nheld - i - 1) * sizeof(t->held[0]));
	t->nheld--;
	s = stat_get(t, o);
	if (s) {
		s->acq++;
		if (held_ns > s->max_hold_ns)
			s->max_hold_ns = held_ns;
		s->holds[lg_hold_bucket(held_ns)]++;
	}
	return mode;
}

/* ---- blocking calls made while holding locks ---- */

void lg_block_begin(struct lg_thread *t, struct lg_blockcall *b, struct lg_obj *gil)
{
	int i;

	b->n = t->nheld;
	b->gil = gil;
	if (!b->n && !gil)
		return;
	b->start_ns = lg_now_ns();
	for (i = 0; i < b->n; i++) {
		b->snaps[i] = atomic_load(&t->held[i].obj->wait_starts);
		t->held[i].blocked = true; /* a lock held across sleep or I/O: not a CPU stretch */
	}
	if (gil)
		b->gil_snap = atomic_load(&gil->wait_starts);
}

/* One "blockheld" record: o held (taken at hold_site, NULL: unknown) across the call. */
static void blockheld(struct lg_thread *t, struct lg_obj *o, unsigned snap, uint64_t dur,
		      const char *call, const struct lg_site *site, const struct lg_site *hold_site)
{
	int waiters = atomic_load(&o->waiters);
	struct lg_line l = { .n = 0 };

	/* Evidence only when someone else wanted the lock meanwhile. */
	if (!waiters && atomic_load(&o->wait_starts) == snap)
		return;
	if (atomic_fetch_add(&o->blockheld_reports, 1) >= 8)
		return;
	lg_put(&l, LG_REC_BLOCKHELD " ");
	lg_put_obj(&l, o);
	lg_put(&l, " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " call=");
	lg_put(&l, call);
	lg_put(&l, " ms=");
	lg_put_u(&l, dur / 1000000);
	lg_put(&l, " waiters=");
	lg_put_u(&l, (uint64_t)(waiters > 0 ? waiters : 1));
	lg_put(&l, " f=");
	lg_put_site(&l, site);
	lg_put(&l, " hf=");
	lg_put_site(&l, hold_site);
	lg_emit(&l);
}

void lg_block_end(struct lg_thread *t, struct lg_blockcall *b, const char *call,
		  const struct lg_site *site)
{
	uint64_t dur;
	int i;

	if (!b->n && !b->gil)
		return;
	dur = lg_now_ns() - b->start_ns;
	if (dur < (uint64_t)lg_cfg.hold_ms * 1000000u)
		return;
	for (i = 0; i < b->n && i < t->nheld; i++)
		blockheld(t, t->held[i].obj, b->snaps[i], dur, call, site, &t->held[i].site);
	if (b->gil)
		blockheld(t, b->gil, b->gil_snap, dur, call, site, NULL);
}
