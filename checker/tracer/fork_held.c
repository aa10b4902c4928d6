/*
 * fork() in a multithreaded program: the child gets a copy of every lock but only the forking
 * thread, so a lock another thread held is locked in the child for good. Noted at the fork, and
 * proven when the watchdog sees the child block on it; waitpid() is a wait for that child.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_held.h"
#include "intercept.h"
#include "pipe_knot.h"
#include "sched_ctl.h"

#define LG_KIDS 64
#define LG_KID_LOCKS LG_FORK_HELD /* every forkheld of a fork: the late check adds none twice */
#define FUTEX_CMD(op) ((op) & 127) /* without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */

struct lg_kid {
	_Atomic int pid;      /* 0: free */
	int nlocks;
	uintptr_t addr[LG_KID_LOCKS];
	size_t size[LG_KID_LOCKS];
	struct lg_obj *obj[LG_KID_LOCKS];
	int by;               /* the thread that forked it, where, and when (the tick) */
	struct lg_site fork_site;
	uint64_t fork_tick;
	int seen;             /* consecutive looks that found it in an untimed futex wait */
	_Atomic int blocked;  /* proven blocked for ever */
};

static struct lg_kid kids[LG_KIDS];

/*
 * Calls by which a thread may let a lock go, counted by each shim before it runs (LG_COUNT): the
 * same count after a fork() as before it means no lock of that thread was let go in between.
 * The hold's start time alone cannot say so: it is a 20 ms tick, and a lock given back and taken
 * again within one tick (by an atfork handler's unlock, say) starts at the same tick.
 */
static unsigned long releases(const struct lg_thread *t)
{
	return t->calls[LG_C_pthread_mutex_unlock] + t->calls[LG_C_pthread_rwlock_unlock] +
	       t->calls[LG_C_pthread_cond_wait] + t->calls[LG_C_pthread_cond_timedwait] +
	       t->calls[LG_C_pthread_cond_clockwait];
}

void lg_fork_before(const struct lg_thread *self, struct lg_forkscan *fs)
{
	int hw = atomic_load(&lg_thread_hw);

	fs->n = 0;
	for (int i = 0; i < hw && i < LG_MAX_THREADS; i++) {
		const struct lg_thread *t = &lg_threads[i];
		int st = atomic_load(&t->state), nheld = t->nheld;

		if (t == self || (st != LG_T_RUNNING && st != LG_T_BLOCKED))
			continue;
		for (int j = 0; j < nheld && j < LG_MAX_HELD && fs->n < LG_FORK_HELD; j++) {
			struct lg_obj *o = t->held[j].obj;

			if (!o)
				continue;
			fs->e[fs->n].holder = i;
			fs->e[fs->n].obj = o;
			fs->e[fs->n].mode = t->held[j].mode;
			fs->e[fs->n].since = t->held[j].since_ns;
			fs->e[fs->n].releases = releases(t);
			fs->e[fs->n].site = t->held[j].site;
			fs->n++;
		}
	}
}

static bool still_held(const struct lg_thread *t, const struct lg_obj *o, uint64_t since,
		       unsigned long rel)
{
	int nheld = t->nheld;

	if (releases(t) != rel)
		return false;
	for (int j = 0; j < nheld && j < LG_MAX_HELD; j++)
		if (t->held[j].obj == o && t->held[j].since_ns == since)
			return true;
	return false;
}

static struct lg_kid *kid_of(pid_t pid)
{
	for (int i = 0; i < LG_KIDS; i++)
		if (atomic_load(&kids[i].pid) == pid)
			return &kids[i];
	return NULL;
}

/* "forkheld T1 L1 mode=m by=main pid=N f=SITE hf=SITE" (trace_wire.h). */
static void put_forkheld(int holder, struct lg_obj *o, char mode, int by, pid_t pid,
			 const struct lg_site *fork_site, const struct lg_site *hold_site)
{
	struct lg_line l = { .n = 0 };

	lg_put(&l, LG_REC_FORKHELD " ");
	lg_put_thread(&l, holder);
	lg_put(&l, " ");
	lg_put_obj(&l, o);
	lg_put(&l, " mode=");
	l.b[l.n++] = mode;
	lg_put(&l, " by=");
	lg_put_thread(&l, by);
	lg_put(&l, " pid=");
	lg_put_u(&l, (uint64_t)pid);
	lg_put(&l, " f=");
	lg_put_site(&l, fork_site);
	lg_put(&l, " hf=");
	lg_put_site(&l, hold_site);
	lg_emit(&l);
}

