/* Threat tests of the sandbox: each hostile program of tests/sandbox/ run through spawn_run(). */
/*
 * Every test names the protection it covers; removing that protection makes the test fail
 * (or, for the ones that would otherwise hit this process, kills the test). Each program gets a
 * unique token as argv[1]; forked children inherit it in /proc/PID/cmdline, so scanning /proc
 * for the token after spawn_run() returns finds anything of the run still alive, in whatever
 * namespace, session or process group it hid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/sandbox_view.h"
#include "run/spawn.h"
#include "sandbox_survivors.h"

#ifndef SANDBOX_BIN_DIR
#error "SANDBOX_BIN_DIR must name the directory of the sb_* programs (tests/sandbox/tests.cmake)"
#endif

/* Margin over a timeout for the kill, the sweep and a loaded 2-core machine. */
#define MARGIN_MS 1500

struct box {
	char dir[64];
	char out[128];
	char err[128];
	char token[64];
	char output[8192];
};

static unsigned run_counter;

static int box_setup(void **state)
{
	struct box *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	snprintf(b->dir, sizeof(b->dir), "/tmp/rl-test-sandbox-XXXXXX");
	assert_non_null(mkdtemp(b->dir));
	snprintf(b->out, sizeof(b->out), "%s/out", b->dir);
	snprintf(b->err, sizeof(b->err), "%s/err", b->dir);
	*state = b;
	return 0;
}

static int box_teardown(void **state)
{
	struct box *b = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
	assert_int_equal(system(cmd), 0);
	free(b);
	return 0;
}

/* Runs SANDBOX_BIN_DIR/prog with a fresh token; fills b->output with its stdout. */
static void run_prog(struct box *b, const char *prog, struct spawn_opts *o, struct spawn_result *r)
{
	char path[256], layers[160];
	const char *argv[3];
	struct diag d = DIAG_INIT;
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", SANDBOX_BIN_DIR, prog);
	snprintf(b->token, sizeof(b->token), "rltok-%d-%u-%ld", (int)getpid(), ++run_counter,
		 (long)time(NULL));
	argv[0] = path;
	argv[1] = b->token;
	argv[2] = NULL;
	o->argv = argv;
	o->stdout_path = b->out;
	o->stderr_path = b->err;
	o->cwd = b->dir;
	if (spawn_run(o, r, &d) != RL_ERR_OK)
		fail_msg("spawn_run(%s): %s", prog, d.msg);
	o->argv = NULL;
	spawn_layers_describe(r->layers, layers, sizeof(layers));
	print_message("  %s%s: status %d reason %s, %ld ms, layers %s\n", prog,
		      o->isolate ? " (isolated)" : "", r->status, r->reason, r->wall_ms, layers);
	b->output[0] = '\0';
	if ((f = fopen(b->out, "r"))) {
		n = fread(b->output, 1, sizeof(b->output) - 1, f);
		b->output[n] = '\0';
		fclose(f);
	}
	/* Whatever it did, nothing of the run may still be alive. */
	assert_int_equal(survivors(b->token), 0);
}

/* Parses "word N" from the program's output. */
static int reported(const struct box *b, const char *word)
{
	const char *p = strstr(b->output, word);

	if (!p)
		fail_msg("no '%s' in output '%s'", word, b->output);
	return atoi(p + strlen(word));
}

/* Protection: the wall-clock timeout, enforced with SIGKILL to the whole run. */
static void test_sleeper_timeout(void **state)
{
	int iso;

	for (iso = 0; iso < 2; iso++) {
		struct spawn_opts o = { .timeout_ms = 300, .isolate = iso };
		struct spawn_result r;

		run_prog(*state, "sb_sleeper", &o, &r);
		assert_true(r.timed_out);
		assert_string_equal(r.reason, "timeout");
		assert_int_equal(r.status, 128 + SIGKILL);
		assert_in_range(r.wall_ms, 300, 300 + MARGIN_MS);
	}
}

/* Protection: RLIMIT_CPU (SIGXCPU at the soft limit), well before the wall-clock timeout. */
static void test_spinner_cpu_limit(void **state)
{
	struct spawn_opts o = { .timeout_ms = 6000, .isolate = true };
	struct spawn_result r;

	o.limits.cpu_seconds = 1;
	run_prog(*state, "sb_spinner", &o, &r);
	assert_false(r.timed_out);
	assert_true(r.limit_hit);
	assert_int_equal(r.term_signal, SIGXCPU);
	assert_string_equal(r.reason, "resource-limit");
	/*
	 * SIGXCPU proves the limit fired; the rusage total may read below the second the kernel's
	 * CPU timer counted (881 ms was seen on a loaded machine), so only its presence is checked.
	 */
	assert_true(r.cpu_ms > 0);
}

