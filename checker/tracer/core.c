/* The tracer's core: configuration, real symbols, re-entrancy, call sites, output, perturbation. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lg.h"
#include "events.h"
#include "sched_ctl.h"

struct lg_config lg_cfg = { .active = false, .seed = -1, .hang_ms = 1000, .starve_ms = 1000,
			    .hold_ms = 100 };
struct lg_real lg_real;
uintptr_t lg_exe_bias, lg_exe_lo, lg_exe_hi;
/* RACELAB_LOCKGRAPH_MODULE: the student's shared object, standing for the executable. */
static char module_name[256];
static _Atomic int module_found;

static int out_fd = -1;
static _Atomic unsigned long out_bytes;
static _Atomic int out_truncated;
/* Set in a forked child: the child is not traced (its events would interleave with the parent's). */
_Atomic int lg_disabled;

__thread int lg_in_tracer __attribute__((tls_model("initial-exec")));
__thread struct lg_thread *lg_self __attribute__((tls_model("initial-exec")));

extern void *__libc_stack_end;

void lg_spin_lock(struct lg_spin *s)
{
	while (atomic_flag_test_and_set_explicit(&s->f, memory_order_acquire))
		sched_yield();
}

void lg_spin_unlock(struct lg_spin *s)
{
	atomic_flag_clear_explicit(&s->f, memory_order_release);
}

