/* Unit tests of spawn_run(): status, signals, exec failures, timeouts, output, env, cwd, cleanup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/spawn.h"

/* A private scratch directory per test, removed afterwards. */
struct scratch {
	char dir[64];
	char out[128];
	char err[128];
};

static int scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	snprintf(s->dir, sizeof(s->dir), "/tmp/rl-test-spawn-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->out, sizeof(s->out), "%s/out", s->dir);
	snprintf(s->err, sizeof(s->err), "%s/err", s->dir);
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
	free(s);
	return 0;
}

static size_t slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

static void run_sh(struct scratch *s, const char *script, struct spawn_result *r,
		   struct spawn_opts *o_in)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	struct spawn_opts o = { 0 };
	struct diag d = DIAG_INIT;

	if (o_in)
		o = *o_in;
	o.argv = argv;
	if (!o.stdout_path)
		o.stdout_path = s->out;
	if (!o.stderr_path)
		o.stderr_path = s->err;
	if (!o.timeout_ms)
		o.timeout_ms = 5000;
	if (spawn_run(&o, r, &d) != RL_ERR_OK)
		fail_msg("spawn_run(%s): %s", script, d.msg);
}

static void test_exit_codes(void **state)
{
	struct spawn_result r;

	run_sh(*state, "exit 0", &r, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.reason, "exit");
	run_sh(*state, "exit 3", &r, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 3);
	assert_int_equal(r.term_signal, 0);
	assert_false(r.timed_out);
}

static void test_signal_death(void **state)
{
	struct spawn_result r;
	char buf[128];

	run_sh(*state, "kill -SEGV $$", &r, NULL);
	assert_false(r.exited);
	assert_int_equal(r.term_signal, SIGSEGV);
	assert_int_equal(r.status, 128 + SIGSEGV);
	assert_string_equal(r.reason, "crash");
	spawn_result_describe(&r, buf, sizeof(buf));
	assert_string_equal(buf, "killed by SIGSEGV");
	run_sh(*state, "kill -ABRT $$", &r, NULL);
	assert_int_equal(r.status, 134);
}

static void test_exec_failure(void **state)
{
	struct scratch *s = *state;
	const char *missing[] = { "/nonexistent/racelab-prog", NULL };
	const char *unknown[] = { "racelab-no-such-command-xyz", NULL };
	const char *noexec[] = { s->out, NULL };
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	struct diag d = DIAG_INIT;
	int fd;

	o.argv = missing;
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_SPAWN);
	assert_non_null(strstr(d.msg, "/nonexistent/racelab-prog"));
	assert_non_null(strstr(d.msg, "No such file"));
	assert_int_equal(r.status, 127);

	diag_clear(&d);
	o.argv = unknown;
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_SPAWN);
	assert_non_null(strstr(d.msg, "not found in PATH"));

	/* A file that is not executable: execve() itself fails with EACCES, sent over the pipe. */
	diag_clear(&d);
	fd = open(s->out, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	o.argv = noexec;
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_SPAWN);
	assert_non_null(strstr(d.msg, "Permission denied"));

	/* A working directory that does not exist. */
	diag_clear(&d);
	o.argv = (const char *[]){ "true", NULL };
	o.cwd = "/nonexistent-racelab-dir";
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_SPAWN);
	assert_non_null(strstr(d.msg, "/nonexistent-racelab-dir"));
}

static void test_timeout_kills_sleeper(void **state)
{
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[128];

	o.timeout_ms = 200;
	run_sh(*state, "sleep 30", &r, &o);
	assert_true(r.timed_out);
	assert_int_equal(r.term_signal, SIGKILL);
	assert_int_equal(r.status, 137);
	assert_string_equal(r.reason, "timeout");
	assert_true(r.wall_ms >= 200);
	assert_true(r.wall_ms < 1200);
	spawn_result_describe(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "timed out"));
}