void lg_fork_after(const struct lg_thread *self, pid_t pid, const struct lg_forkscan *fs,
		   const struct lg_site *fork_site)
{
	struct lg_kid *k = NULL;

	for (int i = 0; i < LG_KIDS && !k; i++) {
		int free_pid = 0;

		if (atomic_compare_exchange_strong(&kids[i].pid, &free_pid, -1))
			k = &kids[i];
	}
	atomic_store(&lg_forked, 1); /* read() and write() are noted from now on */
	if (k) {
		k->nlocks = 0;
		k->seen = 0;
		atomic_store(&k->blocked, 0);
		k->by = self->num;
		k->fork_site = *fork_site;
		k->fork_tick = lg_tick();
	}
	for (int i = 0; i < fs->n; i++) {
		const struct lg_thread *t = &lg_threads[fs->e[i].holder];
		uintptr_t a = atomic_load(&fs->e[i].obj->addr);

		if (!still_held(t, fs->e[i].obj, fs->e[i].since, fs->e[i].releases))
			continue;
		put_forkheld(t->num, fs->e[i].obj, fs->e[i].mode, self->num, pid, fork_site,
			     &fs->e[i].site);
		if (k && k->nlocks < LG_KID_LOCKS) {
			k->addr[k->nlocks] = a;
			k->size[k->nlocks] = fs->e[i].obj->kind == LG_RWLOCK ? sizeof(pthread_rwlock_t) :
										sizeof(pthread_mutex_t);
			k->obj[k->nlocks++] = fs->e[i].obj;
		}
	}
	if (k)
		atomic_store(&k->pid, pid);
}