static void *sym(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void lg_resolve(void)
{
	struct lg_real *r = &lg_real;

	/* Each pointer is stored once; concurrent first calls store the same values. */
	r->mutex_lock = sym("pthread_mutex_lock");
	r->mutex_trylock = sym("pthread_mutex_trylock");
	r->mutex_timedlock = sym("pthread_mutex_timedlock");
	r->mutex_clocklock = sym("pthread_mutex_clocklock");
	r->mutex_unlock = sym("pthread_mutex_unlock");
	r->rw_rdlock = sym("pthread_rwlock_rdlock");
	r->rw_wrlock = sym("pthread_rwlock_wrlock");
	r->rw_tryrdlock = sym("pthread_rwlock_tryrdlock");
	r->rw_trywrlock = sym("pthread_rwlock_trywrlock");
	r->rw_timedrdlock = sym("pthread_rwlock_timedrdlock");
	r->rw_timedwrlock = sym("pthread_rwlock_timedwrlock");
	r->rw_clockrdlock = sym("pthread_rwlock_clockrdlock");
	r->rw_clockwrlock = sym("pthread_rwlock_clockwrlock");
	r->rw_unlock = sym("pthread_rwlock_unlock");
#if defined(__x86_64__)
	/*
	 * The condition variable ABI changed in glibc 2.3.2; plain dlsym may hand back the old
	 * compatibility version, which would corrupt a new-style pthread_cond_t.
	 */
	r->cond_wait = dlvsym(RTLD_NEXT, "pthread_cond_wait", "GLIBC_2.3.2");
	r->cond_timedwait = dlvsym(RTLD_NEXT, "pthread_cond_timedwait", "GLIBC_2.3.2");
	r->cond_signal = dlvsym(RTLD_NEXT, "pthread_cond_signal", "GLIBC_2.3.2");
	r->cond_broadcast = dlvsym(RTLD_NEXT, "pthread_cond_broadcast", "GLIBC_2.3.2");
#endif
	if (!r->cond_wait)
		r->cond_wait = sym("pthread_cond_wait");
	if (!r->cond_timedwait)
		r->cond_timedwait = sym("pthread_cond_timedwait");
	if (!r->cond_signal)
		r->cond_signal = sym("pthread_cond_signal");
	if (!r->cond_broadcast)
		r->cond_broadcast = sym("pthread_cond_broadcast");
	r->cond_clockwait = sym("pthread_cond_clockwait");
	r->sem_wait = sym("sem_wait");
	r->sem_trywait = sym("sem_trywait");
	r->sem_timedwait = sym("sem_timedwait");
	r->sem_clockwait = sym("sem_clockwait");
	r->sem_post = sym("sem_post");
	r->barrier_init = sym("pthread_barrier_init");
	r->barrier_wait = sym("pthread_barrier_wait");
	r->create = sym("pthread_create");
	r->join = sym("pthread_join");
	r->exit = sym("pthread_exit");
	r->detach = sym("pthread_detach");
	r->fork = sym("fork");
	r->sleep = sym("sleep");
	r->usleep = sym("usleep");
	r->nanosleep = sym("nanosleep");
	r->read = sym("read");
	r->write = sym("write");
	r->poll = sym("poll");
	r->select = sym("select");
	r->waitpid = sym("waitpid");
	r->wait = sym("wait");
	r->wait4 = sym("wait4");
	r->waitid = sym("waitid");
	r->spin_init = sym("pthread_spin_init");
	r->spin_destroy = sym("pthread_spin_destroy");
	r->spin_lock = sym("pthread_spin_lock");
	r->spin_trylock = sym("pthread_spin_trylock");
	r->spin_unlock = sym("pthread_spin_unlock");
}

/* A thread we did not see start (created behind our back): give it a slot now. */
struct lg_thread *lg_enter_slow(void)
{
	struct lg_thread *t;

	lg_in_tracer = 1;
	t = lg_thread_alloc(-1);
	if (!t)
		return NULL; /* no slot: the flag stays set, so this thread is never traced */
	t->self = pthread_self();
	atomic_store(&t->tid, (pid_t)syscall(SYS_gettid));
	t->stack_hi = 0;
	lg_self = t;
	return t; /* with the flag set, as lg_enter() returns it */
}

/* Called by the thread trampoline and the watchdog: bind (or, with NULL, mark as not traced). */
void lg_bind_self(struct lg_thread *t, int nested)
{
	lg_self = t;
	lg_in_tracer = nested;
}

void lg_site_capture(struct lg_site *s, void *ret, void *frame)
{
	uintptr_t *fp = frame, hi, lo = (uintptr_t)frame;
	int i = 1;

	lg_module_refresh();
	memset(s, 0, sizeof(*s));
	s->pc[0] = (uintptr_t)ret;
	/*
	 * Walk the caller's frame-pointer chain for outer frames (so a lock taken inside a helper is
	 * also attributed to the student's line that called the helper). The plain build is -O0, which
	 * keeps frame pointers; every step is checked so a frame without one only ends the walk.
	 */
	hi = lg_self ? lg_self->stack_hi : 0;
	if (!fp || !hi)
		return;
	fp = (uintptr_t *)fp[0]; /* the caller's frame */
	while (i < LG_SITE_FRAMES) {
		uintptr_t *next;

		if ((uintptr_t)fp & 7 || (uintptr_t)fp <= lo || (uintptr_t)fp + 16 > hi)
			break;
		if (fp[1] < lg_exe_lo || fp[1] >= lg_exe_hi)
			break; /* left the program's code: frames beyond are libc's */
		s->pc[i++] = fp[1];
		next = (uintptr_t *)fp[0];
		if (next <= fp || (uintptr_t)next - (uintptr_t)fp > (1u << 20))
			break;
		fp = next;
	}
}

_Atomic uint64_t lg_tick_ns;

uint64_t lg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The fine clock, for the few measurements the coarse one (about 4 ms) cannot make. */
uint64_t lg_exact_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- output ---- */

void lg_put(struct lg_line *l, const char *s)
{
	while (*s && l->n < sizeof(l->b) - 2)
		l->b[l->n++] = *s++;
}

void lg_put_u(struct lg_line *l, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && l->n < sizeof(l->b) - 2)
		l->b[l->n++] = tmp[--n];
}

void lg_put_x(struct lg_line *l, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n && l->n < sizeof(l->b) - 2)
		l->b[l->n++] = tmp[--n];
}