/* Protection: the timeout also ends a program that burns CPU with no CPU limit set. */
static void test_spinner_timeout(void **state)
{
	struct spawn_opts o = { .timeout_ms = 300 };
	struct spawn_result r;

	run_prog(*state, "sb_spinner", &o, &r);
	assert_true(r.timed_out);
	assert_in_range(r.wall_ms, 300, 300 + MARGIN_MS);
}

/* Protection: the timeout kills with SIGKILL, which a program cannot ignore (SIGTERM it can). */
static void test_sigterm_ignorer(void **state)
{
	struct spawn_opts o = { .timeout_ms = 300, .isolate = true };
	struct spawn_result r;

	run_prog(*state, "sb_sigterm", &o, &r);
	assert_true(r.timed_out);
	assert_int_equal(r.term_signal, SIGKILL);
	assert_in_range(r.wall_ms, 300, 300 + MARGIN_MS);
}

/* Protection: stopped processes are killed too (SIGKILL works on them; we never wait on them). */
static void test_self_sigstop(void **state)
{
	int iso;

	for (iso = 0; iso < 2; iso++) {
		struct spawn_opts o = { .timeout_ms = 300, .isolate = iso };
		struct spawn_result r;

		run_prog(*state, "sb_sigstop", &o, &r);
		assert_true(r.timed_out);
		assert_in_range(r.wall_ms, 300, 300 + MARGIN_MS);
	}
}

/*
 * Protection: the PID namespace (isolated) and the subreaper sweep (not isolated). The daemon is
 * in its own session, so killing the program's group does not reach it; survivors() would.
 */
static void test_double_fork_daemon(void **state)
{
	int iso;

	for (iso = 0; iso < 2; iso++) {
		struct spawn_opts o = { .timeout_ms = 5000, .isolate = iso };
		struct spawn_result r;

		run_prog(*state, "sb_daemon", &o, &r);
		assert_true(r.exited);
		assert_int_equal(r.status, 0);
		/* The run ends when the program does, not when its daemon would. */
		assert_true(r.wall_ms < MARGIN_MS);
	}
}

/*
 * As root only a pids cgroup bounds processes (the kernel exempts root from RLIMIT_NPROC), so
 * the bomb tests need one when this machine offers it (checked here independently of spawn, so
 * that a spawn that stopped using it fails instead of skipping). Non-root, the rlimit does.
 */
static bool cgroup_pids_available(void)
{
	char buf[256] = "";
	FILE *f;

	if (access("/sys/fs/cgroup/pids/cgroup.procs", W_OK) == 0)
		return true;
	if (access("/sys/fs/cgroup/cgroup.subtree_control", W_OK) != 0)
		return false;
	if ((f = fopen("/sys/fs/cgroup/cgroup.controllers", "r"))) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	return strstr(buf, "pids") != NULL;
}

static bool process_limit_enforceable(const struct spawn_result *r)
{
	if (getuid() != 0)
		return true;
	if (cgroup_pids_available()) {
		/* Offered here, so spawn must have used it. */
		assert_true(r->layers & SPAWN_LAYER_CGROUP);
		return true;
	}
	print_message("  skipped: root without a pids cgroup we may create (nothing bounds it)\n");
	return false;
}

/* Protection: pids cgroup pids.max (root) or RLIMIT_NPROC (non-root, per user namespace). */
static void test_fork_bomb(void **state)
{
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;

	o.limits.processes = 32;
	run_prog(*state, "sb_forkbomb", &o, &r);
	if (!process_limit_enforceable(&r))
		skip();
	assert_int_equal(r.status, 0);
	assert_true(reported(*state, "forks ") < 32);
}

/* Protection: the same limits, which count threads as well as processes. */
static void test_thread_bomb(void **state)
{
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;

	o.limits.processes = 32;
	run_prog(*state, "sb_threadbomb", &o, &r);
	if (!process_limit_enforceable(&r))
		skip();
	assert_int_equal(r.status, 0);
	assert_true(reported(*state, "threads ") < 32);
}

/* Protection: RLIMIT_AS (callers leave it 0 for TSan binaries, which map terabytes). */
static void test_memory_bomb(void **state)
{
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;

	o.limits.address_space = 128ul << 20;
	run_prog(*state, "sb_membomb", &o, &r);
	assert_int_equal(r.status, 0);
	assert_true(reported(*state, "chunks ") < 2);
}

