/*
 * A deadlock through processes: the parent's threads and its children each blocked in read(),
 * write() or an untimed poll() on pipes whose other ends only they hold (or in a wait for such a
 * child). The tracer sees its own threads' calls; a child, not traced, is read from
 * /proc/PID/syscall (and a poll()'s fds from /proc/PID/mem).
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fork_held.h"
#include "pipe_knot.h"

#define MAX_OPS 64
#define MAX_ENDS 128
#define MAX_S 65 /* this process and up to 64 children */

_Atomic int lg_forked;

/* A thread's read()/write() in progress, per slot (written by the thread, read by the watchdog). */
struct lg_io {
	_Atomic int fd1;        /* the fd + 1 (a poll's first); 0: none */
	bool wr;
	int npoll;              /* a poll() or select(): its waits, in pfd and pwr; 0: read()/write() */
	bool select;            /* they are a select()'s */
	int pfd[LG_POLL_WAITS];
	bool pwr[LG_POLL_WAITS];
	_Atomic uint64_t since;
	_Atomic unsigned gen;
	struct lg_site site;
};
static struct lg_io io[LG_MAX_THREADS];

void lg_io_begin(const struct lg_scope *sc, int fd, bool is_write)
{
	struct lg_io *x = &io[lg_slot(sc->t)];

	lg_scope_site(sc, &x->site);
	x->wr = is_write;
	x->npoll = 0;
	atomic_store(&x->since, lg_now_ns());
	atomic_fetch_add(&x->gen, 1);
	atomic_store(&x->fd1, fd + 1);
}

/* Publishes the k waits already in x->pfd and x->pwr (none: nothing is noted). */
static void io_begin_waits(const struct lg_scope *sc, struct lg_io *x, int k, bool select)
{
	if (!k)
		return;
	lg_scope_site(sc, &x->site);
	x->npoll = k;
	x->select = select;
	atomic_store(&x->since, lg_now_ns());
	atomic_fetch_add(&x->gen, 1);
	atomic_store(&x->fd1, x->pfd[0] + 1); /* last: the watchdog reads the rest after it */
}

void lg_io_begin_poll(const struct lg_scope *sc, const struct pollfd *fds, unsigned long n)
{
	struct lg_io *x = &io[lg_slot(sc->t)];
	int k = 0;

	for (unsigned long i = 0; i < n; i++) {
		if (fds[i].fd < 0)
			continue; /* poll() skips it */
		for (int wr = 0; wr < 2; wr++) {
			if (!(fds[i].events & (wr ? POLLOUT : POLLIN)))
				continue;
			if (k == LG_POLL_WAITS)
				return;
			x->pfd[k] = fds[i].fd;
			x->pwr[k++] = wr;
		}
	}
	io_begin_waits(sc, x, k, false);
}

void lg_io_begin_select(const struct lg_scope *sc, int nfds, const fd_set *rd, const fd_set *wr)
{
	struct lg_io *x = &io[lg_slot(sc->t)];
	int k = 0;

	for (int fd = 0; fd < nfds && fd < FD_SETSIZE; fd++) {
		for (int w = 0; w < 2; w++) {
			const fd_set *set = w ? wr : rd;

			if (!set || !FD_ISSET(fd, set))
				continue;
			if (k == LG_POLL_WAITS)
				return;
			x->pfd[k] = fd;
			x->pwr[k++] = w;
		}
	}
	io_begin_waits(sc, x, k, true);
}

void lg_io_end(const struct lg_thread *t)
{
	struct lg_io *x = &io[lg_slot(t)];

	atomic_store(&x->fd1, 0);
	atomic_fetch_add(&x->gen, 1);
}

bool lg_io_waiting(const struct lg_thread *t, uint64_t now, uint64_t *since, unsigned *gen)
{
	const struct lg_io *x = &io[lg_slot(t)];
	uint64_t s;

	if (!atomic_load(&x->fd1))
		return false;
	s = atomic_load(&x->since);
	if (now < s || now - s < (uint64_t)lg_cfg.hang_ms * 1000000u)
		return false;
	*since = s;
	*gen = atomic_load(&x->gen);
	return true;
}

