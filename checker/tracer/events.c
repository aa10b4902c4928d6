/* The tracer's bounded event log: who took, released, waited and woke when, for timelines. */
#include "events.h"

#include <unistd.h>

/*
 * The first LG_EV_HEAD events go to one global table in the order a shared counter gives them;
 * after it is full, each thread slot keeps a ring of its own last LG_EV_RING events, so the hot
 * path shares no written cache line between threads (the counter is then only read). At the end
 * the rings are merged by time, newest first, up to LG_EV_TAIL events. The head is 256 KiB, the
 * rings 32 MiB of address space, touched only by the slots in use.
 */
#define LG_EV_HEAD 8192
#define LG_EV_RING 1024 /* a power of two */
#define LG_EV_TAIL 8192

struct lg_ev_rec {
	_Atomic uint64_t seq; /* (index + 1) once the record is complete; 0 while written */
	uint64_t ns;
	uintptr_t pc;
	uint16_t obj;         /* object id (below LG_MAX_OBJS), 0 none */
	int16_t thread;       /* thread number */
	uint8_t type;
	uint16_t arg;
};

struct lg_ev_ring {
	uint64_t n; /* events this slot recorded after the head filled; only its owner writes it */
	uint64_t last_ns; /* the time of the slot's last event */
	uint64_t all, acq, waits; /* the slot's thread's totals (lg_ev_count) */
	struct lg_ev_rec r[LG_EV_RING];
};

static struct lg_ev_rec ev_head[LG_EV_HEAD];
static _Atomic uint64_t ev_next;
static struct lg_ev_ring ev_rings[LG_MAX_THREADS];
static _Atomic int ev_emitted;

/*
 * The events' clocks. A precise read (CLOCK_MONOTONIC) costs ~90 ns on the VMs this runs on and
 * the time-stamp counter ~45 ns: on every acquisition and release that made a lock-heavy program
 * 4x slower. So the hot events (acq, rel) read the coarse clock (~5 ns, a few ms steps) and
 * every other event, which comes with a wait or a system call anyway, the precise one. A coarse
 * time is never earlier than the thread's previous event: within a step the timeline spaces
 * events by their order.
 */
static uint64_t precise_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fill(struct lg_ev_rec *r, uint64_t seq, struct lg_thread *t, int type,
		 const struct lg_obj *o, int arg, uintptr_t pc, uint64_t ns)
{
	/* A ring slot being rewritten reads as incomplete until its new seq is stored. */
	atomic_store_explicit(&r->seq, 0, memory_order_relaxed);
	r->ns = ns;
	r->pc = pc;
	r->obj = (uint16_t)(o ? o->id : 0);
	r->thread = (int16_t)(t ? t->num : -1);
	r->type = (uint8_t)type;
	r->arg = (uint16_t)arg;
	atomic_store_explicit(&r->seq, seq + 1, memory_order_release);
}

void lg_ev(struct lg_thread *t, int type, const struct lg_obj *o, int arg, uintptr_t pc)
{
	int slot = t ? lg_slot(t) : -1;
	struct lg_ev_ring *ring;
	uint64_t ns;

	if (slot < 0 || slot >= LG_MAX_THREADS)
		return;
	ring = &ev_rings[slot];
	ring->all++;
	ring->acq += type == LG_EV_ACQ;
	ring->waits += type == LG_EV_WAIT;
	if (type == LG_EV_ACQ || type == LG_EV_REL) {
		ns = lg_now_ns();
		if (ns < ring->last_ns)
			ns = ring->last_ns;
	} else {
		ns = precise_ns();
	}
	ring->last_ns = ns;
	if (atomic_load_explicit(&ev_next, memory_order_relaxed) < LG_EV_HEAD) {
		uint64_t i = atomic_fetch_add_explicit(&ev_next, 1, memory_order_relaxed);

		if (i < LG_EV_HEAD) {
			fill(&ev_head[i], i, t, type, o, arg, pc, ns);
			return;
		}
	}
	fill(&ring->r[ring->n % LG_EV_RING], ring->n, t, type, o, arg, pc, ns);
	ring->n++;
}