/* Protection: RLIMIT_NOFILE. */
static void test_fd_exhaustion(void **state)
{
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;

	o.limits.open_files = 64;
	run_prog(*state, "sb_fdbomb", &o, &r);
	assert_int_equal(r.status, 0);
	assert_true(reported(*state, "fds ") < 64);
}

/* Protection: the output cap, and the kill once a flood passes 64 x the cap. */
static void test_stdout_flood(void **state)
{
	struct box *b = *state;
	struct spawn_opts o = { .timeout_ms = 10000, .output_cap = 4096, .isolate = true };
	struct spawn_result r;
	struct stat st;

	run_prog(b, "sb_flood", &o, &r);
	assert_true(r.output_truncated);
	assert_true(r.limit_hit);
	assert_string_equal(r.reason, "output-limit");
	assert_false(r.timed_out);
	assert_true(r.wall_ms < 3000);
	assert_int_equal(stat(b->out, &st), 0);
	assert_int_equal(st.st_size, 4096);
	/* What was kept is the program's first bytes, verbatim: we never interpret it. */
	assert_memory_equal(b->output, "\033[2J\033[H", 7);
}

/* Protection: RLIMIT_FSIZE (the 100 GB sparse file is refused, the program killed by SIGXFSZ). */
static void test_sparse_file(void **state)
{
	struct box *b = *state;
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;
	struct stat st;
	char path[160];

	o.limits.file_size = 1 << 20;
	run_prog(b, "sb_sparse", &o, &r);
	assert_int_equal(r.term_signal, SIGXFSZ);
	assert_true(r.limit_hit);
	assert_string_equal(r.reason, "resource-limit");
	snprintf(path, sizeof(path), "%s/sparse.bin", b->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= 1 << 20);
}

/*
 * Protection: the keeper stands between us and the program, so kill(getppid()) never reaches
 * the grader (this test process would die). Isolated, the keeper is the namespace's init and
 * the kernel drops the signal; not isolated, the keeper dies and we clean up after it.
 */
static void test_kill_parent(void **state)
{
	struct box *b = *state;
	struct spawn_opts o = { .timeout_ms = 500, .isolate = true };
	struct spawn_result r;

	run_prog(b, "sb_killparent", &o, &r);
	if (r.layers & SPAWN_LAYER_VIEW) {
		/*
		 * Its parent is bwrap's init: another uid as root, which it may not signal (-1),
		 * or, as another user, its namespace's init, which ignores it (0). It dies not.
		 */
		if (strcmp(b->output, "parent 1\nkill -1\n") &&
		    strcmp(b->output, "parent 1\nkill 0\n"))
			fail_msg("unexpected: %s", b->output);
		assert_true(r.timed_out);
	} else if (r.layers & SPAWN_LAYER_PIDNS) {
		assert_string_equal(b->output, "parent 1\nkill 0\n");
		assert_true(r.timed_out);
	}
	o.isolate = false;
	run_prog(b, "sb_killparent", &o, &r);
	assert_int_not_equal(reported(b, "parent "), (int)getpid());
	if (r.layers & SPAWN_LAYER_VIEW) {
		if (strcmp(b->output, "parent 1\nkill -1\n") &&
		    strcmp(b->output, "parent 1\nkill 0\n"))
			fail_msg("unexpected: %s", b->output);
		assert_true(r.timed_out);
		return;
	}
	assert_string_equal(r.reason, "killed");
	assert_int_equal(r.status, 128 + SIGKILL);
	assert_true(r.wall_ms < MARGIN_MS);
}

/*
 * Protection: at the timeout the grader SIGCONTs the keeper, which the program may have stopped
 * (without a PID namespace); otherwise the run would end only after the keeper's grace period.
 */
static void test_stop_parent(void **state)
{
	int iso;

	for (iso = 0; iso < 2; iso++) {
		struct spawn_opts o = { .timeout_ms = 300, .isolate = iso };
		struct spawn_result r;

		run_prog(*state, "sb_stopparent", &o, &r);
		assert_true(r.timed_out);
		assert_in_range(r.wall_ms, 300, 300 + MARGIN_MS);
	}
}

/* Protection: the program has its own session and process group; kill(0) stays inside it. */
static void test_kill_group(void **state)
{
	int iso;

	for (iso = 0; iso < 2; iso++) {
		struct spawn_opts o = { .timeout_ms = 5000, .isolate = iso };
		struct spawn_result r;

		run_prog(*state, "sb_killgroup", &o, &r);
		assert_string_equal(r.reason, "crash");
		assert_int_equal(r.term_signal, SIGKILL);
		assert_false(r.timed_out);
		assert_true(r.wall_ms < MARGIN_MS);
	}
}