/* What the knot is made of, kept for the snapshot that follows a found knot. */
struct op {
	pid_t pid;
	int thread;             /* the tracer's thread number in this process, -1 in a child */
	char multi;             /* one of the waits of a poll() ('p') or a select() ('s'); 0: neither */
	bool wr;
	int fd;
	unsigned long ino;
};
struct end {
	pid_t pid;
	unsigned long ino;
	bool wr;
};
static struct op ops[MAX_OPS];
static struct end ends[MAX_ENDS];
static int nops, nends;

/*
 * The inode of a pipe fd of pid ("pipe:[123]"), or of a named pipe (a FIFO: the link is its path,
 * and stat() through it sees a FIFO); 0 when the fd is neither.
 */
static unsigned long pipe_ino(pid_t pid, int fd)
{
	char path[96], link[64], *end;
	char num[16];
	int n = 0;
	ssize_t len;
	unsigned long ino;

	do
		num[n++] = (char)('0' + fd % 10);
	while ((fd /= 10) != 0);
	lg_proc_path(path, pid, "fd/");
	len = (ssize_t)strlen(path);
	while (n)
		path[len++] = num[--n];
	path[len] = '\0';
	len = readlink(path, link, sizeof(link) - 1);
	if (len > 0 && link[0] == '/') {
		struct stat st;

		return stat(path, &st) == 0 && S_ISFIFO(st.st_mode) ? (unsigned long)st.st_ino : 0;
	}
	if (len <= 6)
		return 0;
	link[len] = '\0';
	if (strncmp(link, "pipe:[", 6))
		return 0;
	ino = strtoul(link + 6, &end, 10);
	return *end == ']' ? ino : 0;
}

static bool wanted(unsigned long ino)
{
	for (int i = 0; i < nops; i++)
		if (ops[i].ino == ino)
			return true;
	return false;
}

/* Every process's fds (those /proc lets us read) that are an end of a pipe of the knot. */
static void scan_ends(void)
{
	char buf[4096], path[96], info[512];
	int dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long got;

	nends = 0;
	if (dfd < 0)
		return;
	while ((got = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			char *e;
			long pid = strtol(d->d_name, &e, 10);
			char fbuf[4096];
			int ffd;
			long fgot;

			off += d->d_reclen;
			if (*e || pid <= 0)
				continue;
			lg_proc_path(path, (pid_t)pid, "fd");
			ffd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (ffd < 0)
				continue;
			while ((fgot = syscall(SYS_getdents64, ffd, fbuf, sizeof(fbuf))) > 0) {
				for (long fo = 0; fo < fgot;) {
					struct dirent64 *f = (struct dirent64 *)(fbuf + fo);
					long fd = strtol(f->d_name, &e, 10);
					unsigned long ino;
					char *flags;

					fo += f->d_reclen;
					if (*e || fd < 0 || nends == MAX_ENDS)
						continue;
					ino = pipe_ino((pid_t)pid, (int)fd);
					if (!ino || !wanted(ino))
						continue;
					lg_proc_path(path, (pid_t)pid, "fdinfo/");
					strcat(path, f->d_name);
					if (!lg_proc_read(path, info, sizeof(info)) ||
					    !(flags = strstr(info, "flags:")))
						continue;
					ends[nends].pid = (pid_t)pid;
					ends[nends].ino = ino;
					ends[nends].wr = (strtoul(flags + 6, NULL, 8) & O_ACCMODE) != O_RDONLY;
					nends++;
				}
			}
			close(ffd);
		}
	}
	close(dfd);
}

/* A poll() with no timeout: poll(fds, n, ms < 0), or ppoll(fds, n, NULL, ...). */
static bool kid_poll_forever(const unsigned long long v[7])
{
	return (v[0] == SYS_poll && (int)v[3] < 0) || (v[0] == SYS_ppoll && v[3] == 0);
}