/* Frames inside the program's executable, as offsets from its load bias (what addr2line wants). */
void lg_put_site(struct lg_line *l, const struct lg_site *s)
{
	int i, put = 0;

	lg_module_refresh();
	for (i = 0; s && i < LG_SITE_FRAMES && s->pc[i]; i++) {
		if (s->pc[i] < lg_exe_lo || s->pc[i] >= lg_exe_hi)
			continue;
		if (put++)
			lg_put(l, ",");
		lg_put_x(l, s->pc[i] - lg_exe_bias);
	}
	if (!put)
		lg_put(l, "-");
}

const char *lg_thread_name(int num, char *buf)
{
	struct lg_line l = { .n = 0 };

	if (num == 0)
		return "main";
	if (num < 0)
		return "?";
	lg_put(&l, "T");
	lg_put_u(&l, (uint64_t)num);
	memcpy(buf, l.b, l.n);
	buf[l.n] = 0;
	return buf;
}

void lg_put_thread(struct lg_line *l, int num)
{
	char buf[16];

	lg_put(l, lg_thread_name(num, buf));
}

void lg_put_obj(struct lg_line *l, const struct lg_obj *o)
{
	lg_put(l, "L");
	lg_put_u(l, o ? (uint64_t)o->id : 0);
}

static void raw_write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = syscall(SYS_write, out_fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void lg_emit(struct lg_line *l)
{
	int saved = errno; /* the program may be inspecting errno around a wrapped call */
	unsigned long before;

	if (out_fd < 0)
		return;
	l->b[l->n++] = '\n';
	before = atomic_fetch_add(&out_bytes, l->n);
	if (before + l->n > LG_OUT_CAP) {
		if (!atomic_exchange(&out_truncated, 1))
			raw_write_all("truncated\n", 10);
	} else {
		/* One write per line on an O_APPEND file: lines from threads never interleave. */
		raw_write_all(l->b, l->n);
	}
	l->n--;
	errno = saved;
}

/* ---- perturbation ---- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#define LG_SLEEP_BUDGET_NS (5u * 1000000u) /* per thread: bounds the slowdown of busy programs */

void lg_thread_seed(struct lg_thread *t)
{
	uint64_t x;

	if (lg_cfg.seed < 0)
		return;
	/* Per-thread streams from (seed, thread number): the same program order gives the same run. */
	x = (uint64_t)lg_cfg.seed * 1000003u + (uint64_t)t->num;
	t->rng = splitmix(&x);
	t->prio = (int)(splitmix(&x) % 4);
	t->sleep_budget_ns = LG_SLEEP_BUDGET_NS;
}

void lg_perturb_slow(struct lg_thread *t)
{
	uint64_t r;
	unsigned odds;

	if (lg_sched_on)
		return; /* the controlled scheduler decides every interleaving itself */
	r = splitmix(&t->rng);
	/*
	 * PCT-flavoured: each thread has a priority 0..3 from the seed; low-priority threads are
	 * delayed more often, so one seed keeps favouring the same threads and reaches interleavings
	 * a fair scheduler rarely shows. Sleeps (1-50 us) come from a per-thread budget, so a
	 * program with millions of sync points is slowed by a bounded amount; after that only rare
	 * yields remain.
	 */
	odds = (unsigned)(4 - t->prio);
	if (t->sleep_budget_ns && (r & 63) < odds) {
		long ns = (long)(1000 + (r >> 8) % 50000);
		struct timespec ts = { 0, ns };
		/* The kernel's timer slack makes any sleep cost ~60 us: charge at least that. */
		uint64_t cost = ns < 60000 ? 60000 : (uint64_t)ns;

		t->sleep_budget_ns = t->sleep_budget_ns > cost ? t->sleep_budget_ns - cost : 0;
		syscall(SYS_nanosleep, &ts, NULL);
	} else if (((r >> 6) & (t->sleep_budget_ns ? 255 : 8191)) < odds) {
		sched_yield();
	}
}

/* ---- set-up ---- */

long lg_env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	char *end;
	long x;

	if (!v || !*v)
		return dflt;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || *end)
		return dflt;
	return x;
}

void lg_image_range(const struct dl_phdr_info *info, uintptr_t *lo, uintptr_t *hi)
{
	*lo = UINTPTR_MAX;
	*hi = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (info->dlpi_addr + ph->p_vaddr < *lo)
			*lo = info->dlpi_addr + ph->p_vaddr;
		if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > *hi)
			*hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
}

