/* Running untrusted programs: the grader side of the sandbox (prepare, fork, watch, reap). */
/*
 * The process tree of one run:
 *
 *     grader thread --clone--> keeper --clone--> program --> whatever the program forks
 *
 * The keeper (spawn_child.c) is a copy of the grader that never execs and only makes raw system
 * calls. It exists so that the program is never the grader's own child (kill(getppid()) hits the
 * keeper), so that something adopts and reaps orphans, and so that the final sweep runs inside
 * the run's own namespace. The grader talks to it over two close-on-exec pipes: the report pipe
 * (keeper -> grader: ready + layers, started, exec failed + errno, done + status + rusage) and
 * the control pipe, which the grader only ever closes: EOF means "kill everything now", which
 * is what happens at the timeout and, with no code of ours running, when the grader dies.
 * No signal handler, no SIGCHLD, no waitpid(-1) in the grader: several threads may run at once.
 *
 * Layers, best first; spawn_result.layers reports the ones in force for each run:
 *
 * 1. Always: the program gets its own session and process group (kill(0, ...) and terminal
 *    signals stay inside, and it has no controlling terminal), a scrubbed environment, every
 *    descriptor but 0-2 closed (the grader's fds never leak, close-on-exec or not),
 *    RLIMIT_CORE = 0 plus the caller's rlimits (RLIMIT_CPU gets a hard limit one second above
 *    the soft one: SIGXCPU first, a clear verdict, then SIGKILL), signal dispositions and mask
 *    reset, no_new_privs, and PR_SET_PDEATHSIG so it dies when its keeper dies.
 *    Stdout/stderr go through pipes that the grader reads: it keeps the first output_cap bytes,
 *    keeps draining the rest (so a chatty program is not blocked and its verdict not changed),
 *    and kills the run as "output-limit" once it has discarded 64 x output_cap (a flood would
 *    otherwise burn CPU until the timeout). The grader never interprets the program's output.
 *    At the end the keeper kills everything (SIGKILL: it also ends stopped processes and those
 *    ignoring SIGTERM), reaps it all, and only then reports; the grader returns after that.
 * 2. isolate, root: new PID, mount, network, IPC and UTS namespaces. The keeper is the
 *    namespace's init: signals from inside cannot kill it (kill(getppid()) and kill(1) are
 *    dropped), kill(-1) from it reaches every process of the run however it daemonised, and
 *    when it dies (also by its parent-death signal, when the grader dies) the kernel kills
 *    everything left. The mount namespace gets its own /proc (propagation made private first,
 *    so nothing leaks out; the mount dies with the namespace). The network namespace has only
 *    loopback, which the keeper brings up. The program's capability bounding set is emptied,
 *    so even as uid 0 it execs with no capabilities. Costs about 5-10 ms per run.
 * 3. isolate, not root: the same inside a new user namespace (uid and gid mapped to
 *    themselves), which unprivileged users may create on most distributions. In it
 *    RLIMIT_NPROC counts only the run's processes (per-user-namespace accounting), so it
 *    bounds fork bombs per run. A kernel that refuses (EPERM/EINVAL, or the keeper cannot
 *    write its id maps) is remembered and not asked again.
 * 4. Neither possible, or isolate off: the keeper makes itself a child subreaper, so orphans
 *    (double-forked daemons that setsid() away from the group) are re-parented to it; at the
 *    end it kills the program's group and then its children (/proc/thread-self/children)
 *    generation by generation until waitpid() says none is left.
 * 5. isolate, and a pids cgroup we may create (root with cgroup v1 pids, or v2 where "pids"
 *    can be enabled in our cgroup's subtree): pids.max = limits.processes, the only process
 *    bound that holds for root (the kernel exempts root from RLIMIT_NPROC, so as root without
 *    such a cgroup nothing bounds a fork bomb but the timeout). After the run the grader kills
 *    whatever is still listed in the cgroup and removes it.
 *
 * 6. Every run with a cwd, when bubblewrap works here: the program execs bwrap instead, which
 *    builds the run's view of the filesystem (sandbox_view.c: the system read-only, its
 *    workspace, a private /tmp, nothing else), gives it its own PID namespace and a seccomp
 *    filter, and (as root) has setpriv run it as its workspace's non-root uid with no
 *    capabilities. The keeper then makes no mount namespace of its own, and reads bwrap's exit
 *    code 128 + N as a death by signal N. Without bwrap, runs go on as in 1-5 and every report
 *    says the filesystem was not isolated.
 *
 * RLIMIT_NPROC: per real uid. Root ignores it (see 5). Non-root without a user namespace it
 * counts all of the user's processes, so a low value can make the program's very first fork
 * fail on a busy desktop; callers should pass a generous bound (a few hundred) and rely on the
 * timeout. In a user namespace (3) it counts only the run's processes.
 *
 * What remains possible in mode 4: a program that kills its keeper (kill(getppid())) after a
 * daemon of it escaped the group may leave that daemon behind (nothing tracks it any more;
 * the grader kills the group and waits for it, and a cgroup in mode 5 would catch the rest).
 * A program running as the grader's uid without a PID namespace can signal or ptrace the
 * grader and, as root, kill(-1) the whole machine: run untrusted code as root only with
 * isolation available (the kit's CI does), or as an unprivileged user (then 3 applies).
 *
 * The checker itself must not be built with TSan: the keeper is forked with a raw clone() that
 * TSan does not see, and its runtime then reports the keeper's fd calls as races (noise only).
 */