/* A select() with no timeout (glibc makes it pselect6): select(n, rd, wr, ex, NULL). */
static bool kid_select_forever(const unsigned long long v[7])
{
	return (v[0] == SYS_select || v[0] == SYS_pselect6) && v[5] == 0;
}

/*
 * Adds a wait of child pid's poll() or select() (multi: 'p' or 's') on fd (wr: to write); false
 * when it cannot be part of a knot.
 */
static bool kid_wait_op(pid_t pid, char multi, int fd, bool wr)
{
	if (nops == MAX_OPS)
		return false;
	ops[nops] = (struct op){ pid, -1, multi, wr, fd, pipe_ino(pid, fd) };
	if (!ops[nops].ino)
		return false;
	nops++;
	return true;
}

/* The waits of a child's select(): the fd sets read from its memory, as kid_poll_ops does. */
static bool kid_select_ops(pid_t pid, const unsigned long long v[7])
{
	int nfds = (int)v[1];
	fd_set sets[2];

	if (nfds <= 0 || nfds > FD_SETSIZE)
		return false;
	for (int w = 0; w < 2; w++) {
		FD_ZERO(&sets[w]);
		if (v[2 + w] && !lg_proc_mem_read(pid, v[2 + w], &sets[w], ((size_t)nfds + 7) / 8))
			return false;
		for (int fd = 0; fd < nfds; fd++)
			if (FD_ISSET(fd, &sets[w]) && !kid_wait_op(pid, 's', fd, w))
				return false;
	}
	return true;
}

/*
 * The waits of a child's poll(): its pollfd array read from the child's memory (kid_read). False
 * when it cannot be read or has more waits than fit: the knot is then not proven.
 */
static bool kid_poll_ops(pid_t pid, const unsigned long long v[7])
{
	struct pollfd fds[LG_POLL_WAITS];
	unsigned long n = (unsigned long)v[2];

	if (n == 0 || n > LG_POLL_WAITS || !lg_proc_mem_read(pid, v[1], fds, n * sizeof(fds[0])))
		return false;
	for (unsigned long i = 0; i < n; i++)
		for (int wr = 0; wr < 2; wr++)
			if (fds[i].fd >= 0 && (fds[i].events & (wr ? POLLOUT : POLLIN)) &&
			    !kid_wait_op(pid, 'p', fds[i].fd, wr))
				return false;
	return true;
}

/* A child's blocking call, looked at twice a watchdog period apart: the same both times. */
static bool kid_blocked(pid_t pid, unsigned long long v[7])
{
	unsigned long long w[7];
	struct timespec ts = { 0, 20 * 1000000L };

	if (lg_proc_threads(pid) != 1 || !lg_proc_syscall(pid, v) || !lg_proc_sleeping(pid))
		return false;
	syscall(SYS_nanosleep, &ts, NULL);
	if (!lg_proc_syscall(pid, w) || memcmp(v, w, sizeof(w)) || lg_proc_threads(pid) != 1 ||
	    !lg_proc_sleeping(pid))
		return false;
	return lg_futex_forever(v) || v[0] == SYS_read || v[0] == SYS_write ||
	       kid_poll_forever(v) || kid_select_forever(v);
}

static bool in_set(const pid_t *set, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (set[i] == pid)
			return true;
	return false;
}