static void emit_one(const struct lg_ev_rec *r, uint64_t seq)
{
	static const char *const names[] = {
#define LG_EV_NAME(id, name) name,
		LG_WIRE_EVENTS(LG_EV_NAME)
#undef LG_EV_NAME
	};
	struct lg_line l = { .n = 0 };
	uintptr_t pc = r->pc;

	lg_put(&l, LG_REC_EV " ");
	lg_put_u(&l, seq);
	lg_put(&l, " ");
	lg_put_u(&l, r->ns);
	lg_put(&l, " ");
	lg_put_thread(&l, r->thread);
	lg_put(&l, " ");
	lg_put(&l, r->type < sizeof(names) / sizeof(*names) ? names[r->type] : "?");
	lg_put(&l, " ");
	if (r->obj && r->type != LG_EV_CREATE) {
		lg_put(&l, "L");
		lg_put_u(&l, (uint64_t)r->obj);
	} else {
		lg_put(&l, "-");
	}
	lg_put(&l, " ");
	lg_put_u(&l, r->arg);
	lg_put(&l, " ");
	lg_module_refresh();
	if (pc >= lg_exe_lo && pc < lg_exe_hi)
		lg_put_x(&l, pc - lg_exe_bias);
	else
		lg_put(&l, "-");
	lg_emit(&l);
}

void lg_ev_count(struct lg_thread *t)
{
	int slot = lg_slot(t);
	struct lg_ev_ring *g;
	struct lg_line l = { .n = 0 };

	if (slot < 0 || slot >= LG_MAX_THREADS || !ev_rings[slot].all)
		return;
	g = &ev_rings[slot];
	lg_put(&l, LG_REC_EVCOUNT " ");
	lg_put_thread(&l, t->num);
	lg_put(&l, " events=");
	lg_put_u(&l, g->all);
	lg_put(&l, " acq=");
	lg_put_u(&l, g->acq);
	lg_put(&l, " wait=");
	lg_put_u(&l, g->waits);
	lg_emit(&l);
	g->all = g->acq = g->waits = 0;
}

/* The ring (and its position) holding the newest event not yet taken, or -1 when none is left. */
static int newest(const uint64_t *pos, int hw)
{
	int best = -1;
	uint64_t best_ns = 0;

	for (int k = 0; k < hw; k++) {
		const struct lg_ev_ring *g = &ev_rings[k];
		const struct lg_ev_rec *r;

		if (!pos[k])
			continue;
		r = &g->r[(pos[k] - 1) % LG_EV_RING];
		if (best < 0 || r->ns > best_ns) {
			best = k;
			best_ns = r->ns;
		}
	}
	return best;
}

void lg_ev_emit(void)
{
	/* Positions in the rings: static, as the tracer keeps no large tables on a stack. */
	static uint64_t pos[LG_MAX_THREADS];
	struct lg_line l = { .n = 0 };
	uint64_t head = atomic_load(&ev_next), total, kept = 0, rank = 0;
	int hw = atomic_load(&lg_thread_hw);

	if (atomic_exchange(&ev_emitted, 1))
		return;
	for (int k = 0; k < hw && k < LG_MAX_THREADS; k++) {
		int st = atomic_load(&lg_threads[k].state);

		if (st == LG_T_RUNNING || st == LG_T_BLOCKED)
			lg_ev_count(&lg_threads[k]);
	}
	if (head > LG_EV_HEAD)
		head = LG_EV_HEAD;
	total = head;
	for (int k = 0; k < hw && k < LG_MAX_THREADS; k++) {
		uint64_t n = ev_rings[k].n;

		total += n;
		pos[k] = n;
		/* Only the last LG_EV_RING of a ring are there; an older position is gone. */
		kept += n < LG_EV_RING ? n : LG_EV_RING;
	}
	kept = head + (kept < LG_EV_TAIL ? kept : LG_EV_TAIL);
	lg_put(&l, LG_REC_EVINFO " total=");
	lg_put_u(&l, total);
	lg_put(&l, " kept=");
	lg_put_u(&l, kept);
	lg_emit(&l);
	for (uint64_t i = 0; i < head; i++)
		if (atomic_load_explicit(&ev_head[i].seq, memory_order_acquire) == i + 1)
			emit_one(&ev_head[i], i);
	/* Newest first; the global order of a ring event is its rank from the end. */
	for (int k; rank < LG_EV_TAIL && (k = newest(pos, hw)) >= 0; rank++) {
		const struct lg_ev_rec *r = &ev_rings[k].r[(pos[k] - 1) % LG_EV_RING];

		if (atomic_load_explicit(&r->seq, memory_order_acquire) == pos[k])
			emit_one(r, total - 1 - rank);
		pos[k] = pos[k] > 1 && ev_rings[k].n - (pos[k] - 1) < LG_EV_RING ? pos[k] - 1 : 0;
	}
}