/* A timeout reads the CPU time of the run's last second from /proc: busy and blocked differ. */
static void test_timeout_measures_busy(void **state)
{
	struct spawn_opts o = { 0 };
	struct spawn_result r;

	o.timeout_ms = 1500;
	run_sh(*state, "while :; do :; done", &r, &o);
	assert_true(r.timed_out);
	assert_true(r.busy_window_ms >= 900 && r.busy_window_ms <= 1200);
	/* A shell spinning alone: far more than a twentieth of a core, even on a loaded machine. */
	assert_true(r.busy_cpu_ms * 20 >= r.busy_window_ms);
	run_sh(*state, "sleep 30", &r, &o);
	assert_true(r.timed_out);
	assert_true(r.busy_window_ms >= 900);
	assert_true(r.busy_cpu_ms * 20 < r.busy_window_ms);
	/* A run that ends on its own is not measured. */
	run_sh(*state, "true", &r, &o);
	assert_int_equal(r.busy_window_ms, 0);
}

static void test_stdout_captured_and_capped(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[8192];
	struct stat st;

	run_sh(s, "printf hello; printf oops >&2", &r, NULL);
	assert_int_equal(r.status, 0);
	assert_false(r.output_truncated);
	slurp(s->out, buf, sizeof(buf));
	assert_string_equal(buf, "hello");
	slurp(s->err, buf, sizeof(buf));
	assert_string_equal(buf, "oops");

	/* 100 kB against a 4 kB cap: the first 4096 bytes are kept, the rest drained. */
	o.output_cap = 4096;
	run_sh(s, "head -c 100000 /dev/zero | tr '\\0' x; echo done >&2", &r, &o);
	assert_int_equal(r.status, 0);
	assert_true(r.exited);
	assert_true(r.output_truncated);
	assert_int_equal(stat(s->out, &st), 0);
	assert_int_equal(st.st_size, 4096);
	slurp(s->err, buf, sizeof(buf));
	assert_string_equal(buf, "done\n");

	/* stdout and stderr may share one file. */
	o.output_cap = 0;
	o.stdout_path = o.stderr_path = s->out;
	run_sh(s, "echo a; echo b >&2; echo c", &r, &o);
	slurp(s->out, buf, sizeof(buf));
	assert_string_equal(buf, "a\nb\nc\n");
}

static void test_stdin_from_file(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char in[160], buf[64];
	FILE *f;

	snprintf(in, sizeof(in), "%s/in", s->dir);
	f = fopen(in, "w");
	assert_non_null(f);
	fputs("from stdin\n", f);
	fclose(f);
	o.stdin_path = in;
	run_sh(s, "cat", &r, &o);
	slurp(s->out, buf, sizeof(buf));
	assert_string_equal(buf, "from stdin\n");
	/* Without stdin_path the program reads /dev/null: EOF at once. */
	run_sh(s, "cat", &r, NULL);
	assert_int_equal(slurp(s->out, buf, sizeof(buf)), 0);
}

static void test_env_scrubbed(void **state)
{
	struct scratch *s = *state;
	const char *env[] = { "RL_GIVEN=given", "LANG=en_US.UTF-8", NULL };
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[512], want[512];

	setenv("RL_SECRET_TEST_VAR", "leaked", 1);
	o.env = env;
	o.cwd = s->dir;
	run_sh(s, "echo \"${RL_SECRET_TEST_VAR-unset} $RL_GIVEN $HOME $LANG $TERM\"; env | wc -l",
	       &r, &o);
	unsetenv("RL_SECRET_TEST_VAR");
	slurp(s->out, buf, sizeof(buf));
	/* PATH HOME LANG TMPDIR TERM RL_GIVEN, plus PWD that sh itself exports. */
	snprintf(want, sizeof(want), "unset given %s en_US.UTF-8 dumb\n7\n", s->dir);
	assert_string_equal(buf, want);
}

static void test_cwd(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[256], want[256];

	o.cwd = s->dir;
	run_sh(s, "pwd; echo x > here", &r, &o);
	snprintf(want, sizeof(want), "%s\n", s->dir);
	slurp(s->out, buf, sizeof(buf));
	assert_string_equal(buf, want);
	snprintf(want, sizeof(want), "%s/here", s->dir);
	assert_int_equal(access(want, F_OK), 0);
}

