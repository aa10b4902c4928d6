/* The filesystem a run sees, built with bubblewrap: the system read-only, one writable place. */
/*
 * Every run that has a working directory (builds, plain runs, TSan, Helgrind, the tracer, perf,
 * CUDA) execs bwrap instead of the program, with a command line made here and nowhere else:
 *
 *   /usr read-only, with /bin, /sbin, /lib* as the symlinks (or read-only binds) the host has;
 *   /etc/ld.so.cache read-only, nothing else of /etc; a fresh /dev (null, zero,
 *   urandom, fd and std* links, a private shm);
 *   /proc of the run's own PID namespace (bwrap keeps /proc/sys and the like read-only);
 *   a private /tmp (tmpfs, 256 MiB);
 *   the run's cwd read-write. When the cwd is a workspace's work/ (TMPDIR/racelab.XXXXXX/work),
 *   the workspace's base is an empty read-only tmpfs of mode 0111 that the program can pass
 *   through but not list, holding work/ read-write, the tool directories (t-XXXXXX) read-write
 *   (the tools write there from inside the program's process), and bin/ read-only (read-write
 *   for builds, which name it in rw);
 *   the program's executable and the files the caller names (suppressions, the tracer's .so)
 *   read-only; nothing else: not the kit, not other workspaces, not $HOME, not the grader's
 *   output.
 *
 * As root, the program does not run as root: bwrap (root, so that it can bind what it needs)
 * execs setpriv, which switches to a uid of the workspace's own (0x40000000 + a hash of its
 * path: sibling runs never share one, so they cannot signal or trace each other even where
 * they could see each other) with no groups, no capabilities (bounding set empty) and
 * no_new_privs. Its writable directories are chowned to that uid. As another user, bwrap
 * makes a user namespace and the program keeps that user's uid. Either way a seccomp filter
 * (below) refuses what a student program never needs.
 */
#include "sandbox_view.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spawn_int.h"

#define VIEW_TMP_BYTES "268435456" /* the private /tmp: 256 MiB, like the runs' file limit */
#define PROBE_TIMEOUT_MS 10000
#define MAX_GPU_NODES 16

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static char probe_why[320];
static bool probe_ok;
static char bwrap_path[PATH_MAX], setpriv_path[PATH_MAX], env_path[PATH_MAX];
static char gpu_nodes[MAX_GPU_NODES][64];
static int ngpu_nodes;

/*
 * The loader's cache (else it searches the default paths itself). Each file costs two mounts
 * per run, so nothing more: the checker runs clang, gcc and valgrind by names that do not lead
 * through /etc/alternatives, and a program's getpwuid() finds no name for its uid.
 */
static const char *const etc_files[] = { "/etc/ld.so.cache" };
/* /dev: these nodes, bound from the host; the rest are symlinks and a private shm. */
static const char *const dev_nodes[] = { "/dev/null", "/dev/zero", "/dev/urandom" };
static const char *const top_links[] = { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" };

static bool first_executable(const char *const *cands, size_t n, char *out, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		if (access(cands[i], X_OK) == 0) {
			snprintf(out, len, "%s", cands[i]);
			return true;
		}
	}
	return false;
}

/* The first line of a small file, for a reason; "" when unreadable. */
static void first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

static void find_gpu_nodes(void)
{
	DIR *dev = opendir("/dev");
	struct dirent *e;

	while (dev && (e = readdir(dev)) && ngpu_nodes < MAX_GPU_NODES)
		if (strncmp(e->d_name, "nvidia", 6) == 0 && strlen(e->d_name) < 50)
			snprintf(gpu_nodes[ngpu_nodes++], sizeof(gpu_nodes[0]), "/dev/%s",
				 e->d_name);
	if (dev)
		closedir(dev);
}

/* Runs /usr/bin/true in a view of an empty private directory: does the view hold here? */
static void trial_run(void)
{
	static const char *const argv[] = { "/usr/bin/true", NULL };
	char dir[] = "/tmp/racelab-view-probe.XXXXXX", err[64];
	struct spawn_opts o = { .argv = argv, .timeout_ms = PROBE_TIMEOUT_MS };
	struct spawn_result r;
	struct diag d = DIAG_INIT;
	char line[200];

	if (!mkdtemp(dir)) {
		snprintf(probe_why, sizeof(probe_why), "cannot create %s: %s", dir,
			 strerror(errno));
		return;
	}
	snprintf(err, sizeof(err), "%s/err", dir);
	o.cwd = dir;
	o.stderr_path = err;
	if (spawn_run_internal(&o, true, &r, &d) != RL_ERR_OK) {
		snprintf(probe_why, sizeof(probe_why), "bubblewrap cannot start: %.250s", d.msg);
	} else if (!r.exited || r.status != 0) {
		first_line(err, line, sizeof(line));
		snprintf(probe_why, sizeof(probe_why), "bubblewrap cannot set up a view here (%s)",
			 line[0] ? line : "it failed with no message");
	} else {
		probe_ok = true;
	}
	unlink(err);
	rmdir(dir);
}

