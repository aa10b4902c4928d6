/* Internal contract of the lock tracer: its fixed tables, the per-thread state and the helpers. */
#ifndef RACELAB_LG_H
#define RACELAB_LG_H

/*
 * The tracer is an LD_PRELOAD library. Everything here is hidden (-fvisibility=hidden); only the
 * interposed libc symbols are exported, each made by LG_INTERCEPTOR (intercept.h), which marks it
 * LG_EXPORT. Rules that hold everywhere:
 * - no malloc after the constructor: every table is static with a fixed size and a truncated flag;
 * - the tracer's own locks are raw spinlocks (lg_spin), never the interposed pthread functions;
 * - output goes only through lg_emit() (write(2) from a stack buffer to the harness's file);
 * - inside a wrapper the thread's re-entrancy flag is set, so anything the real function calls
 *   that we also interpose goes straight to libc.
 */

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include "trace_wire.h"

#define LG_EXPORT __attribute__((visibility("default")))

#define LG_MAX_THREADS 1024  /* thread slots; reused after join */
#define LG_MAX_HELD 16       /* locks one thread holds at once */
#define LG_MAX_OBJS 4096     /* synchronisation objects (power of two: a hash table) */
#define LG_MAX_EDGES 8192    /* lock-order edges (power of two) */
#define LG_STATS 32          /* per-thread wait/hold statistics slots (power of two) */
#define LG_OUT_CAP (4u << 20) /* bytes written at most, so RLIMIT_FSIZE never kills the program */

/* Object and wait kinds are numbered as the wire format names them (lg_kind_name, lg_wait_name). */
enum lg_kind {
#define LG_KIND_ENUM(id, name) LG_##id,
	LG_WIRE_OBJ_KINDS(LG_KIND_ENUM)
#undef LG_KIND_ENUM
};
enum lg_tstate { LG_T_FREE, LG_T_RUNNING, LG_T_BLOCKED, LG_T_EXITED };
enum lg_wait {
#define LG_WAIT_ENUM(id, name) LG_W_##id,
	LG_WIRE_WAITS(LG_WAIT_ENUM)
#undef LG_WAIT_ENUM
};

/* Raw return addresses of a call site, innermost first; 0 ends the list. */
struct lg_site {
	uintptr_t pc[LG_SITE_FRAMES];
};

/*
 * One per synchronisation object, on its own cache line. The fast path of an acquisition only
 * reads it: holders are found from the threads' held stacks, and acquisitions are counted only
 * while someone waits (which is when "overtakes" mean something), so an uncontended lock costs
 * no extra cache-line transfers between cores.
 */
struct __attribute__((aligned(64))) lg_obj {
	_Atomic uintptr_t addr; /* hash key; 0 = empty slot */
	_Atomic int ready;      /* set once id and kind are valid */
	int id;                 /* "L<id>" in the output */
	int kind;               /* enum lg_kind */
	_Atomic unsigned acq;   /* acquisitions while someone waited: overtakes are differences */
	_Atomic unsigned wait_starts; /* how many waits began on it: held-across-blocking evidence */
	_Atomic int waiters;
	_Atomic int trying;     /* threads in a trylock-with-backoff wait on it (starve.c) */
	_Atomic uint64_t tryheld_ns; /* exact hold time of holds taken while someone was trying */
	_Atomic bool polled;    /* someone called a trylock on it: lg_perturb_lock leaves it be */
	int barrier_count;
	_Atomic int blockheld_reports;
};

struct lg_held {
	struct lg_obj *obj;
	uintptr_t addr;     /* obj's address, kept here so an unlock needs no table lookup */
	char mode;          /* 'm' mutex, 'r' read, 'w' write */
	bool blocked;       /* the holder waited or made a blocking call since: not a CPU stretch */
	uint64_t since_ns;
	uint64_t exact_ns;  /* taken while another thread was trying: exact start (starve.c), or 0 */
	struct lg_site site;
};