#include "spawn.h"
#include "spawn_int.h"
#include "sandbox_view.h"
#include "proc_cpu.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/util.h"

#define SPAWN_DEFAULT_CAP (1024 * 1024)
#define SPAWN_FLOOD_FACTOR 64   /* discarded bytes beyond which a flood is killed, x cap */
#define SPAWN_KILL_GRACE_MS 2000 /* how long the keeper may take to sweep before we kill it */
#define SPAWN_BUSY_WINDOW_MS 1000 /* the CPU time sampled over the last second before a timeout */
#define SPAWN_CAP_POLL_MS 20    /* how soon a run notices a deadline_cap set by another thread */

enum spawn_mode { MODE_NS, MODE_USERNS, MODE_PLAIN };

/* The first mode worth trying: once the kernel refused namespaces, it will keep refusing. */
static atomic_int first_mode = MODE_NS;

static const int ns_flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Looks argv[0] up in PATH before the fork (no malloc after it). Returns NULL if not found. */
static char *find_program(const char *name, const char *path_var)
{
	char found[PATH_MAX];

	/* A path is exec'd as it is: the exec's own errno then says what is wrong with it. */
	if (strchr(name, '/'))
		return strdup(name);
	return path_search(name, path_var, found, sizeof(found)) ? strdup(found) : NULL;
}

static void free_env(char **envp)
{
	size_t i;

	for (i = 0; envp && envp[i]; i++)
		free(envp[i]);
	free(envp);
}

/* Sets or replaces NAME=... in envp (which has room); takes ownership of entry. */
static void env_put(char **envp, size_t *n, char *entry)
{
	size_t name_len = strcspn(entry, "=");
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strncmp(envp[i], entry, name_len) == 0 && envp[i][name_len] == '=') {
			free(envp[i]);
			envp[i] = entry;
			return;
		}
	}
	envp[(*n)++] = entry;
	envp[*n] = NULL;
}

static char *str_printf(const char *fmt, const char *a, const char *b)
{
	size_t len = strlen(fmt) + strlen(a) + strlen(b) + 1;
	char *s = malloc(len);

	if (s)
		snprintf(s, len, fmt, a, b);
	return s;
}

/* The scrubbed environment: a fixed base, then the caller's NAME=value entries. */
static enum rl_err build_env(const struct spawn_opts *o, const char *path_var, char ***out,
			     struct diag *d)
{
	char cwd_buf[4096];
	const char *home = o->cwd, *tmp = getenv("TMPDIR");
	size_t n = 0, extra = 0, i;
	char **envp;
	char *base[5];