static void probe(void)
{
	static const char *const bwraps[] = { "/usr/bin/bwrap", "/bin/bwrap",
					      "/usr/local/bin/bwrap" };
	static const char *const setprivs[] = { "/usr/bin/setpriv", "/bin/setpriv" };
	static const char *const envs[] = { "/usr/bin/env", "/bin/env" };
	const char *forced = getenv("RACELAB_BWRAP");

	if (forced) {
		if (!*forced || access(forced, X_OK) != 0) {
			snprintf(probe_why, sizeof(probe_why),
				 "bubblewrap not found at '%.200s' (RACELAB_BWRAP)", forced);
			return;
		}
		snprintf(bwrap_path, sizeof(bwrap_path), "%s", forced);
	} else if (!first_executable(bwraps, 3, bwrap_path, sizeof(bwrap_path))) {
		snprintf(probe_why, sizeof(probe_why),
			 "bubblewrap (bwrap) is not installed: run `make deps`");
		return;
	}
	if (geteuid() == 0 && (!first_executable(setprivs, 2, setpriv_path, sizeof(setpriv_path)) ||
			       !first_executable(envs, 2, env_path, sizeof(env_path)))) {
		snprintf(probe_why, sizeof(probe_why),
			 "setpriv or env (util-linux, coreutils) not found: cannot drop root");
		return;
	}
	find_gpu_nodes();
	trial_run();
}

const char *sandbox_view_unavailable(void)
{
	pthread_once(&probe_once, probe);
	return probe_ok ? NULL : probe_why;
}

void sandbox_view_note(char **note)
{
	const char *why = sandbox_view_unavailable();
	char *both = NULL;

	if (!why)
		return;
	if (asprintf(&both, "%s%ssandbox: filesystem not isolated: %s", *note ? *note : "",
		     *note ? "; " : "", why) < 0)
		return;
	free(*note);
	*note = both;
}

static enum rl_err push(struct sandbox_view *v, const char *s, struct diag *d)
{
	if (v->argc + 2 > v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 96;
		char **a = realloc(v->argv, cap * sizeof(*a));

		if (!a)
			return diag_set(d, RL_ERR_NOMEM, "sandbox: out of memory");
		v->argv = a;
		v->cap = cap;
	}
	if (!(v->argv[v->argc] = strdup(s)))
		return diag_set(d, RL_ERR_NOMEM, "sandbox: out of memory");
	v->argv[++v->argc] = NULL;
	return RL_ERR_OK;
}

static enum rl_err push3(struct sandbox_view *v, const char *a, const char *b, const char *c,
			 struct diag *d)
{
	enum rl_err e = push(v, a, d);

	if (e == RL_ERR_OK && b)
		e = push(v, b, d);
	if (e == RL_ERR_OK && c)
		e = push(v, c, d);
	return e;
}

/* True when path is dir or below it. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return dir[0] && strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The workspace base of cwd, when cwd is a workspace's work/ (base/work, base/bin present). */
static bool workspace_base(const char *cwd, char *base, size_t len)
{
	const char *slash = strrchr(cwd, '/');
	const char *name;
	char bin[PATH_MAX];
	struct stat st;

	if (!slash || strcmp(slash + 1, "work") != 0 || (size_t)(slash - cwd) >= len)
		return false;
	snprintf(base, len, "%.*s", (int)(slash - cwd), cwd);
	name = strrchr(base, '/');
	if (!name || strncmp(name + 1, "racelab.", 8) != 0)
		return false;
	snprintf(bin, sizeof(bin), "%s/bin", base);
	return lstat(bin, &st) == 0 && S_ISDIR(st.st_mode);
}

/* FNV-1a of the path, folded into 0x40000000..0x7fffffff: far from any real account. */
static uid_t uid_for(const char *path)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 16777619u;
	return (uid_t)(0x40000000u | (h & 0x3fffffffu));
}