/* Wait and hold statistics of one thread on one lock. */
struct lg_stat {
	struct lg_obj *obj;
	unsigned acq;
	unsigned max_overtakes; /* acquisitions by others during this thread's longest wait */
	uint64_t max_wait_ns, total_wait_ns, max_hold_ns;
	unsigned holds[LG_HOLD_BUCKETS]; /* hold lengths (lg_hold_bucket): the lock's typical hold */
	struct lg_trysum {               /* this thread's trylock loops on it that succeeded */
		unsigned loops, fails, overtakes;
		uint64_t window_ns, held_ns; /* time trying; others' holds meanwhile (exact) */
	} tries;
	struct lg_site try_site;         /* where its longest loop tried */
	uint64_t try_longest_ns;
};

/* Per-wrapper call counts, one per LG_CALLS name, written at exit ("calls NAME N"). */
enum lg_call {
#define LG_CALL_ENUM(name) LG_C_##name,
	LG_CALLS(LG_CALL_ENUM)
#undef LG_CALL_ENUM
	LG_C__COUNT
};
/* Per-thread counters: no shared cache line on the hot path. */
#define LG_COUNT(t, name) ((t)->calls[LG_C_##name]++)

struct __attribute__((aligned(64))) lg_thread {
	_Atomic int state;      /* enum lg_tstate */
	int num;                /* 0 = main, n = "T<n>" */
	int parent;
	_Atomic pid_t tid;      /* the kernel's thread id: a mutex's __data.__owner (fork_held.c) */
	pthread_t self;
	void *(*start)(void *);
	void *arg;
	uintptr_t stack_hi;     /* frames at or above it are not the program's */
	/* What it waits for (valid while state == LG_T_BLOCKED). */
	_Atomic int wait_kind;
	struct lg_obj *wait_obj;
	struct lg_obj *wait_mutex; /* the mutex of a condition wait */
	int wait_target;        /* thread number a join waits for, -1 unknown */
	bool wait_timed;
	_Atomic uint64_t wait_since_ns;
	unsigned wait_acq_snap;
	_Atomic int starve_reported;
	struct lg_site wait_site;
	_Atomic unsigned gen;   /* bumped at every block/unblock: the watchdog's stability check */
	int nheld;
	bool held_overflow;
	struct lg_held held[LG_MAX_HELD];
	struct lg_stat stats[LG_STATS];
	uint64_t rng;
	int prio;               /* PCT-style priority from the seed: low ones yield more */
	uintptr_t cache_addr;   /* the last object looked up, to skip the hash on repeats */
	struct lg_obj *cache_obj;
	uint64_t sleep_budget_ns; /* perturbation sleeps left to this thread */
	bool detached;
	unsigned long calls[LG_C__COUNT];
};

struct lg_config {
	bool active;
	long seed;              /* -1: no perturbation */
	long hang_ms, starve_ms, hold_ms;
};

extern struct lg_config lg_cfg;
extern struct lg_thread lg_threads[LG_MAX_THREADS];
extern _Atomic int lg_thread_hw; /* slots [0, hw) have been used */
extern uintptr_t lg_exe_bias, lg_exe_lo, lg_exe_hi;
struct dl_phdr_info;
/* The address range [*lo, *hi) of a loaded image's PT_LOAD segments (dl_iterate_phdr's info);
 * *hi is 0 when it has none. */
void lg_image_range(const struct dl_phdr_info *info, uintptr_t *lo, uintptr_t *hi);
/*
 * With RACELAB_LOCKGRAPH_MODULE set (a program run by an interpreter), "the executable" of call
 * sites and globals is that shared object, once loaded: lg_exe_* stay empty until then, and this
 * looks for it (cheap once found; called where sites are captured or written).
 */
void lg_module_refresh(void);

/*
 * CPython's GIL as a pseudo-lock (gil.c). lg_gil_resolve: once, in the constructor. lg_gil_held:
 * whether CPython is initialized and the calling thread holds its GIL (false without libpython).
 * lg_gil_obj: the pseudo-lock's object (kind LG_GIL), NULL when the table is full.
 * lg_gil_wait_begin/end: around a condition wait; they count it as a wait for the GIL when
 * libpython's own code waits on behalf of a Python thread that does not hold it (take_gil()).
 */