	while (o->env && o->env[extra])
		extra++;
	if (!home)
		home = getcwd(cwd_buf, sizeof(cwd_buf)) ? cwd_buf : "/";
	envp = calloc(extra + 6, sizeof(*envp));
	if (!envp)
		return diag_set(d, RL_ERR_NOMEM, "spawn: out of memory building the environment");
	base[0] = str_printf("PATH=%s%s", path_var, "");
	base[1] = str_printf("HOME=%s%s", home, "");
	base[2] = strdup("LANG=C");
	base[3] = str_printf("TMPDIR=%s%s", tmp && *tmp ? tmp : "/tmp", "");
	base[4] = strdup("TERM=dumb");
	for (i = 0; i < 5; i++) {
		if (!base[i]) {
			while (i < 5)
				free(base[i++]);
			free_env(envp);
			return diag_set(d, RL_ERR_NOMEM, "spawn: out of memory building the environment");
		}
		env_put(envp, &n, base[i]);
	}
	for (i = 0; i < extra; i++) {
		char *e;

		if (!strchr(o->env[i], '=') || o->env[i][0] == '=') {
			free_env(envp);
			return diag_set(d, RL_ERR_USAGE, "spawn: environment entry '%s' is not NAME=value",
					o->env[i]);
		}
		if (!(e = strdup(o->env[i]))) {
			free_env(envp);
			return diag_set(d, RL_ERR_NOMEM, "spawn: out of memory building the environment");
		}
		env_put(envp, &n, e);
	}
	*out = envp;
	return RL_ERR_OK;
}

static void add_limit(struct spawn_plan *p, int res, unsigned long val)
{
	struct rlimit cur;
	rlim_t v = val;

	if (!val)
		return;
	/* An unprivileged process cannot raise its hard limit: clamp rather than fail the run. */
	if (getrlimit(res, &cur) == 0 && cur.rlim_max != RLIM_INFINITY && v > cur.rlim_max)
		v = cur.rlim_max;
	p->limit_res[p->nlimits] = res;
	p->limit_val[p->nlimits].rlim_cur = v;
	/* One second of grace on the CPU limit: SIGXCPU first (a clear verdict), SIGKILL after. */
	p->limit_val[p->nlimits].rlim_max = res == RLIMIT_CPU && v + 1 <= cur.rlim_max ? v + 1 : v;
	p->nlimits++;
}

/* Output pipe state: what the grader keeps of one stream. */
struct sink {
	int rfd;        /* read end, non-blocking; -1 at EOF */
	int file;       /* where the first cap bytes go */
	size_t kept, discarded;
	bool write_failed;
};

/* Reads what is available. Returns false when the stream is flooding past the kill threshold. */
static bool sink_pump(struct sink *s, size_t cap)
{
	char buf[16384];

	while (s->rfd >= 0) {
		ssize_t n = read(s->rfd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* EAGAIN: nothing more for now */
		if (n == 0) {
			close_fd(&s->rfd);
			break;
		}
		size_t keep = s->kept < cap ? cap - s->kept : 0;

		if (keep > (size_t)n)
			keep = (size_t)n;
		if (keep && !s->write_failed) {
			size_t off = 0;

			while (off < keep) {
				ssize_t w = write(s->file, buf + off, keep - off);

				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) {
					s->write_failed = true;
					break;
				}
				off += (size_t)w;
			}
		}
		s->kept += keep;
		s->discarded += (size_t)n - keep;
	}
	return s->discarded <= cap * SPAWN_FLOOD_FACTOR;
}

static const char *stage_text(int stage)
{
	switch (stage) {
	case SPAWN_STAGE_FORK: return "fork";
	case SPAWN_STAGE_FDS: return "set up its descriptors for";
	case SPAWN_STAGE_CHDIR: return "change to the working directory of";
	case SPAWN_STAGE_RLIMIT: return "set resource limits for";
	case SPAWN_STAGE_USERNS: return "set up a user namespace for";
	default: return "execute";
	}
}

/* All the descriptors and buffers of one run, so that one unwinding path frees them. */
struct run {
	struct spawn_plan plan;
	struct sink out, err;
	int in_fd, null_fd, out_w, err_w;
	int rep[2], ctl[2];
	char *path;
	char **envp;
	char *preload;       /* LD_PRELOAD taken out of envp for the view to give the program */
	struct spawn_cgroup cg;
	struct sandbox_view view;
};

