/* The two sandbox processes that run after the fork: the keeper and the program it execs. */
/*
 * Everything here runs in a child forked from a possibly multi-threaded grader, so only
 * async-signal-safe calls are allowed: raw system calls, no malloc, no stdio, no locks. All the
 * data was prepared by the grader in struct spawn_plan before the fork.
 *
 * The keeper exists so that the program is never a direct child of the grader: kill(getppid())
 * hits the keeper, not the grader; the keeper is the init of the PID namespace (or a subreaper
 * without one) and so adopts every orphan; and it reaps and sweeps everything before it reports.
 */
#include "spawn_int.h"
#include "sandbox_view.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t spawn_raw_clone(int flags)
{
	/*
	 * A NULL stack makes clone() behave like fork(): the child continues on a copy of our stack.
	 * Unlike glibc's fork() it takes namespace flags and runs no atfork handlers; the child only
	 * makes raw system calls, so the glibc state it inherits (locks other threads held) is never
	 * touched.
	 */
	return (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, 0UL);
}

static void msg_send(int fd, const struct spawn_msg *m)
{
	ssize_t n;

	do
		n = write(fd, m, sizeof(*m));
	while (n < 0 && errno == EINTR);
}

static void report_failure(int fd, int type, int stage, int err)
{
	struct spawn_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.stage = stage;
	m.err = err;
	msg_send(fd, &m);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	err = errno;
	close(fd);
	errno = err;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static void close_span(unsigned lo, unsigned hi)
{
	struct rlimit rl;
	unsigned fd;

	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return;
	/* Kernels before 5.9: close one by one up to the descriptor limit. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < hi)
		hi = (unsigned)rl.rlim_cur;
	else if (hi > 65536)
		hi = 65536;
	for (fd = lo; fd <= hi; fd++)
		close((int)fd);
}

/* Closes every descriptor from 3 up except those in keep: the grader's fds never leak in. */
static void close_others(const int *keep, int n)
{
	unsigned lo = 3;

	for (;;) {
		unsigned next = UINT_MAX;
		int i;

		for (i = 0; i < n; i++)
			if (keep[i] >= 0 && (unsigned)keep[i] >= lo && (unsigned)keep[i] < next)
				next = (unsigned)keep[i];
		if (next == UINT_MAX) {
			close_span(lo, UINT_MAX);
			return;
		}
		if (next > lo)
			close_span(lo, next - 1);
		lo = next + 1;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Isolated runs as root: empty the capability bounding set, so that execve() grants the program
 * none (root otherwise gets them all back at exec). It stays uid 0 for file ownership, but
 * cannot mount, load modules, change the clock, trace other users' processes, bypass file
 * permissions on files it does not own, and so on. Without CAP_SETPCAP this does nothing.
 */
static void drop_capabilities(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int cap;

	for (cap = 0; cap < 64; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
			break;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	/* Root's exec also grants the inheritable set: clear it too. */
	if (syscall(SYS_capget, &hdr, data) == 0) {
		data[0].inheritable = data[1].inheritable = 0;
		syscall(SYS_capset, &hdr, data);
	}
}

static void program_main(const struct spawn_plan *p, pid_t keeper) __attribute__((noreturn));
static void program_main(const struct spawn_plan *p, pid_t keeper)
{
	struct rlimit core = { 0, 0 };
	struct sigaction sa;
	sigset_t none;
	int in, out, err, rep = p->report_fd, sec = -1;
	int sig, i, keep[2];

	/* The grader may ignore SIGPIPE or block signals; ignored dispositions survive execve. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* Own session and group: kill(0, ...) and terminal signals stay inside the run. */
	setsid();
	/* If the keeper is killed (by us, or by the program itself), the program goes with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != keeper)
		_exit(127);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (p->drop_caps)
		drop_capabilities();

	/*
	 * Move every source above the seccomp filter's slot first, so the dup2()s below cannot
	 * clobber one another.
	 */
	in = fcntl(p->in_fd, F_DUPFD_CLOEXEC, SANDBOX_SECCOMP_FD + 1);
	out = fcntl(p->out_fd, F_DUPFD_CLOEXEC, SANDBOX_SECCOMP_FD + 1);
	err = fcntl(p->err_fd, F_DUPFD_CLOEXEC, SANDBOX_SECCOMP_FD + 1);
	rep = fcntl(p->report_fd, F_DUPFD_CLOEXEC, SANDBOX_SECCOMP_FD + 1);
	if (p->seccomp_fd >= 0)
		sec = fcntl(p->seccomp_fd, F_DUPFD_CLOEXEC, SANDBOX_SECCOMP_FD + 1);
	if (rep < 0)
		rep = p->report_fd;
	if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0 ||
	    (p->seccomp_fd >= 0 && (sec < 0 || dup2(sec, SANDBOX_SECCOMP_FD) < 0))) {
		report_failure(rep, SPAWN_MSG_EXEC_FAILED, SPAWN_STAGE_FDS, errno);
		_exit(127);
	}
	/* dup2() leaves the filter's slot without close-on-exec: bwrap reads it, then closes it. */
	keep[0] = rep;
	keep[1] = p->seccomp_fd >= 0 ? SANDBOX_SECCOMP_FD : -1;
	close_others(keep, 2);

	if (p->cwd && chdir(p->cwd) < 0) {
		report_failure(rep, SPAWN_MSG_EXEC_FAILED, SPAWN_STAGE_CHDIR, errno);
		_exit(127);
	}
	setrlimit(RLIMIT_CORE, &core);
	for (i = 0; i < p->nlimits; i++) {
		if (setrlimit(p->limit_res[i], &p->limit_val[i]) < 0) {
			report_failure(rep, SPAWN_MSG_EXEC_FAILED, SPAWN_STAGE_RLIMIT, errno);
			_exit(127);
		}
	}
	execve(p->path, p->argv, p->envp);
	report_failure(rep, SPAWN_MSG_EXEC_FAILED, SPAWN_STAGE_EXEC, errno);
	_exit(127);
}

/* A new network namespace has only a loopback device, and it is down. */
static void loopback_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

/* Reaps every child that has ended; remembers the program's status. Returns -1 on ECHILD. */
static int reap(pid_t prog, int *status, int *prog_done, int flags)
{
	int st;
	pid_t r;

	while ((r = waitpid(-1, &st, __WALL | flags)) > 0) {
		if (r == prog) {
			*status = st;
			*prog_done = 1;
		}
		flags |= WNOHANG;
	}
	return r < 0 && errno == ECHILD ? -1 : 0;
}

/* Kills the direct children listed by the kernel: as a subreaper, orphans land there. */
static void kill_listed_children(void)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
	long pid = 0;
	int in_num = 0;

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				in_num = 1;
			} else if (in_num) {
				if (pid > 1)
					kill((pid_t)pid, SIGKILL);
				pid = 0;
				in_num = 0;
			}
		}
	}
	if (in_num && pid > 1)
		kill((pid_t)pid, SIGKILL);
	close(fd);
}