void lg_gil_resolve(void);
bool lg_gil_held(void);
struct lg_obj *lg_gil_obj(void);
bool lg_gil_wait_begin(const void *caller);
void lg_gil_wait_end(bool counted);

/* The real functions, resolved in the constructor and lazily (lg_resolve). */
struct lg_real {
	int (*mutex_lock)(pthread_mutex_t *);
	int (*mutex_trylock)(pthread_mutex_t *);
	int (*mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
	int (*mutex_clocklock)(pthread_mutex_t *, clockid_t, const struct timespec *);
	int (*mutex_unlock)(pthread_mutex_t *);
	int (*rw_rdlock)(pthread_rwlock_t *);
	int (*rw_wrlock)(pthread_rwlock_t *);
	int (*rw_tryrdlock)(pthread_rwlock_t *);
	int (*rw_trywrlock)(pthread_rwlock_t *);
	int (*rw_timedrdlock)(pthread_rwlock_t *, const struct timespec *);
	int (*rw_timedwrlock)(pthread_rwlock_t *, const struct timespec *);
	int (*rw_clockrdlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
	int (*rw_clockwrlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
	int (*rw_unlock)(pthread_rwlock_t *);
	int (*cond_wait)(pthread_cond_t *, pthread_mutex_t *);
	int (*cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
	int (*cond_clockwait)(pthread_cond_t *, pthread_mutex_t *, clockid_t,
			      const struct timespec *);
	int (*cond_signal)(pthread_cond_t *);
	int (*cond_broadcast)(pthread_cond_t *);
	int (*sem_wait)(sem_t *);
	int (*sem_trywait)(sem_t *);
	int (*sem_timedwait)(sem_t *, const struct timespec *);
	int (*sem_clockwait)(sem_t *, clockid_t, const struct timespec *);
	int (*sem_post)(sem_t *);
	int (*barrier_init)(pthread_barrier_t *, const pthread_barrierattr_t *, unsigned);
	int (*barrier_wait)(pthread_barrier_t *);
	int (*create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	int (*join)(pthread_t, void **);
	void (*exit)(void *) __attribute__((noreturn));
	int (*detach)(pthread_t);
	pid_t (*fork)(void);
	unsigned (*sleep)(unsigned);
	int (*usleep)(useconds_t);
	int (*nanosleep)(const struct timespec *, struct timespec *);
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	int (*poll)(void *, unsigned long, int);
	int (*select)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
	pid_t (*waitpid)(pid_t, int *, int);
	pid_t (*wait)(int *);
	pid_t (*wait4)(pid_t, int *, int, struct rusage *);
	int (*waitid)(idtype_t, id_t, siginfo_t *, int);
	int (*spin_init)(pthread_spinlock_t *, int);
	int (*spin_destroy)(pthread_spinlock_t *);
	int (*spin_lock)(pthread_spinlock_t *);
	int (*spin_trylock)(pthread_spinlock_t *);
	int (*spin_unlock)(pthread_spinlock_t *);
};
extern struct lg_real lg_real;
void lg_resolve(void);

/* Resolves one real function on first use, for wrappers called before the constructor ran. */
#define LG_REAL(f) (__builtin_expect(lg_real.f != NULL, 1) ? lg_real.f : (lg_resolve(), lg_real.f))

/*
 * Enters a wrapper: returns the calling thread's slot with the re-entrancy flag set, or NULL
 * when the call must go straight to libc (tracer inactive, nested call, watchdog, no slot).
 * Every non-NULL return is paired with lg_leave().
 */
struct lg_thread *lg_enter_slow(void);
extern _Atomic int lg_disabled;
/*
 * The re-entrancy flag and the thread's slot. initial-exec TLS is a fixed offset from the thread
 * pointer, so reading it never calls __tls_get_addr (which may allocate).
 */
extern __thread int lg_in_tracer __attribute__((tls_model("initial-exec")));
extern __thread struct lg_thread *lg_self __attribute__((tls_model("initial-exec")));

static inline struct lg_thread *lg_enter(void)
{
	if (!lg_cfg.active || lg_in_tracer ||
	    atomic_load_explicit(&lg_disabled, memory_order_relaxed))
		return NULL;
	if (__builtin_expect(!lg_self, 0))
		return lg_enter_slow();
	lg_in_tracer = 1;
	return lg_self;
}

static inline void lg_leave(void)
{
	lg_in_tracer = 0;
}

/*
 * The raw material of a call site: the exported shim's return and frame address (LG_CALLER must
 * expand in the shim itself), turned into a site by lg_site_capture() while that frame is live.
 */
struct lg_caller {
	void *ret, *frame;
};
#define LG_CALLER(c)                                                                             \
	((c)->ret = __builtin_return_address(0), (c)->frame = __builtin_frame_address(0))
void lg_site_capture(struct lg_site *s, void *ret, void *frame);

/*
 * The tracer's one clock: CLOCK_MONOTONIC_COARSE (a few ms of resolution, ~10 ns a read). Its
 * thresholds are tens of milliseconds and more; a precise read costs ~60 ns on a VM, which on
 * the fast path alone would double a lock-heavy program's time.
 */
uint64_t lg_now_ns(void);
uint64_t lg_exact_ns(void);
/*
 * Hold times on the fast path read no clock at all: the watchdog refreshes this tick every
 * period (20 ms), which is precise enough for hold-time evidence measured in hundreds of ms.
 */
extern _Atomic uint64_t lg_tick_ns;
static inline uint64_t lg_tick(void)
{
	return atomic_load_explicit(&lg_tick_ns, memory_order_relaxed);
}
int lg_slot(const struct lg_thread *t);
struct lg_thread *lg_thread_by_num(int num);
/* Names a thread number: "main" or "T<n>". buf needs 16 bytes. */
const char *lg_thread_name(int num, char *buf);

/* Objects: looked up (and announced in the output on first sight) by address. */
struct lg_obj *lg_obj_get(const void *addr, int kind, const struct lg_site *site);
/* The object already known at addr, or NULL: a lookup that announces nothing. */
struct lg_obj *lg_obj_find(uintptr_t addr);
/* The object of a lock this thread holds (no table lookup), else lg_obj_get(). */
struct lg_obj *lg_obj_held(struct lg_thread *t, const void *addr, int kind,
			   const struct lg_site *site);
/*
 * Before publishing a wait: retries the try function briefly (as glibc's adaptive mutexes do), so
 * the many short waits of a busy lock skip the wait bookkeeping. Returns the last try's result.
 */
int lg_spin_try(int (*try_fn)(void *), void *obj);

/* Lock bookkeeping shared by the mutex and rwlock wrappers. */
void lg_wait_begin(struct lg_thread *t, int wait_kind, struct lg_obj *o, bool timed,
		   const struct lg_site *site);
void lg_wait_end(struct lg_thread *t);
/* Records the edges held -> o, then (acquired) pushes o. blocking: an untimed, non-try acquire. */
void lg_order_note(struct lg_thread *t, struct lg_obj *o, char mode, const struct lg_site *site);
void lg_acquired(struct lg_thread *t, struct lg_obj *o, char mode, const struct lg_site *site,
		 uint64_t wait_ns, unsigned overtakes);
/* Pops o from the held stack; returns its mode, or 0 when the thread did not hold it. */
char lg_released(struct lg_thread *t, struct lg_obj *o);
bool lg_holds(const struct lg_thread *t, const struct lg_obj *o);
void lg_misuse(struct lg_thread *t, const char *what, struct lg_obj *o, const struct lg_site *s);

/* Schedule perturbation at a sync point (no-op without a seed). */
void lg_perturb_slow(struct lg_thread *t);
static inline void lg_perturb(struct lg_thread *t)
{
	if (lg_cfg.seed >= 0)
		lg_perturb_slow(t);
}

/*
 * At a lock or an unlock of o, unless o was ever tried with a trylock (from that call on): a
 * trylock loop is judged on whether it gets in (starve.c), and a delay put between a holder's
 * unlock and its next lock would hand it the lock that the program alone would deny it (spin.c
 * never perturbs). Marked at the first try, not the first failure: a perturbed holder asleep
 * outside the lock lets every try of a short loop in at once, leaving nothing to judge.
 */
static inline void lg_perturb_lock(struct lg_thread *t, struct lg_obj *o)
{
	if (lg_cfg.seed >= 0 && !atomic_load_explicit(&o->polled, memory_order_relaxed))
		lg_perturb_slow(t);
}

/* A trylock of o is under way: from now on o is never perturbed (lg_perturb_lock). */
static inline void lg_mark_polled(struct lg_obj *o)
{
	if (!atomic_load_explicit(&o->polled, memory_order_relaxed))
		atomic_store(&o->polled, true);
}

/*
 * Blocking calls made while holding locks (sleep, read, ...), or CPython's GIL (gil: the pseudo
 * lock of gil.c, NULL when the caller does not hold it).
 */
struct lg_blockcall {
	uint64_t start_ns;
	unsigned snaps[LG_MAX_HELD];
	int n;
	struct lg_obj *gil;
	unsigned gil_snap;
};
void lg_block_begin(struct lg_thread *t, struct lg_blockcall *b, struct lg_obj *gil);
void lg_block_end(struct lg_thread *t, struct lg_blockcall *b, const char *call,
		  const struct lg_site *site);

/*
 * Starvation evidence (starve.c): who took a lock while others waited, slow waits, trylock waits
 * (failed tries from the first failure to the success), long holds on the CPU with a waiter.
 */
void lg_starve_taken(struct lg_thread *t, struct lg_obj *o);
void lg_starve_wait_begin(struct lg_thread *t, struct lg_obj *o);
void lg_starve_waited(struct lg_thread *t, struct lg_obj *o, const struct lg_site *site,
		      uint64_t wait_ns, unsigned overtakes);
/* Called by an unlock before the real one; costs a held-stack lookup unless the hold was long. */
void lg_starve_unlocking(struct lg_thread *t, struct lg_obj *o);
void lg_try_failed(struct lg_thread *t, struct lg_obj *o);
uint64_t lg_try_end(struct lg_thread *t, struct lg_obj *o, bool use, unsigned *overtakes,
		    struct lg_trysum *sum);
bool lg_try_open(const struct lg_thread *t);
void lg_try_exit(struct lg_thread *t);
int lg_hold_bucket(uint64_t held_ns);

/* Output: one line per record, written with write(2). */
struct lg_line {
	char b[512];
	unsigned n;
};
void lg_put(struct lg_line *l, const char *s);
void lg_put_u(struct lg_line *l, uint64_t v);
void lg_put_x(struct lg_line *l, uint64_t v);
void lg_put_site(struct lg_line *l, const struct lg_site *s);
void lg_put_thread(struct lg_line *l, int num);
void lg_put_obj(struct lg_line *l, const struct lg_obj *o);
void lg_emit(struct lg_line *l);
void lg_emit_stats(struct lg_thread *t);
/* Adds a thread's call counts to the process totals; lg_emit_calls() writes the totals. */
void lg_calls_flush(struct lg_thread *t);
void lg_emit_calls(void);

/* Threads. */
void lg_bind_self(struct lg_thread *t, int nested);
void lg_thread_seed(struct lg_thread *t);
uintptr_t lg_main_stack_hi(void);
struct lg_thread *lg_thread_alloc(int parent);
void lg_thread_exited(struct lg_thread *t);
void lg_thread_track_max(void);
extern _Atomic int lg_live;

/* Watchdog. */
void lg_watchdog_start(void);
void lg_snapshot(const char *why, uint64_t stuck_ns);

/* Raw spinlock for the tracer's own short critical sections. */
struct lg_spin {
	atomic_flag f;
};
void lg_spin_lock(struct lg_spin *s);
void lg_spin_unlock(struct lg_spin *s);
extern struct lg_spin lg_threads_lock;

/* A whole decimal number from the environment; dflt when unset, empty, malformed or out of range. */
long lg_env_long(const char *name, long dflt);
const char *lg_wait_name(int wait_kind);
const char *lg_kind_name(int kind);

#endif