/* Reads a small /proc file into buf (NUL-terminated); false when it cannot. */
bool lg_proc_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = LG_REAL(read)(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

void lg_proc_path(char *buf, pid_t pid, const char *what)
{
	char digits[24];
	int n = 0, i = 0;
	unsigned long v = (unsigned long)pid;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (const char *p = "/proc/"; *p; p++)
		buf[i++] = *p;
	while (n)
		buf[i++] = digits[--n];
	buf[i++] = '/';
	for (const char *p = what; *p; p++)
		buf[i++] = *p;
	buf[i] = '\0';
}

bool lg_proc_mem_read(pid_t pid, uintptr_t addr, void *buf, size_t len)
{
	char path[64];
	int fd;
	ssize_t got;

	lg_proc_path(path, pid, "mem");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	got = pread(fd, buf, len, (off_t)addr);
	close(fd);
	return got == (ssize_t)len;
}

/* "Threads:\tN" of /proc/PID/status: a child with one thread has nobody else to wake it. */
int lg_proc_threads(pid_t pid)
{
	char path[64], buf[2048], *p;

	lg_proc_path(path, pid, "status");
	if (!lg_proc_read(path, buf, sizeof(buf)) || !(p = strstr(buf, "\nThreads:")))
		return -1;
	return atoi(p + 9);
}

/*
 * The futex word an untimed wait of pid's main thread sleeps on, from /proc/PID/syscall
 * ("NR ARG0 ARG1 ... SP PC"); 0 when it is running or in another call.
 */
bool lg_proc_syscall(pid_t pid, unsigned long long v[7])
{
	char path[64], buf[256], *p = buf;

	lg_proc_path(path, pid, "syscall");
	if (!lg_proc_read(path, buf, sizeof(buf)))
		return false;
	for (int i = 0; i < 7; i++) {
		char *end;

		v[i] = strtoull(p, &end, 0);
		if (end == p)
			return false; /* "running", or a kernel thread */
		p = end;
	}
	return true;
}

bool lg_proc_sleeping(pid_t pid)
{
	char path[64], buf[512], *p;

	lg_proc_path(path, pid, "stat");
	if (!lg_proc_read(path, buf, sizeof(buf)) || !(p = strrchr(buf, ')')))
		return false;
	return p[1] == ' ' && p[2] == 'S';
}

bool lg_futex_forever(const unsigned long long v[7])
{
	return v[0] == SYS_futex && v[4] == 0 &&
	       (FUTEX_CMD(v[2]) == FUTEX_WAIT || FUTEX_CMD(v[2]) == FUTEX_WAIT_BITSET ||
		FUTEX_CMD(v[2]) == FUTEX_LOCK_PI);
}

static uintptr_t futex_wait_addr(pid_t pid)
{
	unsigned long long v[7];

	if (!lg_proc_syscall(pid, v) || !lg_proc_sleeping(pid))
		return 0;
	return lg_futex_forever(v) ? (uintptr_t)v[1] : 0; /* a timeout: the wait ends by itself */
}

/* "forkblock pid=N L1": child pid blocks for ever on o, which it inherited locked. */
static void put_forkblock(pid_t pid, struct lg_obj *o)
{
	struct lg_line l = { .n = 0 };

	lg_put(&l, LG_REC_FORKBLOCK " pid=");
	lg_put_u(&l, (uint64_t)pid);
	lg_put(&l, " ");
	lg_put_obj(&l, o);
	lg_emit(&l);
}

/* The lock k is known to have inherited that a lies in, or NULL. */
static struct lg_obj *kid_lock_at(const struct lg_kid *k, uintptr_t a)
{
	for (int j = 0; j < k->nlocks; j++)
		if (a >= k->addr[j] && a < k->addr[j] + k->size[j])
			return k->obj[j];
	return NULL;
}

/*
 * Child k blocks on the mutex at a, which no forkheld record gave it: a thread of ours took it
 * between lg_fork_before's scan and the real fork(), or was between its real lock and the held-
 * stack entry the scan reads (a loaded machine can preempt it there). The child's own copy of
 * the mutex says who held it at the fork: glibc writes the owner's thread id in __data.__owner
 * once it has the lock word and clears it before it lets the word go, so a locked copy whose
 * owner is one of our threads (not the child, not the forking thread) was inherited locked.
 * A process-shared mutex (__kind's bit 128) is the live one, not a copy: left alone.
 */
static void kid_late_inherited(struct lg_kid *k, pid_t pid, uintptr_t a)
{
	struct lg_obj *o = lg_obj_find(a);
	const struct lg_site none = { .pc = { 0 } }, *hs = &none;
	const struct lg_thread *h = NULL;
	int hw = atomic_load(&lg_thread_hw);
	pthread_mutex_t m;

	if (!o || o->kind != LG_MUTEX || !lg_proc_mem_read(pid, a, &m, sizeof(m)) ||
	    !m.__data.__lock || m.__data.__owner <= 0 || m.__data.__owner == pid ||
	    (m.__data.__kind & 128))
		return;
	for (int i = 0; i < hw && i < LG_MAX_THREADS && !h; i++)
		if (atomic_load(&lg_threads[i].tid) == m.__data.__owner)
			h = &lg_threads[i];
	if (!h || h->num == k->by)
		return;
	/* Its hold site, if the hold it has now began by the fork (a racy read, as at the fork). */
	for (int j = 0; j < h->nheld && j < LG_MAX_HELD; j++)
		if (h->held[j].obj == o && h->held[j].since_ns <= k->fork_tick)
			hs = &h->held[j].site;
	put_forkheld(h->num, o, 'm', k->by, pid, &k->fork_site, hs);
	put_forkblock(pid, o);
}

void lg_children_check(void)
{
	for (int i = 0; i < LG_KIDS; i++) {
		struct lg_kid *k = &kids[i];
		pid_t pid = atomic_load(&k->pid);
		struct lg_obj *o;
		uintptr_t a;

		if (pid <= 0 || atomic_load(&k->blocked))
			continue;
		a = futex_wait_addr(pid);
		if (!a || lg_proc_threads(pid) != 1) {
			k->seen = 0;
			continue;
		}
		/* Two looks a period apart: not a wait caught on its way out. */
		if (++k->seen < 2)
			continue;
		/* Marked once: a blocked child is not looked at again, so one forkblock at most. */
		atomic_store(&k->blocked, 1);
		if ((o = kid_lock_at(k, a)))
			put_forkblock(pid, o);
		else
			kid_late_inherited(k, pid, a);
	}
}

int lg_kids_list(pid_t *out, int max)
{
	int n = 0;

	for (int i = 0; i < LG_KIDS && n < max; i++) {
		pid_t p = atomic_load(&kids[i].pid);

		if (p > 0)
			out[n++] = p;
	}
	return n;
}

bool lg_child_stuck(pid_t pid)
{
	bool any = false;

	for (int i = 0; i < LG_KIDS; i++) {
		pid_t p = atomic_load(&kids[i].pid);

		if (p <= 0 || (pid > 0 && p != pid))
			continue;
		if (!atomic_load(&kids[i].blocked))
			return false;
		any = true;
	}
	return any;
}

/* A reaped child leaves the table: its pid may be reused. */
static void kid_reaped(pid_t pid)
{
	struct lg_kid *k = pid > 0 ? kid_of(pid) : NULL;

	if (k)
		atomic_store(&k->pid, 0);
}

/*
 * waitpid, wait and wait4 (wait is wait4(-1, status, 0, NULL), glibc's own definition), and
 * waitid through waitid_child: a wait for a child (pid > 0) or any child, which the watchdog can
 * prove endless (fork_held.h).
 */
static pid_t child_wait(struct lg_scope *sc, pid_t pid, int *status, int options,
			struct rusage *ru)
{
	struct lg_site site;
	pid_t r;
	int saved;

	/* A poll, or under control (the child runs in real time; waits there are not modelled). */
	if ((options & WNOHANG) || lg_sched_on) {
		r = LG_REAL(wait4)(pid, status, options, ru);
		if (r > 0 && status && (WIFEXITED(*status) || WIFSIGNALED(*status)))
			kid_reaped(r);
		return r;
	}
	lg_scope_site(sc, &site);
	sc->t->wait_target = pid > 0 ? pid : -1;
	lg_wait_begin(sc->t, LG_W_CHILD, NULL, false, &site);
	r = LG_REAL(wait4)(pid, status, options, ru);
	saved = errno;
	lg_wait_end(sc->t);
	if (r > 0 && (!status || WIFEXITED(*status) || WIFSIGNALED(*status)))
		kid_reaped(r);
	errno = saved;
	return r;
}

LG_INTERCEPTOR(pid_t, waitpid, waitpid, (pid, status, options), pid_t pid, int *status,
	       int options)
{
	return child_wait(sc, pid, status, options, NULL);
}

LG_INTERCEPTOR(pid_t, wait, wait, (status), int *status)
{
	return child_wait(sc, -1, status, 0, NULL);
}

LG_INTERCEPTOR(pid_t, wait4, wait4, (pid, status, options, ru), pid_t pid, int *status,
	       int options, struct rusage *ru)
{
	return child_wait(sc, pid, status, options, ru);
}

/*
 * waitid(P_PID, pid, ...) waits for that child, P_ALL (or a process group: any child of it may
 * end the wait, so it is taken as any) for any; a poll (WNOHANG), or a wait that is not for an
 * exit (no WEXITED: a stop or a continue, which a blocked child never makes), is not traced.
 */
LG_INTERCEPTOR(int, waitid, waitid, (idtype, id, info, options), idtype_t idtype, id_t id,
	       siginfo_t *info, int options)
{
	struct lg_site site;
	int r, saved;

	if ((options & WNOHANG) || !(options & WEXITED) || lg_sched_on)
		return LG_REAL(waitid)(idtype, id, info, options);
	lg_scope_site(sc, &site);
	sc->t->wait_target = idtype == P_PID && id > 0 ? (pid_t)id : -1;
	lg_wait_begin(sc->t, LG_W_CHILD, NULL, false, &site);
	r = LG_REAL(waitid)(idtype, id, info, options);
	saved = errno;
	lg_wait_end(sc->t);
	/* WNOWAIT leaves the child to be reaped again: it stays in the table. */
	if (r == 0 && info && info->si_pid > 0 && !(options & WNOWAIT))
		kid_reaped(info->si_pid);
	errno = saved;
	return r;
}