static void test_no_fd_leaks_and_rlimits(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[256];
	/* Not close-on-exec on purpose: spawn must close it anyway. */
	int leak = open("/dev/null", O_RDONLY);

	assert_true(leak >= 3);
	o.limits.open_files = 77;
	o.limits.file_size = 1 << 20;
	o.cwd = s->dir;
	/*
	 * The shell lists its own fds from a child shell: while it runs `ls | tr` the shell holds the
	 * pipe's fds, and for `ls > f` dash keeps a saved copy of fd 1, so ls would list those now and
	 * then. The child shell's redirection is its own.
	 */
	run_sh(s, "sh -c 'ls /proc/$PPID/fd > fds'; tr '\\n' ' ' < fds; ulimit -n; ulimit -c", &r,
	       &o);
	close(leak);
	slurp(s->out, buf, sizeof(buf));
	assert_string_equal(buf, "0 1 2 77\n0\n");
}

/* How many live processes have the command line "prog arg". */
static int count_cmdline(const char *prog, const char *arg)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	char want[128];
	size_t len = (size_t)snprintf(want, sizeof(want), "%s%c%s", prog, '\0', arg) + 1;
	int n = 0;

	assert_non_null(proc);
	while ((e = readdir(proc))) {
		char path[300], buf[256];
		ssize_t got;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		got = read(fd, buf, sizeof(buf));
		close(fd);
		n += got >= (ssize_t)len && memcmp(buf, want, len) == 0;
	}
	closedir(proc);
	return n;
}

/* A child that forks grandchildren sleeping forever leaves nothing alive behind. */
static void test_grandchildren_die(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char path[160];
	long pid;
	int n = 0;
	FILE *f;

	char script[300], secs[32];

	o.cwd = s->dir;
	o.timeout_ms = 5000;
	/* A duration no other sleep has, to find them by command line whatever their pid. */
	snprintf(secs, sizeof(secs), "29.%06d", (int)(getpid() % 1000000));
	/* One in the group, one in a subshell, one that setsid()s away from the group. */
	snprintf(script, sizeof(script), "sleep %s & echo $! >> pids; (sleep %s & echo $! >> pids); "
		 "setsid sleep %s & echo $! >> pids; exit 0", secs, secs, secs);
	run_sh(s, script, &r, &o);
	assert_int_equal(r.status, 0);
	assert_false(r.timed_out);
	/* It returned as soon as sh exited, not when the sleepers would have. */
	assert_true(r.wall_ms < 3000);
	snprintf(path, sizeof(path), "%s/pids", s->dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fscanf(f, "%ld", &pid) == 1) {
		n++;
		/* In its own PID namespace (a view), the pids it wrote are not ours to test. */
		if (r.layers & (SPAWN_LAYER_PIDNS | SPAWN_LAYER_VIEW))
			continue;
		assert_int_equal(kill((pid_t)pid, 0), -1);
		assert_int_equal(errno, ESRCH);
	}
	fclose(f);
	assert_int_equal(n, 3);
	assert_int_equal(count_cmdline("sleep", secs), 0);
}

struct thread_arg {
	struct scratch *s;
	int id;
	int ok;
};