/* Gives dir to uid unless it already has it. Never follows a symlink. */
static enum rl_err hand_over(const char *dir, uid_t uid, struct diag *d)
{
	struct stat st;

	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return diag_set(d, RL_ERR_IO, "sandbox: %s is not a directory", dir);
	if (st.st_uid == uid)
		return RL_ERR_OK;
	if (lchown(dir, uid, uid) != 0)
		return diag_set(d, RL_ERR_IO, "sandbox: cannot hand %s to the run: %s", dir,
				strerror(errno));
	return RL_ERR_OK;
}

/*
 * bwrap makes the missing parents of a mount point mode 0700, which the program, not root,
 * could not pass: make them 0755 first (they hold nothing but the way to what is bound).
 */
static enum rl_err push_parents(struct sandbox_view *v, const char *path, struct diag *d)
{
	char dir[PATH_MAX];
	enum rl_err e = RL_ERR_OK;

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *slash = strchr(dir + 1, '/'); e == RL_ERR_OK && slash;
	     slash = strchr(slash + 1, '/')) {
		bool exists;

		*slash = '\0';
		/* What the view already has: all of /usr, /proc and /dev, and /tmp itself. */
		exists = under(dir, "/usr") || under(dir, "/proc") || under(dir, "/dev") ||
			 !strcmp(dir, "/tmp");
		if (!exists)
			e = push3(v, "--perms", "0755", "--dir", d);
		if (e == RL_ERR_OK && !exists)
			e = push(v, dir, d);
		*slash = '/';
	}
	return e;
}

/* The system part: the same for every run. */
static enum rl_err push_system(struct sandbox_view *v, bool devices, struct diag *d)
{
	enum rl_err e = push3(v, "--ro-bind", "/usr", "/usr", d);
	char target[PATH_MAX];

	for (size_t i = 0; e == RL_ERR_OK && i < sizeof(top_links) / sizeof(*top_links); i++) {
		struct stat st;
		ssize_t n;

		if (lstat(top_links[i], &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode) &&
		    (n = readlink(top_links[i], target, sizeof(target) - 1)) > 0) {
			target[n] = '\0';
			e = push3(v, "--symlink", target, top_links[i], d);
		} else if (S_ISDIR(st.st_mode)) {
			e = push3(v, "--ro-bind", top_links[i], top_links[i], d);
		}
	}
	if (e == RL_ERR_OK)
		e = push_parents(v, etc_files[0], d);
	for (size_t i = 0; e == RL_ERR_OK && i < sizeof(etc_files) / sizeof(*etc_files); i++)
		e = push3(v, "--ro-bind-try", etc_files[i], etc_files[i], d);
	/*
	 * Not bwrap's --dev (fifteen mounts: full, random, tty, pts too): a small tmpfs with the
	 * three nodes programs use, /dev/fd and the std* links, and /dev/shm for shm_open.
	 */
	if (e == RL_ERR_OK)
		e = push3(v, "--size", "67108864", "--tmpfs", d);
	if (e == RL_ERR_OK)
		e = push(v, "/dev", d);
	for (size_t i = 0; e == RL_ERR_OK && i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++)
		e = push3(v, "--dev-bind", dev_nodes[i], dev_nodes[i], d);
	if (e == RL_ERR_OK)
		e = push3(v, "--symlink", "/proc/self/fd", "/dev/fd", d);
	if (e == RL_ERR_OK)
		e = push3(v, "--symlink", "/proc/self/fd/0", "/dev/stdin", d);
	if (e == RL_ERR_OK)
		e = push3(v, "--symlink", "/proc/self/fd/1", "/dev/stdout", d);
	if (e == RL_ERR_OK)
		e = push3(v, "--symlink", "/proc/self/fd/2", "/dev/stderr", d);
	if (e == RL_ERR_OK)
		e = push3(v, "--perms", "01777", "--dir", d);
	if (e == RL_ERR_OK)
		e = push(v, "/dev/shm", d);
	for (int i = 0; e == RL_ERR_OK && devices && i < ngpu_nodes; i++)
		e = push3(v, "--dev-bind-try", gpu_nodes[i], gpu_nodes[i], d);
	/* The CUDA driver finds its devices through /sys (read-only: nothing of the kit there). */
	if (e == RL_ERR_OK && devices && ngpu_nodes)
		e = push3(v, "--ro-bind-try", "/sys", "/sys", d);
	if (e == RL_ERR_OK)
		e = push3(v, "--proc", "/proc", NULL, d);
	/* Sticky and world-writable as usual: bwrap made it as root, the program is not. */
	if (e == RL_ERR_OK)
		e = push3(v, "--perms", "01777", "--size", d);
	if (e == RL_ERR_OK)
		e = push3(v, VIEW_TMP_BYTES, "--tmpfs", "/tmp", d);
	return e;
}