static void run_init(struct run *rn)
{
	memset(rn, 0, sizeof(*rn));
	rn->out.rfd = rn->err.rfd = rn->out.file = rn->err.file = -1;
	rn->in_fd = rn->null_fd = rn->out_w = rn->err_w = -1;
	rn->rep[0] = rn->rep[1] = rn->ctl[0] = rn->ctl[1] = -1;
	rn->plan.seccomp_fd = rn->view.seccomp_fd = -1;
}

static void run_release(struct run *rn)
{
	close_fd(&rn->out.rfd);
	close_fd(&rn->err.rfd);
	close_fd(&rn->out.file);
	if (rn->err.file != rn->out.file)
		close_fd(&rn->err.file);
	close_fd(&rn->in_fd);
	close_fd(&rn->null_fd);
	close_fd(&rn->out_w);
	close_fd(&rn->err_w);
	close_fd(&rn->rep[0]);
	close_fd(&rn->rep[1]);
	close_fd(&rn->ctl[0]);
	close_fd(&rn->ctl[1]);
	free(rn->path);
	free_env(rn->envp);
	free(rn->preload);
	sandbox_view_release(&rn->view);
	spawn_cgroup_destroy(&rn->cg);
}

/* Opens one output stream: a pipe the grader reads and the file it copies into. */
static enum rl_err open_sink(struct sink *s, int *w, const char *path, struct diag *d)
{
	int p[2];

	s->file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (s->file < 0)
		return diag_set(d, RL_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
	if (pipe2(p, O_CLOEXEC) < 0)
		return diag_set(d, RL_ERR_SPAWN, "spawn: pipe: %s", strerror(errno));
	s->rfd = p[0];
	*w = p[1];
	fcntl(s->rfd, F_SETFL, O_NONBLOCK);
	return RL_ERR_OK;
}

/*
 * Moves the program into its view: bwrap becomes what is executed. The loader must not preload
 * the tracer into bwrap or setpriv (its constructor would take the tracer's variables), so
 * LD_PRELOAD leaves the environment and the view hands it to the program alone; TMPDIR is the
 * view's private /tmp.
 */
static enum rl_err prepare_view(const struct spawn_opts *o, struct run *rn, struct diag *d)
{
	struct sandbox_view_spec spec = { o->cwd, rn->path, o->argv, NULL, o->view_ro, o->view_rw,
					  !o->isolate };
	size_t n = 0, i;
	char *tmp;

	while (rn->envp[n])
		n++;
	for (i = 0; i < n; i++) {
		if (strncmp(rn->envp[i], "LD_PRELOAD=", 11) == 0) {
			if (!(rn->preload = strdup(rn->envp[i] + 11)))
				return diag_set(d, RL_ERR_NOMEM, "spawn: out of memory");
			free(rn->envp[i]);
			memmove(&rn->envp[i], &rn->envp[i + 1], (n - i) * sizeof(*rn->envp));
			n--;
			break;
		}
	}
	if (!(tmp = strdup("TMPDIR=/tmp")))
		return diag_set(d, RL_ERR_NOMEM, "spawn: out of memory");
	env_put(rn->envp, &n, tmp);
	spec.preload = rn->preload && *rn->preload ? rn->preload : NULL;
	return sandbox_view_build(&spec, &rn->view, d);
}

static enum rl_err prepare(const struct spawn_opts *o, struct run *rn, bool view, struct diag *d)
{
	const char *path_var = getenv("PATH");
	struct spawn_plan *p = &rn->plan;
	enum rl_err e;
	size_t i;

	/* A PATH given in env is the one the program sees, so it is also the one we search. */
	for (i = 0; o->env && o->env[i]; i++)
		if (strncmp(o->env[i], "PATH=", 5) == 0)
			path_var = o->env[i] + 5;