static int find_exe(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t lo, hi;

	(void)size;
	(void)data;
	/* The first object is the main program. */
	lg_image_range(info, &lo, &hi);
	lg_exe_bias = info->dlpi_addr;
	lg_exe_lo = lo;
	lg_exe_hi = hi;
	return 1;
}

/*
 * A C extension is loaded by the interpreter (dlopen) long after we start, and that is where the
 * student's code is: once it is mapped, its image takes the executable's place for call sites and
 * globals, so the harness resolves them in the shared object it built. Until then no site is the
 * program's ("-"). The range is published bias and low end first, high end last, so a reader that
 * sees the new high end sees the rest (a reader racing the first publication at worst misses one
 * site).
 */
static int find_module(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *name = info->dlpi_name, *slash = name ? strrchr(name, '/') : NULL;
	uintptr_t lo = UINTPTR_MAX, hi = 0;

	(void)size;
	(void)data;
	if (!name || strcmp(slash ? slash + 1 : name, module_name))
		return 0;
	lg_image_range(info, &lo, &hi);
	if (!hi)
		return 0;
	__atomic_store_n(&lg_exe_bias, info->dlpi_addr, __ATOMIC_RELEASE);
	__atomic_store_n(&lg_exe_lo, lo, __ATOMIC_RELEASE);
	__atomic_store_n(&lg_exe_hi, hi, __ATOMIC_RELEASE);
	return 1;
}

void lg_module_refresh(void)
{
	/* dl_iterate_phdr takes the loader's own lock (not an interposed one) and never allocates. */
	if (module_name[0] && !atomic_load_explicit(&module_found, memory_order_acquire) &&
	    dl_iterate_phdr(find_module, NULL))
		atomic_store_explicit(&module_found, 1, memory_order_release);
}

/* Keeps our descriptor away from the low numbers a program may close or dup2 over. */
static int high_fd(int fd)
{
	struct rlimit rl;
	long want = 900;
	int nfd;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (long)rl.rlim_cur - 1 < want)
		want = (long)rl.rlim_cur - 1;
	if (want <= fd)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, (int)want);
	if (nfd < 0)
		return fd;
	close(fd);
	return nfd;
}

static void atfork_prepare(void)
{
	lg_sched_atfork_prepare();
	lg_spin_lock(&lg_threads_lock);
}

static void atfork_parent(void)
{
	lg_spin_unlock(&lg_threads_lock);
	lg_sched_atfork_parent();
}

static void atfork_child(void)
{
	/* The child holds a copy of our lock taken in prepare; release it and stop tracing. */
	lg_spin_unlock(&lg_threads_lock);
	lg_sched_atfork_child();
	atomic_store(&lg_disabled, 1);
}

void lg_threads_init_main(void);