static bool listed(const char *const *list, const char *path)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], path) == 0)
			return true;
	return false;
}

/* The workspace: a closed, read-only base holding work/, the tool directories and bin/. */
static enum rl_err push_workspace(const struct sandbox_view_spec *s, struct sandbox_view *v,
				  const char *base, bool chown_dirs, struct diag *d)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	enum rl_err e = push_parents(v, base, d);

	if (e == RL_ERR_OK)
		e = push3(v, "--perms", "0111", "--size", d);
	if (e == RL_ERR_OK)
		e = push3(v, "65536", "--tmpfs", base, d);
	if (e == RL_ERR_OK)
		e = push3(v, "--bind", s->cwd, s->cwd, d);
	if (e == RL_ERR_OK && chown_dirs)
		e = hand_over(s->cwd, v->uid, d);
	if (e != RL_ERR_OK)
		return e;
	snprintf(path, sizeof(path), "%s/bin", base);
	if (listed(s->rw, path)) {
		e = push3(v, "--bind", path, path, d);
		if (e == RL_ERR_OK && chown_dirs)
			e = hand_over(path, v->uid, d);
	} else {
		e = push3(v, "--ro-bind", path, path, d);
	}
	if (e != RL_ERR_OK || !(dir = opendir(base)))
		return e != RL_ERR_OK ? e : diag_set(d, RL_ERR_IO, "sandbox: cannot read %s", base);
	while (e == RL_ERR_OK && (de = readdir(dir))) {
		DIR *sub;
		struct dirent *se;

		if (strncmp(de->d_name, "t-", 2) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
		e = push3(v, "--bind", path, path, d);
		if (e != RL_ERR_OK || !chown_dirs)
			continue;
		/* The tools write into the per-job directories the pipeline made in there. */
		e = hand_over(path, v->uid, d);
		sub = e == RL_ERR_OK ? opendir(path) : NULL;
		while (sub && e == RL_ERR_OK && (se = readdir(sub))) {
			char job[PATH_MAX];
			struct stat st;

			if (se->d_name[0] == '.')
				continue;
			snprintf(job, sizeof(job), "%s/%s", path, se->d_name);
			if (lstat(job, &st) == 0 && S_ISDIR(st.st_mode))
				e = hand_over(job, v->uid, d);
		}
		if (sub)
			closedir(sub);
	}
	closedir(dir);
	if (e == RL_ERR_OK)
		e = push3(v, "--remount-ro", base, NULL, d);
	return e;
}

/* A directory of ours that nobody else can use: safe to hand to the run. */
static bool private_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       (st.st_mode & 07777) == 0700;
}

static bool system_path(const char *p)
{
	return under(p, "/usr") || under(p, "/bin") || under(p, "/sbin") || under(p, "/lib") ||
	       under(p, "/lib64");
}

static enum rl_err push_seccomp(struct sandbox_view *v, struct diag *d)
{
	int fds[2];
	char num[16];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return diag_set(d, RL_ERR_IO, "sandbox: pipe: %s", strerror(errno));
	/* The filter is a few hundred bytes: the pipe's buffer holds it, the write cannot block. */
	if (!sandbox_view_write_filter(fds[1])) {
		close(fds[0]);
		close(fds[1]);
		return diag_set(d, RL_ERR_IO, "sandbox: cannot write the seccomp filter");
	}
	close(fds[1]);
	v->seccomp_fd = fds[0];
	snprintf(num, sizeof(num), "%d", SANDBOX_SECCOMP_FD);
	return push3(v, "--seccomp", num, NULL, d);
}

enum rl_err sandbox_view_build(const struct sandbox_view_spec *s, struct sandbox_view *v,
			       struct diag *d)
{
	bool root = geteuid() == 0;
	char base[PATH_MAX], opt[64], exe[PATH_MAX], cwd[PATH_MAX];
	struct sandbox_view_spec abs = *s;
	bool ws;
	enum rl_err e;