	if (!path_var || !*path_var)
		path_var = "/usr/local/bin:/usr/bin:/bin";
	if (!o->argv || !o->argv[0])
		return diag_set(d, RL_ERR_USAGE, "spawn: empty argv");
	rn->path = find_program(o->argv[0], path_var);
	if (!rn->path)
		return diag_set(d, RL_ERR_SPAWN, "cannot execute '%s': not found in PATH", o->argv[0]);
	if ((e = build_env(o, path_var, &rn->envp, d)))
		return e;
	if (view && (e = prepare_view(o, rn, d)))
		return e;

	rn->null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (rn->null_fd < 0)
		return diag_set(d, RL_ERR_IO, "cannot open /dev/null: %s", strerror(errno));
	if (o->stdin_path) {
		rn->in_fd = open(o->stdin_path, O_RDONLY | O_CLOEXEC);
		if (rn->in_fd < 0)
			return diag_set(d, RL_ERR_IO, "cannot open '%s': %s", o->stdin_path,
					strerror(errno));
	}
	if (o->stdout_path && (e = open_sink(&rn->out, &rn->out_w, o->stdout_path, d)))
		return e;
	if (o->stderr_path && o->stdout_path && strcmp(o->stderr_path, o->stdout_path) == 0) {
		/* One pipe for both keeps their interleaving; the cap then holds for the pair. */
	} else if (o->stderr_path && (e = open_sink(&rn->err, &rn->err_w, o->stderr_path, d))) {
		return e;
	}

	p->path = view ? rn->view.path : rn->path;
	p->argv = view ? rn->view.argv : (char *const *)o->argv;
	p->view = view;
	p->seccomp_fd = view ? rn->view.seccomp_fd : -1;
	p->envp = rn->envp;
	p->cwd = o->cwd;
	p->in_fd = rn->in_fd >= 0 ? rn->in_fd : rn->null_fd;
	p->out_fd = rn->out_w >= 0 ? rn->out_w : rn->null_fd;
	p->err_fd = rn->err_w >= 0 ? rn->err_w : (o->stderr_path ? p->out_fd : rn->null_fd);
	/*
	 * The program runs as another uid in a view: without this, opening /dev/stdout (its own
	 * pipe, reopened through /proc) would be refused. Only its own descriptors lead there.
	 */
	if (view && rn->out_w >= 0)
		fchmod(rn->out_w, 0622);
	if (view && rn->err_w >= 0)
		fchmod(rn->err_w, 0622);
	add_limit(p, RLIMIT_CPU, o->limits.cpu_seconds);
	add_limit(p, RLIMIT_AS, o->limits.address_space);
	add_limit(p, RLIMIT_NPROC, o->limits.processes);
	add_limit(p, RLIMIT_FSIZE, o->limits.file_size);
	add_limit(p, RLIMIT_NOFILE, o->limits.open_files);
	snprintf(p->uid_map, sizeof(p->uid_map), "%u %u 1", (unsigned)getuid(), (unsigned)getuid());
	snprintf(p->gid_map, sizeof(p->gid_map), "%u %u 1", (unsigned)getgid(), (unsigned)getgid());
	if (o->isolate) {
		/* In a view bwrap needs root's capabilities to build it; setpriv drops them all. */
		p->drop_caps = !view;
		spawn_cgroup_create(&rn->cg, o->limits.processes);
		p->cgroup_procs = rn->cg.procs[0] ? rn->cg.procs : NULL;
	}
	return RL_ERR_OK;
}

/* Reads one whole message; 0 at EOF, -1 when none is ready. */
static int read_msg(int fd, struct spawn_msg *m)
{
	ssize_t n;

	do
		n = read(fd, m, sizeof(*m));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(*m))
		return 1;
	return n == 0 ? 0 : -1;
}

/*
 * Starts the keeper in the best mode that works and waits for its first word: READY (with the
 * layers it set up) or SETUP_FAILED (then the next mode is tried). Returns its pid, or -1.
 */
static pid_t start_keeper(const struct spawn_opts *o, struct run *rn, unsigned *layers,
			  struct diag *d)
{
	int mode = o->isolate ? atomic_load(&first_mode) : MODE_PLAIN;