/*
 * Kills everything the run created and reaps it. In a PID namespace kill(-1) from its init
 * reaches every other process in it. Without one, the program's group goes first; then every
 * child of the keeper (orphans are re-parented to it, being a subreaper), generation by
 * generation, until waitpid() says no child is left.
 */
static void sweep(pid_t prog, unsigned layers, int *status, int *prog_done)
{
	int round;

	for (round = 0; round < 20000; round++) {
		if (layers & SPAWN_LAYER_PIDNS) {
			kill(-1, SIGKILL);
		} else {
			kill(-prog, SIGKILL);
			if (!*prog_done)
				kill(prog, SIGKILL);
			kill_listed_children();
		}
		if (reap(prog, status, prog_done, WNOHANG) < 0)
			return;
		sleep_ms(round < 100 ? 1 : 5);
	}
}

void spawn_keeper_main(const struct spawn_plan *p)
{
	struct sigaction sa;
	struct spawn_msg m;
	unsigned layers = SPAWN_LAYER_KEEPER | SPAWN_LAYER_PGROUP;
	int keep[6];
	int status = 0, prog_done = 0, pidfd, stop = 0;
	pid_t self = getpid(), prog;

	/* The grader reads the reports; if it is gone, writes must fail, not kill us. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* A grader that ignores SIGCHLD would make the kernel reap our children: we need them. */
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	/*
	 * If the grader dies, the run must die with it. The control pipe reaches EOF then, and the
	 * keeper sweeps as at a timeout. As init of a PID namespace, dying is itself the sweep, so
	 * the parent-death signal is the faster way; without one, SIGKILL would stop the keeper
	 * before it could sweep, so there the pipe alone does it.
	 */
	if (p->clone_flags & CLONE_NEWPID)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	setsid();

	if (p->userns) {
		/* setgroups must be denied before an unprivileged gid_map write is allowed. */
		if ((write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT) ||
		    write_file("/proc/self/uid_map", p->uid_map) < 0 ||
		    write_file("/proc/self/gid_map", p->gid_map) < 0) {
			report_failure(p->report_fd, SPAWN_MSG_SETUP_FAILED, SPAWN_STAGE_USERNS, errno);
			_exit(127);
		}
		layers |= SPAWN_LAYER_USERNS;
	}
	if (p->clone_flags & CLONE_NEWPID)
		layers |= SPAWN_LAYER_PIDNS;
	if (p->clone_flags & CLONE_NEWIPC)
		layers |= SPAWN_LAYER_IPCNS;
	if (p->clone_flags & CLONE_NEWNET) {
		loopback_up();
		layers |= SPAWN_LAYER_NETNS;
	}
	/*
	 * A private /proc shows only the run's own processes. Propagation is made private first so
	 * the mount can never leak into the grader's namespace; it dies with the namespace.
	 */
	if ((p->clone_flags & CLONE_NEWNS) &&
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		layers |= SPAWN_LAYER_MOUNTNS;
	if (p->cgroup_procs && write_file(p->cgroup_procs, "0") == 0)
		layers |= SPAWN_LAYER_CGROUP;
	if (!(layers & SPAWN_LAYER_PIDNS) && prctl(PR_SET_CHILD_SUBREAPER, 1) == 0)
		layers |= SPAWN_LAYER_SUBREAPER;

	memset(&m, 0, sizeof(m));
	m.type = SPAWN_MSG_READY;
	m.layers = layers;
	msg_send(p->report_fd, &m);

	keep[0] = p->in_fd;
	keep[1] = p->out_fd;
	keep[2] = p->err_fd;
	keep[3] = p->report_fd;
	keep[4] = p->control_fd;
	keep[5] = p->seccomp_fd;
	close_others(keep, 6);

	prog = spawn_raw_clone(0);
	if (prog == 0)
		program_main(p, self);
	if (prog < 0) {
		report_failure(p->report_fd, SPAWN_MSG_EXEC_FAILED, SPAWN_STAGE_FORK, errno);
		status = 127 << 8;
		prog_done = 1;
	}
	if (p->in_fd > 2)
		close(p->in_fd);
	if (p->out_fd > 2)
		close(p->out_fd);
	if (p->err_fd > 2 && p->err_fd != p->out_fd)
		close(p->err_fd);

	memset(&m, 0, sizeof(m));
	m.type = SPAWN_MSG_STARTED;
	m.pid = prog;
	m.layers = layers;
	if (prog > 0)
		msg_send(p->report_fd, &m);

	/* Wait for the program to end or the grader to say stop; reap adopted orphans meanwhile. */
	pidfd = prog > 0 ? (int)syscall(SYS_pidfd_open, prog, 0) : -1;
	while (!prog_done && !stop) {
		struct pollfd pf[2] = { { p->control_fd, POLLIN, 0 }, { pidfd, POLLIN, 0 } };

		if (poll(pf, pidfd >= 0 ? 2 : 1, pidfd >= 0 ? 200 : 10) > 0 && pf[0].revents)
			stop = 1;
		reap(prog, &status, &prog_done, WNOHANG);
	}
	sweep(prog, layers, &status, &prog_done);
	/*
	 * bwrap waits for the program and exits with 128 + N when signal N killed it. Taken back as
	 * a death by signal, so that a crash, SIGXCPU or SIGXFSZ reads the same with or without the
	 * view (a program that itself exits with 129..192 reads as killed: the shell's ambiguity).
	 */
	if (p->view && WIFEXITED(status) && WEXITSTATUS(status) > 128 &&
	    WEXITSTATUS(status) < 128 + 65)
		status = WEXITSTATUS(status) - 128;

	memset(&m, 0, sizeof(m));
	m.type = SPAWN_MSG_DONE;
	m.status = status;
	m.pid = prog;
	m.layers = layers;
	getrusage(RUSAGE_CHILDREN, &m.ru);
	msg_send(p->report_fd, &m);
	_exit(0);
}