bool lg_pipe_knot(void)
{
	pid_t kids[64], set[MAX_S], self = getpid();
	int nkids = lg_kids_list(kids, 64), nset = 0, hw = atomic_load(&lg_thread_hw);

	nops = 0;
	set[nset++] = self; /* check_stuck found every thread of ours blocked */
	for (int i = 0; i < hw && i < LG_MAX_THREADS; i++) {
		const struct lg_io *x = &io[i];
		int fd = atomic_load(&x->fd1) - 1;

		if (fd < 0 || atomic_load(&lg_threads[i].state) != LG_T_RUNNING)
			continue;
		for (int k = 0; k < (x->npoll ? x->npoll : 1); k++) {
			int f = x->npoll ? x->pfd[k] : fd;

			if (nops == MAX_OPS)
				return false;
			ops[nops] = (struct op){ self, lg_threads[i].num,
						 x->npoll ? (x->select ? 's' : 'p') : 0,
						 x->npoll ? x->pwr[k] : x->wr, f, pipe_ino(self, f) };
			if (!ops[nops].ino)
				return false; /* a wait on something else: a terminal, a socket */
			nops++;
		}
	}
	for (int k = 0; k < nkids; k++) {
		unsigned long long v[7];

		if (!kid_blocked(kids[k], v))
			continue;
		set[nset++] = kids[k];
		if ((kid_poll_forever(v) && !kid_poll_ops(kids[k], v)) ||
		    (kid_select_forever(v) && !kid_select_ops(kids[k], v)))
			return false;
		if (v[0] == SYS_read || v[0] == SYS_write) {
			if (nops == MAX_OPS)
				return false;
			ops[nops] = (struct op){ kids[k], -1, 0, v[0] == SYS_write, (int)v[1],
						 pipe_ino(kids[k], (int)v[1]) };
			if (!ops[nops].ino)
				return false;
			nops++;
		}
	}
	/* A waitpid() of ours waits for a child of the set. */
	for (int i = 0; i < hw && i < LG_MAX_THREADS; i++) {
		const struct lg_thread *t = &lg_threads[i];

		if (atomic_load(&t->state) != LG_T_BLOCKED ||
		    atomic_load(&t->wait_kind) != LG_W_CHILD)
			continue;
		if (t->wait_target > 0 ? !in_set(set, nset, t->wait_target) : nset != nkids + 1)
			return false;
	}
	if (!nops)
		return false;
	/*
	 * Whoever could end a wait (the other end's holders) is in the set, blocked too. And someone
	 * holds the other end: with none, a read gets end-of-file and a write EPIPE, so the call is
	 * not blocked but on its way out (a parent woken from poll() by its child's last words and
	 * exit, not yet run on a loaded machine, still looks inside it).
	 */
	scan_ends();
	for (int i = 0; i < nops; i++) {
		int holders = 0;

		for (int j = 0; j < nends; j++) {
			if (ends[j].ino != ops[i].ino || ends[j].wr == ops[i].wr)
				continue;
			if (!in_set(set, nset, ends[j].pid))
				return false;
			holders++;
		}
		if (!holders)
			return false;
	}
	return true;
}

void lg_pipes_snapshot(void)
{
	for (int i = 0; i < nops; i++) {
		struct lg_line l = { .n = 0 };

		lg_put(&l, LG_REC_PIPEWAIT " pid=");
		lg_put_u(&l, (uint64_t)ops[i].pid);
		lg_put(&l, " ");
		if (ops[i].thread >= 0)
			lg_put_thread(&l, ops[i].thread);
		else
			lg_put(&l, "-");
		lg_put(&l, " call=");
		lg_put(&l, ops[i].multi == 's' ? "select" : ops[i].multi ? "poll" : "");
		lg_put(&l, ops[i].multi ? (ops[i].wr ? "out" : "in") : (ops[i].wr ? "write" : "read"));
		lg_put(&l, " fd=");
		lg_put_u(&l, (uint64_t)ops[i].fd);
		lg_put(&l, " pipe=");
		lg_put_u(&l, ops[i].ino);
		lg_put(&l, " f=");
		if (ops[i].thread >= 0) {
			for (int s = 0; s < LG_MAX_THREADS; s++)
				if (lg_threads[s].num == ops[i].thread &&
				    atomic_load(&lg_threads[s].state) != LG_T_FREE) {
					lg_put_site(&l, &io[s].site);
					break;
				}
		} else {
			lg_put(&l, "-");
		}
		lg_emit(&l);
	}
	for (int j = 0; j < nends; j++) {
		struct lg_line l = { .n = 0 };

		lg_put(&l, LG_REC_PIPEEND " pid=");
		lg_put_u(&l, (uint64_t)ends[j].pid);
		lg_put(&l, " pipe=");
		lg_put_u(&l, ends[j].ino);
		lg_put(&l, ends[j].wr ? " end=w" : " end=r");
		lg_emit(&l);
	}
}