	for (; mode <= MODE_PLAIN; mode++) {
		struct spawn_msg m;
		int flags = mode == MODE_NS ? ns_flags
			  : mode == MODE_USERNS ? ns_flags | CLONE_NEWUSER : 0;

		/*
		 * In a view bwrap makes the mount namespace and its /proc; a second one here would
		 * only add its teardown (an RCU grace period, several ms) to every run.
		 */
		if (rn->plan.view)
			flags &= ~CLONE_NEWNS;
		pid_t pid;
		int got;

		/* Fresh pipes per attempt: a failed keeper may have written to the old ones. */
		close_fd(&rn->rep[0]);
		close_fd(&rn->ctl[1]);
		if (pipe2(rn->rep, O_CLOEXEC) < 0 || pipe2(rn->ctl, O_CLOEXEC) < 0) {
			diag_set(d, RL_ERR_SPAWN, "spawn: pipe: %s", strerror(errno));
			return -1;
		}
		rn->plan.report_fd = rn->rep[1];
		rn->plan.control_fd = rn->ctl[0];
		rn->plan.clone_flags = flags;
		rn->plan.userns = mode == MODE_USERNS;
		pid = spawn_raw_clone(flags);
		if (pid == 0)
			spawn_keeper_main(&rn->plan);
		/* Only the keeper holds these from now on, so a keeper that dies gives us EOF. */
		close_fd(&rn->rep[1]);
		close_fd(&rn->ctl[0]);
		if (pid < 0) {
			int err = errno;

			/* Refused for lack of privilege: it will be refused next time too. */
			if (mode != MODE_PLAIN && (err == EPERM || err == EINVAL))
				atomic_store(&first_mode, mode + 1);
			if (mode == MODE_PLAIN) {
				diag_set(d, RL_ERR_SPAWN, "spawn: fork: %s", strerror(err));
				return -1;
			}
			continue;
		}
		got = read_msg(rn->rep[0], &m);
		if (got == 1 && m.type == SPAWN_MSG_READY) {
			*layers = m.layers;
			return pid;
		}
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		if (got == 1 && m.type == SPAWN_MSG_SETUP_FAILED && mode != MODE_PLAIN) {
			atomic_store(&first_mode, mode + 1);
			continue;
		}
		diag_set(d, RL_ERR_SPAWN, "spawn: the sandbox keeper failed to start");
		return -1;
	}
	return -1;
}

/*
 * Closing our end of the control pipe tells the keeper to kill everything (EOF, no SIGPIPE).
 * Without a PID namespace the program may have stopped its keeper (kill(getppid(), SIGSTOP)):
 * SIGCONT it, so it can do its sweep rather than be killed after the grace period.
 */
static void request_kill(struct run *rn, pid_t keeper, bool *kill_sent, long *kill_deadline)
{
	close_fd(&rn->ctl[1]);
	kill(keeper, SIGCONT);
	*kill_sent = true;
	*kill_deadline = now_ms() + SPAWN_KILL_GRACE_MS;
}

/* Whether a process of group pgid is alive (not a zombie): scans /proc, so only on rare paths. */
static bool group_alive(pid_t pgid)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	bool alive = false;

	if (!proc)
		return kill(-pgid, 0) == 0;
	while (!alive && (e = readdir(proc))) {
		char path[300], buf[512], *p, state;
		long ppid, pgrp;
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (!(f = fopen(path, "re")))
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
		    sscanf(p + 1, " %c %ld %ld", &state, &ppid, &pgrp) == 3)
			alive = pgrp == pgid && state != 'Z' && state != 'X';
		fclose(f);
	}
	closedir(proc);
	return alive;
}

/*
 * The keeper is gone without sweeping (the program killed it): kill the program's group
 * ourselves and wait, bounded, until nothing of it runs, so that "nothing outlives the run"
 * holds when we return. Its zombies are init's to reap now, which may take a while. A group id
 * stays reserved while any member exists, so it cannot name an unrelated group meanwhile.
 */
static void kill_group(pid_t pgid)
{
	struct timespec ms = { 0, 1000000L };
	int i;

	for (i = 0; i < 2000 && kill(-pgid, SIGKILL) == 0 && group_alive(pgid); i++)
		nanosleep(&ms, NULL);
}

static long tv_ms(struct timeval tv)
{
	return tv.tv_sec * 1000L + tv.tv_usec / 1000L;
}