static void *spawn_thread(void *p)
{
	struct thread_arg *a = p;
	char out[192], buf[64], want[64], tag[16];
	int i;

	snprintf(out, sizeof(out), "%s/t%d", a->s->dir, a->id);
	snprintf(tag, sizeof(tag), "t%d", a->id);
	snprintf(want, sizeof(want), "%s\n", tag);
	for (i = 0; i < 5; i++) {
		const char *argv[] = { "sh", "-c", "echo $0; exit 7", tag, NULL };
		struct spawn_opts o = { 0 };
		struct spawn_result r;
		struct diag d = DIAG_INIT;

		o.argv = argv;
		o.stdout_path = out;
		o.timeout_ms = 5000;
		o.isolate = a->id % 2;
		if (spawn_run(&o, &r, &d) != RL_ERR_OK || r.status != 7)
			return NULL;
		slurp(out, buf, sizeof(buf));
		if (strcmp(buf, want) != 0)
			return NULL;
	}
	a->ok = 1;
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	struct thread_arg a[4];
	int i;

	for (i = 0; i < 4; i++) {
		a[i] = (struct thread_arg){ *state, i, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, spawn_thread, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_true(a[i].ok);
	}
}

static void test_isolated_run(void **state)
{
	struct scratch *s = *state;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	char buf[64], layers[160];

	o.isolate = true;
	run_sh(s, "echo $$; grep -E '^Cap(Eff|Bnd)' /proc/self/status | tr '\\n\\t' '  ' >&2; exit 5",
	       &r, &o);
	assert_int_equal(r.status, 5);
	assert_true(r.layers & SPAWN_LAYER_KEEPER);
	spawn_layers_describe(r.layers, layers, sizeof(layers));
	print_message("isolation layers here: %s\n", layers);
	slurp(s->out, buf, sizeof(buf));
	/* In a PID namespace the keeper is 1 and the program 2. */
	if (r.layers & SPAWN_LAYER_PIDNS)
		assert_string_equal(buf, "2\n");
	if (getuid() == 0 && access("/proc/self/ns/pid", F_OK) == 0)
		assert_true(r.layers & SPAWN_LAYER_PIDNS);
	/* Isolated, the program gets no capabilities, not even root's (a non-root one has none). */
	slurp(s->err, buf, sizeof(buf));
	if (getuid() == 0 || (r.layers & SPAWN_LAYER_USERNS))
		assert_string_equal(buf, "CapEff: 0000000000000000 CapBnd: 0000000000000000 ");
	else
		assert_non_null(strstr(buf, "CapEff: 0000000000000000 "));
}

static void test_bad_env_entry(void **state)
{
	(void)state;
	const char *argv[] = { "true", NULL };
	const char *env[] = { "NOEQUALS", NULL };
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	struct diag d = DIAG_INIT;

	o.argv = argv;
	o.env = env;
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_USAGE);
	assert_non_null(strstr(d.msg, "NOEQUALS"));
}

static void test_cpu_time_reported(void **state)
{
	struct spawn_result r;

	/* A shell loop burning ~0.2 s of CPU: cpu_ms comes from the reaped rusage. */
	run_sh(*state, "i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done", &r, NULL);
	assert_int_equal(r.status, 0);
	assert_true(r.cpu_ms > 10);
	assert_true(r.cpu_ms <= r.wall_ms + 20);
}

/* A grader that ignores SIGCHLD (auto-reaping) still gets statuses: the keeper resets it. */
static void test_sigchld_ignored(void **state)
{
	struct spawn_result r;

	signal(SIGCHLD, SIG_IGN);
	run_sh(*state, "sh -c 'exit 9'; exit $?", &r, NULL);
	signal(SIGCHLD, SIG_DFL);
	assert_true(r.exited);
	assert_int_equal(r.status, 9);
}

/* argv[0] without a slash is searched in the PATH the program will see. */
static void test_path_from_env(void **state)
{
	struct scratch *s = *state;
	char script[160], path_entry[192], buf[64];
	const char *argv[] = { "rl-hello", NULL };
	const char *env[] = { path_entry, NULL };
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	struct diag d = DIAG_INIT;
	FILE *f;

	snprintf(script, sizeof(script), "%s/rl-hello", s->dir);
	snprintf(path_entry, sizeof(path_entry), "PATH=/usr/bin:/bin:%s", s->dir);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\necho \"hello $PATH\"\n", f);
	fclose(f);
	assert_int_equal(chmod(script, 0700), 0);
	o.argv = argv;
	o.env = env;
	o.stdout_path = s->out;
	assert_int_equal(spawn_run(&o, &r, &d), RL_ERR_OK);
	assert_int_equal(r.status, 0);
	slurp(s->out, buf, sizeof(buf));
	assert_true(strncmp(buf, "hello /usr/bin:/bin:/tmp/", 25) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, scratch_setup, scratch_teardown)
		T(test_exit_codes),
		T(test_signal_death),
		T(test_exec_failure),
		T(test_timeout_kills_sleeper),
		T(test_timeout_measures_busy),
		T(test_stdout_captured_and_capped),
		T(test_stdin_from_file),
		T(test_env_scrubbed),
		T(test_cwd),
		T(test_no_fd_leaks_and_rlimits),
		T(test_grandchildren_die),
		T(test_threads),
		T(test_isolated_run),
		T(test_bad_env_entry),
		T(test_cpu_time_reported),
		T(test_sigchld_ignored),
		T(test_path_from_env),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