	memset(v, 0, sizeof(*v));
	v->seccomp_fd = -1;
	/* bwrap resolves its paths in the new root: relative ones would name something else. */
	if (s->cwd[0] != '/') {
		if (!realpath(s->cwd, cwd))
			return diag_set(d, RL_ERR_SPAWN, "cannot change to the working directory '%s': "
					"%s", s->cwd, strerror(errno));
		abs.cwd = cwd;
	}
	if (s->exe[0] != '/') {
		if (!realpath(s->exe, exe))
			return diag_set(d, RL_ERR_SPAWN, "cannot execute '%s': %s", s->exe,
					strerror(errno));
		abs.exe = exe;
	}
	s = &abs;
	if (!(v->path = strdup(bwrap_path)))
		return diag_set(d, RL_ERR_NOMEM, "sandbox: out of memory");
	ws = workspace_base(s->cwd, base, sizeof(base));
	v->uid = root ? uid_for(ws ? base : s->cwd) : geteuid();
	/*
	 * Own PID namespace always (bwrap's, inside the keeper's when it has one): /proc then shows
	 * the run alone, and no process of another run can be named. Network, IPC and UTS
	 * namespaces come from the keeper for isolated runs; a second set here cost 0.8 ms of CPU
	 * per run (and a network namespace's slow teardown) for builds, which need none.
	 */
	e = push3(v, "bwrap", "--unshare-pid", "--die-with-parent", d);
	/*
	 * As root, bwrap keeps for setpriv the three capabilities it needs to switch uid and empty
	 * the bounding set, and DAC_OVERRIDE to enter a cwd that already belongs to the run's uid;
	 * the switch to a non-zero uid then clears them all.
	 */
	if (e == RL_ERR_OK && root)
		e = push3(v, "--cap-drop", "ALL", "--cap-add", d);
	if (e == RL_ERR_OK && root)
		e = push3(v, "CAP_SETUID", "--cap-add", "CAP_SETGID", d);
	if (e == RL_ERR_OK && root)
		e = push3(v, "--cap-add", "CAP_SETPCAP", "--cap-add", d);
	if (e == RL_ERR_OK && root)
		e = push(v, "CAP_DAC_OVERRIDE", d);
	if (e == RL_ERR_OK && !root)
		e = push3(v, "--unshare-user", "--disable-userns", "--cap-drop", d);
	if (e == RL_ERR_OK && !root)
		e = push(v, "ALL", d);
	if (e == RL_ERR_OK)
		e = push_system(v, s->devices, d);
	if (e == RL_ERR_OK && ws) {
		e = push_workspace(s, v, base, root, d);
	} else if (e == RL_ERR_OK) {
		e = push_parents(v, s->cwd, d);
		if (e == RL_ERR_OK)
			e = push3(v, "--bind", s->cwd, s->cwd, d);
		if (e == RL_ERR_OK && root && private_dir(s->cwd))
			e = hand_over(s->cwd, v->uid, d);
	}
	for (size_t i = 0; e == RL_ERR_OK && s->rw && s->rw[i]; i++) {
		if (ws && under(s->rw[i], base))
			continue; /* bin/ of a build: placed with the workspace */
		e = push_parents(v, s->rw[i], d);
		if (e == RL_ERR_OK)
			e = push3(v, "--bind", s->rw[i], s->rw[i], d);
		if (e == RL_ERR_OK && root && private_dir(s->rw[i]))
			e = hand_over(s->rw[i], v->uid, d);
	}
	if (e == RL_ERR_OK && !system_path(s->exe) && !under(s->exe, ws ? base : s->cwd)) {
		e = push_parents(v, s->exe, d);
		if (e == RL_ERR_OK)
			e = push3(v, "--ro-bind", s->exe, s->exe, d);
	}
	for (size_t i = 0; e == RL_ERR_OK && s->ro && s->ro[i]; i++) {
		e = push_parents(v, s->ro[i], d);
		if (e == RL_ERR_OK)
			e = push3(v, "--ro-bind", s->ro[i], s->ro[i], d);
	}
	if (e == RL_ERR_OK)
		e = push3(v, "--remount-ro", "/", "--chdir", d);
	if (e == RL_ERR_OK)
		e = push(v, s->cwd, d);
	if (e == RL_ERR_OK)
		e = push_seccomp(v, d);
	if (e == RL_ERR_OK && !root && s->preload)
		e = push3(v, "--setenv", "LD_PRELOAD", s->preload, d);
	if (e == RL_ERR_OK)
		e = push(v, "--", d);
	if (e == RL_ERR_OK && root) {
		e = push(v, setpriv_path, d);
		snprintf(opt, sizeof(opt), "--reuid=%u", (unsigned)v->uid);
		if (e == RL_ERR_OK)
			e = push(v, opt, d);
		snprintf(opt, sizeof(opt), "--regid=%u", (unsigned)v->uid);
		if (e == RL_ERR_OK)
			e = push3(v, opt, "--clear-groups", "--inh-caps=-all", d);
		if (e == RL_ERR_OK)
			e = push3(v, "--bounding-set=-all", "--", NULL, d);
		/* The tracer's preload must reach the program, not setpriv: env sets it last. */
		if (e == RL_ERR_OK && s->preload) {
			char *kv = NULL;

			if (asprintf(&kv, "LD_PRELOAD=%s", s->preload) < 0)
				kv = NULL;
			e = kv ? push3(v, env_path, kv, NULL, d)
			       : diag_set(d, RL_ERR_NOMEM, "sandbox: out of memory");
			free(kv);
		}
	}
	if (e == RL_ERR_OK)
		e = push(v, s->exe, d);
	for (size_t i = 1; e == RL_ERR_OK && s->argv[0] && s->argv[i]; i++)
		e = push(v, s->argv[i], d);
	if (e != RL_ERR_OK)
		sandbox_view_release(v);
	return e;
}