/* Fills r from the program's wait status and what we know of why it ended. */
static void decode(const struct spawn_opts *o, struct spawn_result *r, int st, bool done,
		   bool timeout_hit, bool flood)
{
	int sig;

	if (done && WIFEXITED(st)) {
		r->exited = true;
		r->status = WEXITSTATUS(st);
		r->reason = "exit";
		return;
	}
	sig = done && WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
	r->term_signal = sig;
	r->status = 128 + sig;
	if (sig == SIGKILL && timeout_hit) {
		r->timed_out = true;
		r->reason = "timeout";
	} else if (sig == SIGKILL && flood) {
		r->limit_hit = true;
		r->reason = "output-limit";
	} else if (sig == SIGXCPU || sig == SIGXFSZ ||
		   (sig == SIGKILL && o->limits.cpu_seconds &&
		    r->cpu_ms >= (long)o->limits.cpu_seconds * 1000L)) {
		r->limit_hit = true;
		r->reason = "resource-limit";
	} else {
		r->reason = done ? "crash" : "killed";
	}
}

enum rl_err spawn_run(const struct spawn_opts *o, struct spawn_result *r, struct diag *d)
{
	return spawn_run_internal(o, o->cwd && !sandbox_view_unavailable(), r, d);
}

enum rl_err spawn_run_internal(const struct spawn_opts *o, bool view, struct spawn_result *r,
			       struct diag *d)
{
	struct run rn;
	struct spawn_msg m, done_msg;
	struct rusage kru;
	size_t cap = o->output_cap ? o->output_cap : SPAWN_DEFAULT_CAP;
	long start = now_ms(), deadline, kill_deadline = 0, busy_t0 = 0, busy_cpu0 = -1;
	bool done = false, kill_sent = false, flood = false, timeout_hit = false;
	bool exec_failed = false;
	int exec_stage = 0, exec_err = 0, kst = 0, got;
	pid_t keeper, prog = -1;
	unsigned layers = 0;
	enum rl_err e;

	memset(r, 0, sizeof(*r));
	memset(&done_msg, 0, sizeof(done_msg));
	memset(&kru, 0, sizeof(kru));
	r->status = 127;
	r->reason = "exit";
	run_init(&rn);
	if ((e = prepare(o, &rn, view && o->cwd, d)))
		goto out;
	keeper = start_keeper(o, &rn, &layers, d);
	if (keeper < 0) {
		e = RL_ERR_SPAWN;
		goto out;
	}
	/* Only the children hold these now; ours would keep pipes from reaching EOF. */
	close_fd(&rn.out_w);
	close_fd(&rn.err_w);
	close_fd(&rn.in_fd);
	fcntl(rn.rep[0], F_SETFL, O_NONBLOCK);