__attribute__((constructor)) static void lg_init(void)
{
	const char *out = getenv("RACELAB_LOCKGRAPH_OUT");
	struct lg_line l = { .n = 0 };
	int fd;

	lg_resolve();
	if (!out || !*out)
		return; /* not run by racelab: stay out of the way */
	lg_cfg.seed = lg_env_long("RACELAB_LOCKGRAPH_SEED", -1);
	lg_cfg.hang_ms = lg_env_long("RACELAB_LOCKGRAPH_HANG_MS", 1000);
	lg_cfg.starve_ms = lg_env_long("RACELAB_LOCKGRAPH_STARVE_MS", 1000);
	lg_cfg.hold_ms = lg_env_long("RACELAB_LOCKGRAPH_HOLD_MS", 100);
	{
		const char *mod = getenv("RACELAB_LOCKGRAPH_MODULE");

		if (mod && *mod && strlen(mod) < sizeof(module_name) && !strchr(mod, '/'))
			memcpy(module_name, mod, strlen(mod) + 1);
	}
	if (lg_cfg.hang_ms < 50)
		lg_cfg.hang_ms = 50;
	fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	/* The program is not told where our file is: drop our variables from its environment. */
	unsetenv("RACELAB_LOCKGRAPH_OUT");
	unsetenv("RACELAB_LOCKGRAPH_SEED");
	unsetenv("RACELAB_LOCKGRAPH_HANG_MS");
	unsetenv("RACELAB_LOCKGRAPH_STARVE_MS");
	unsetenv("RACELAB_LOCKGRAPH_HOLD_MS");
	unsetenv("RACELAB_LOCKGRAPH_MODULE");
	if (fd < 0)
		return;
	out_fd = high_fd(fd);
	if (!module_name[0])
		dl_iterate_phdr(find_exe, NULL);
	lg_gil_resolve();
	lg_threads_init_main();
	lg_thread_seed(&lg_threads[0]);
	lg_sched_init();
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);

	lg_put(&l, LG_REC_HEADER " " LG_FORMAT_STR " pid=");
	lg_put_u(&l, (uint64_t)getpid());
	lg_emit(&l);
	l.n = 0;
	lg_put(&l, LG_REC_CONFIG " seed=");
	if (lg_cfg.seed < 0)
		lg_put(&l, "-1");
	else
		lg_put_u(&l, (uint64_t)lg_cfg.seed);
	lg_put(&l, " hang_ms=");
	lg_put_u(&l, (uint64_t)lg_cfg.hang_ms);
	lg_put(&l, " starve_ms=");
	lg_put_u(&l, (uint64_t)lg_cfg.starve_ms);
	lg_put(&l, " hold_ms=");
	lg_put_u(&l, (uint64_t)lg_cfg.hold_ms);
	lg_emit(&l);
	l.n = 0;
	lg_put(&l, LG_REC_EXE " bias=");
	lg_put_x(&l, lg_exe_bias);
	lg_put(&l, " size=");
	lg_put_x(&l, lg_exe_hi - lg_exe_lo);
	lg_emit(&l);
	lg_sched_announce();
	atomic_store(&lg_tick_ns, lg_now_ns());
	lg_cfg.active = true;
	lg_watchdog_start();
}

__attribute__((destructor)) static void lg_fini(void)
{
	struct lg_line l = { .n = 0 };
	int i, hw;

	if (!lg_cfg.active || atomic_load(&lg_disabled))
		return;
	hw = atomic_load(&lg_thread_hw);
	for (i = 0; i < hw; i++) {
		int st = atomic_load(&lg_threads[i].state);

		if (st == LG_T_RUNNING || st == LG_T_BLOCKED) {
			lg_emit_stats(&lg_threads[i]);
			lg_calls_flush(&lg_threads[i]);
		}
	}
	lg_ev_emit();
	lg_emit_calls();
	lg_sched_fini();
	lg_put(&l, LG_REC_FINI);
	lg_emit(&l);
}

/* Used by the thread and watchdog code to keep the trampoline's bookkeeping in one place. */
void lg_set_self_stack(struct lg_thread *t, uintptr_t hi)
{
	t->stack_hi = hi;
}

uintptr_t lg_main_stack_hi(void)
{
	return (uintptr_t)__libc_stack_end;
}

static _Atomic unsigned long call_totals[LG_C__COUNT];

void lg_calls_flush(struct lg_thread *t)
{
	for (int i = 0; i < LG_C__COUNT; i++) {
		if (t->calls[i])
			atomic_fetch_add(&call_totals[i], t->calls[i]);
		t->calls[i] = 0;
	}
}

void lg_emit_calls(void)
{
	static const char *const names[] = {
#define LG_CALL_NAME(name) #name,
		LG_CALLS(LG_CALL_NAME)
#undef LG_CALL_NAME
	};

	for (int i = 0; i < LG_C__COUNT; i++) {
		struct lg_line l = { .n = 0 };
		unsigned long n = atomic_load(&call_totals[i]);

		if (!n)
			continue;
		lg_put(&l, LG_REC_CALLS " ");
		lg_put(&l, names[i]);
		lg_put(&l, " ");
		lg_put_u(&l, n);
		lg_emit(&l);
	}
}