/* Protection: every descriptor but 0-2 is closed in the child, close-on-exec or not. */
static void test_leaked_fds(void **state)
{
	struct box *b = *state;
	struct spawn_opts o = { .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;
	char path[160], buf[16];
	int file, pipefd[2];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/grader-file", b->dir);
	/* Deliberately without O_CLOEXEC, as a careless harness would open them. */
	file = open(path, O_RDWR | O_CREAT, 0600);
	assert_true(file >= 0);
	assert_int_equal(write(file, "SAFE", 4), 4);
	assert_int_equal(pipe(pipefd), 0);
	run_prog(b, "sb_fdwrite", &o, &r);
	assert_string_equal(b->output, "hits 0\n");
	assert_int_equal(pread(file, buf, sizeof(buf), 0), 4);
	assert_memory_equal(buf, "SAFE", 4);
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	n = read(pipefd[0], buf, sizeof(buf));
	assert_int_equal(n, -1);
	assert_int_equal(errno, EAGAIN);
	close(file);
	close(pipefd[0]);
	close(pipefd[1]);
}

/*
 * The dead grader's cgroup (if it had one) is removed by the next isolated run of anyone: run
 * one and look for a "racelab-<pid>-" directory of the dead grader.
 */
static bool stale_cgroup_left(pid_t dead)
{
	const char *argv[] = { "true", NULL };
	struct spawn_opts o = { .argv = argv, .timeout_ms = 5000, .isolate = true };
	struct spawn_result r;
	struct diag d = DIAG_INIT;
	char prefix[64];
	struct dirent *e;
	bool left = false;
	DIR *dir;

	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_OK);
	snprintf(prefix, sizeof(prefix), "racelab-%d-", (int)dead);
	if (!(dir = opendir("/sys/fs/cgroup/pids")) && !(dir = opendir("/sys/fs/cgroup")))
		return false;
	while ((e = readdir(dir)))
		left |= strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(dir);
	return left;
}

/*
 * Protection: when the grader itself dies mid-run, the control pipe reaches EOF and the keeper
 * sweeps (isolated, the keeper's parent-death signal tears the namespace down at once).
 */
static void test_grader_dies(void **state)
{
	struct box *b = *state;
	char path[256];
	int iso;

	snprintf(path, sizeof(path), "%s/sb_family", SANDBOX_BIN_DIR);
	for (iso = 0; iso < 2; iso++) {
		const char *argv[] = { path, b->token, NULL };
		struct spawn_opts o = { .argv = argv, .timeout_ms = 10000, .isolate = iso };
		pid_t grader;
		int i, alive = 0;

		snprintf(b->token, sizeof(b->token), "rltok-%d-%u-%ld", (int)getpid(),
			 ++run_counter, (long)time(NULL));
		grader = fork();
		assert_true(grader >= 0);
		if (grader == 0) {
			struct spawn_result r;
			struct diag d = DIAG_INIT;

			spawn_run(&o, &r, &d);
			_exit(0);
		}
		/* The program, its child and its daemon are all running ... */
		for (i = 0; i < 200 && alive < 3; i++) {
			usleep(5000);
			alive = survivors(b->token);
		}
		/* 3, and in a view bwrap's two processes: their command lines hold the token. */
		assert_true(alive >= 3);
		/* ... when the grader is killed without a chance to clean up. */
		assert_int_equal(kill(grader, SIGKILL), 0);
		assert_int_equal(waitpid(grader, NULL, 0), grader);
		for (i = 0; i < 200 && (alive = survivors(b->token)) > 0; i++)
			usleep(5000);
		print_message("  sb_family%s: gone %d ms after its grader\n", iso ? " (isolated)" : "",
			      i * 5);
		assert_int_equal(alive, 0);
		if (iso)
			assert_false(stale_cgroup_left(grader));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, box_setup, box_teardown)
		T(test_sleeper_timeout),
		T(test_spinner_cpu_limit),
		T(test_spinner_timeout),
		T(test_sigterm_ignorer),
		T(test_self_sigstop),
		T(test_double_fork_daemon),
		T(test_fork_bomb),
		T(test_thread_bomb),
		T(test_memory_bomb),
		T(test_fd_exhaustion),
		T(test_stdout_flood),
		T(test_sparse_file),
		T(test_kill_parent),
		T(test_stop_parent),
		T(test_kill_group),
		T(test_leaked_fds),
		T(test_grader_dies),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