	deadline = o->timeout_ms > 0 ? start + o->timeout_ms : -1;
	while (!done) {
		struct pollfd pf[3];
		int n = 0, wait_ms = -1;
		long t = now_ms(), stop_at = o->deadline_cap ? atomic_load(o->deadline_cap) : 0;

		if (stop_at > 0 && (deadline < 0 || stop_at < deadline))
			deadline = stop_at;
		if (!kill_sent && deadline >= 0) {
			if (t >= deadline) {
				timeout_hit = true;
				proc_busy_end(r, keeper, busy_t0, busy_cpu0, t);
				request_kill(&rn, keeper, &kill_sent, &kill_deadline);
				continue;
			}
			wait_ms = (int)(deadline - t);
			if (!busy_t0 && deadline - t <= SPAWN_BUSY_WINDOW_MS) {
				busy_cpu0 = proc_tree_cpu_ms(keeper);
				busy_t0 = t;
			} else if (!busy_t0) {
				wait_ms = (int)(deadline - SPAWN_BUSY_WINDOW_MS - t);
			}
		}
		if (kill_sent) {
			if (t >= kill_deadline)
				break; /* the keeper did not finish its sweep: kill it below */
			wait_ms = (int)(kill_deadline - t);
		}
		/* A cap may be set at any moment: look again soon. */
		if (o->deadline_cap && !kill_sent && (wait_ms < 0 || wait_ms > SPAWN_CAP_POLL_MS))
			wait_ms = SPAWN_CAP_POLL_MS;
		pf[n++] = (struct pollfd){ rn.rep[0], POLLIN, 0 };
		if (rn.out.rfd >= 0)
			pf[n++] = (struct pollfd){ rn.out.rfd, POLLIN, 0 };
		if (rn.err.rfd >= 0)
			pf[n++] = (struct pollfd){ rn.err.rfd, POLLIN, 0 };
		if (poll(pf, (nfds_t)n, wait_ms) < 0 && errno != EINTR)
			break;
		if ((!sink_pump(&rn.out, cap) || !sink_pump(&rn.err, cap)) && !kill_sent) {
			flood = true;
			request_kill(&rn, keeper, &kill_sent, &kill_deadline);
		}
		while ((got = read_msg(rn.rep[0], &m)) == 1) {
			if (m.type == SPAWN_MSG_STARTED) {
				prog = m.pid;
			} else if (m.type == SPAWN_MSG_EXEC_FAILED && !exec_failed) {
				exec_failed = true;
				exec_stage = m.stage;
				exec_err = m.err;
			} else if (m.type == SPAWN_MSG_DONE) {
				done_msg = m;
				done = true;
			}
		}
		if (got == 0 && !done)
			break; /* the keeper is gone without a word: killed from inside, or crashed */
	}
	if (!done) {
		/* In a PID namespace killing its init kills everything in it. */
		kill(keeper, SIGKILL);
		if (prog > 0 && !(layers & SPAWN_LAYER_PIDNS))
			kill_group(prog);
	}
	while (wait4(keeper, &kst, __WALL, &kru) < 0 && errno == EINTR)
		;
	/* Every writer is dead now: take what is left in the pipes, never wait for more. */
	sink_pump(&rn.out, cap);
	sink_pump(&rn.err, cap);

	r->wall_ms = now_ms() - start;
	r->layers = layers | (rn.plan.view ? SPAWN_LAYER_VIEW : 0);
	if (done)
		kru = done_msg.ru;
	r->cpu_ms = tv_ms(kru.ru_utime) + tv_ms(kru.ru_stime);
	decode(o, r, done_msg.status, done, timeout_hit, flood);
	r->output_truncated = rn.out.discarded > 0 || rn.err.discarded > 0;
	if (rn.out.write_failed || rn.err.write_failed)
		e = diag_set(d, RL_ERR_IO, "spawn: could not save the output of '%s'", o->argv[0]);
	if (exec_failed) {
		r->status = 127;
		e = diag_set(d, RL_ERR_SPAWN, "cannot %s '%s': %s", stage_text(exec_stage),
			     exec_stage == SPAWN_STAGE_CHDIR && o->cwd ? o->cwd : o->argv[0],
			     strerror(exec_err));
	}
out:
	run_release(&rn);
	return e;
}

void spawn_result_describe(const struct spawn_result *r, char *buf, size_t len)
{
	const char *name = r->term_signal ? sigabbrev_np(r->term_signal) : NULL;
	char sig[32];

	if (name)
		snprintf(sig, sizeof(sig), "SIG%s", name);
	else
		snprintf(sig, sizeof(sig), "signal %d", r->term_signal);
	if (r->timed_out)
		snprintf(buf, len, "timed out after %ld ms (killed)", r->wall_ms);
	else if (r->reason && strcmp(r->reason, "output-limit") == 0)
		snprintf(buf, len, "killed for flooding its output");
	else if (r->limit_hit)
		snprintf(buf, len, "killed by %s (resource limit)", sig);
	else if (r->exited)
		snprintf(buf, len, "exit %d%s", r->status, r->output_truncated ? ", output truncated" : "");
	else
		snprintf(buf, len, "killed by %s", sig);
}

void spawn_layers_describe(unsigned mask, char *buf, size_t len)
{
	static const char *const names[] = { "pgroup", "keeper", "subreaper", "pidns", "userns",
					     "netns", "mountns", "ipcns", "cgroup", "view" };
	size_t used = 0, i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(mask & (1u << i)) || used >= len)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", names[i]);
	}
}