void sandbox_view_release(struct sandbox_view *v)
{
	for (size_t i = 0; i < v->argc; i++)
		free(v->argv[i]);
	free(v->argv);
	free(v->path);
	if (v->seccomp_fd >= 0)
		close(v->seccomp_fd);
	memset(v, 0, sizeof(*v));
	v->seccomp_fd = -1;
}

/*
 * The seccomp filter: EPERM for what a student program never needs and what would reach beyond
 * its view (tracing, mounting, new namespaces, kernel keyrings, BPF, perf counters, modules,
 * io_uring, whose operations seccomp cannot see), ENOSYS for clone3 (its flags are behind a
 * pointer a filter cannot read; glibc then falls back to clone, whose flags it can), and EPERM
 * for clone with a namespace flag and for any other architecture's calls. Everything else is
 * allowed: TSan's personality() re-exec and Valgrind need nothing listed here.
 */
#if defined(__x86_64__)
#define VIEW_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define VIEW_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

static const int denied_calls[] = {
#ifdef __NR_ptrace
	__NR_ptrace,
#endif
	__NR_process_vm_readv, __NR_process_vm_writev, __NR_mount, __NR_umount2, __NR_pivot_root,
	__NR_chroot, __NR_unshare, __NR_setns, __NR_bpf, __NR_perf_event_open, __NR_keyctl,
	__NR_add_key, __NR_request_key, __NR_init_module, __NR_finit_module, __NR_delete_module,
	__NR_kexec_load, __NR_open_by_handle_at, __NR_name_to_handle_at, __NR_swapon,
	__NR_swapoff, __NR_reboot, __NR_acct, __NR_syslog, __NR_userfaultfd,
	__NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
#ifdef __NR_kexec_file_load
	__NR_kexec_file_load,
#endif
#ifdef __NR_fsopen
	__NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick, __NR_move_mount, __NR_open_tree,
#endif
#ifdef __NR_mount_setattr
	__NR_mount_setattr,
#endif
};

bool sandbox_view_write_filter(int fd)
{
	enum { MAXI = 2 * (sizeof(denied_calls) / sizeof(*denied_calls)) + 16 };
	const unsigned ns = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
			    CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
	const uint32_t eperm = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
	struct sock_filter f[MAXI];
	size_t n = 0;
	ssize_t w;

#ifdef VIEW_AUDIT_ARCH
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, VIEW_AUDIT_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm);
#endif
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
	/* x32 calls carry bit 30 and bypass the numbers below. */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm);
#endif
	for (size_t i = 0; i < sizeof(denied_calls) / sizeof(*denied_calls); i++) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
						      (uint32_t)denied_calls[i], 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm);
	}
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, args[0]));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, ns, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	do
		w = write(fd, f, n * sizeof(*f));
	while (w < 0 && errno == EINTR);
	return w == (ssize_t)(n * sizeof(*f));
}
