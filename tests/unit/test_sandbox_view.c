/* Threat tests of the filesystem view: a run sees its own workspace and the system, nothing else. */
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

static unsigned run_counter;

/* ---- The filesystem view: each run sees its own workspace and the system, nothing else ---- */

/*
 * A workspace laid out as workspace.c makes one (TMPDIR/racelab.XXXXXX with work/, bin/ and a
 * tool directory t-XXXXXX), a sibling workspace holding another student's secret, and the
 * places a program must not write: the real /tmp, $HOME, the kit, the grader's own folder.
 */
struct fsbox {
	char base[64], work[80], bin[80], tools[96], prog[128];
	char sib[64], sib_work[80], sib_src[128];
	char secret[96], mine[128];
	char token[64];
	char output[65536];
	char outside[4][PATH_MAX];
};

static void make_workspace(char *base, size_t blen, char *work, size_t wlen, char *bin,
			   size_t binlen)
{
	snprintf(base, blen, "/tmp/racelab.XXXXXX");
	assert_non_null(mkdtemp(base));
	snprintf(work, wlen, "%s/work", base);
	snprintf(bin, binlen, "%s/bin", base);
	assert_int_equal(mkdir(work, 0755), 0);
	assert_int_equal(mkdir(bin, 0755), 0);
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static int fsbox_setup(void **state)
{
	struct fsbox *f = calloc(1, sizeof(*f));
	char from[256], cmd[600], sbin[80];
	const char *home = getenv("HOME");

	assert_non_null(f);
	snprintf(f->token, sizeof(f->token), "rltok-%d-%u-%ld", (int)getpid(), ++run_counter,
		 (long)time(NULL));
	snprintf(f->secret, sizeof(f->secret), "SECRET-%s", f->token);
	make_workspace(f->base, sizeof(f->base), f->work, sizeof(f->work), f->bin, sizeof(f->bin));
	snprintf(f->tools, sizeof(f->tools), "%s/t-XXXXXX", f->base);
	assert_non_null(mkdtemp(f->tools));
	/* The program lives in bin/, as a check's builds do. */
	snprintf(from, sizeof(from), "%s/sb_reach", SANDBOX_BIN_DIR);
	snprintf(f->prog, sizeof(f->prog), "%s/sb_reach", f->bin);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, f->prog);
	assert_int_equal(system(cmd), 0);
	/* Its own marker, which the walk must find: proof that the walk can find things. */
	snprintf(f->mine, sizeof(f->mine), "%s/mine.txt", f->work);
	put_file(f->mine, f->secret, 0644);

	make_workspace(f->sib, sizeof(f->sib), f->sib_work, sizeof(f->sib_work), sbin,
		       sizeof(sbin));
	snprintf(f->sib_src, sizeof(f->sib_src), "%s/student.c", f->sib_work);
	put_file(f->sib_src, f->secret, 0644);

	snprintf(f->outside[0], PATH_MAX, "/tmp/rl-reach-%s", f->token);
	/* $HOME, unless it is in /tmp (the view's /tmp is private: that write is allowed). */
	if (!home || !*home || !strncmp(home, "/tmp", 4))
		home = "/var/tmp";
	snprintf(f->outside[1], PATH_MAX, "%s/rl-reach-%s", home, f->token);
	snprintf(f->outside[2], PATH_MAX, "%s/rl-reach-%s", SANDBOX_KIT_DIR, f->token);
	snprintf(f->outside[3], PATH_MAX, "%s/rl-reach-%s", SANDBOX_BIN_DIR, f->token);
	*state = f;
	return 0;
}

static int fsbox_teardown(void **state)
{
	struct fsbox *f = *state;
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", f->base, f->sib);
	assert_int_equal(system(cmd), 0);
	for (int i = 0; i < 4; i++)
		unlink(f->outside[i]);
	free(f);
	return 0;
}

/* Runs sb_reach in the workspace with these attempts; checks it got its verdict. */
static void reach(struct fsbox *f, const char *const *attempts, struct spawn_result *r)
{
	const char *argv[16];
	char out[128], err[128], proof[128], layers[160];
	struct spawn_opts o = { .timeout_ms = 30000, .isolate = true };
	struct diag d = DIAG_INIT;
	size_t n = 0;
	FILE *fp;

	argv[n++] = f->prog;
	argv[n++] = f->token;
	for (size_t i = 0; attempts[i] && n < 15; i++)
		argv[n++] = attempts[i];
	argv[n] = NULL;
	snprintf(out, sizeof(out), "%s/stdout", f->tools);
	snprintf(err, sizeof(err), "%s/stderr", f->tools);
	o.argv = argv;
	o.cwd = f->work;
	o.stdout_path = out;
	o.stderr_path = err;
	o.limits.processes = 64;
	if (spawn_run(&o, r, &d) != RL_ERR_OK)
		fail_msg("spawn_run(sb_reach): %s", d.msg);
	spawn_layers_describe(r->layers, layers, sizeof(layers));
	print_message("  sb_reach: status %d reason %s, %ld ms, layers %s\n", r->status, r->reason,
		      r->wall_ms, layers);
	f->output[0] = '\0';
	if ((fp = fopen(out, "r"))) {
		n = fread(f->output, 1, sizeof(f->output) - 1, fp);
		f->output[n] = '\0';
		fclose(fp);
	}
	/* The verdict is the program's own: it ran to its end and could write its workspace. */
	assert_true(r->exited);
	assert_int_equal(r->status, 0);
	snprintf(proof, sizeof(proof), "%s/proof", f->work);
	if (access(proof, F_OK) != 0 || !strstr(f->output, "proof ./proof ok"))
		fail_msg("no proof of the run in %s: %s", f->work, f->output);
	assert_int_equal(survivors(f->token), 0);
	if (!(r->layers & SPAWN_LAYER_VIEW))
		fail_msg("runs get no filesystem view here: %s", sandbox_view_unavailable());
}

/* The line of output for one attempt on arg ("write /tmp/x ok"), or fails. */
static const char *attempt_line(const struct fsbox *f, const char *what, const char *arg)
{
	static char line[PATH_MAX + 128];
	char head[PATH_MAX + 32];
	const char *p;

	snprintf(head, sizeof(head), "%s %s ", what, arg);
	p = strstr(f->output, head);
	if (!p)
		fail_msg("no '%s' in output '%s'", head, f->output);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
	return line;
}

static void assert_failed(const struct fsbox *f, const char *what, const char *arg)
{
	const char *line = attempt_line(f, what, arg);
	size_t l = strlen(line);

	if (l >= 3 && (!strcmp(line + l - 3, " ok") || strstr(line, " ok ")))
		fail_msg("it worked: %s", line);
}

/* Protection: the view (only the workspace is writable) and the non-root uid. */
static void test_write_outside(void **state)
{
	struct fsbox *f = *state;
	const char *attempts[6];
	char a[4][PATH_MAX + 8];
	struct spawn_result r;

	for (int i = 0; i < 4; i++) {
		snprintf(a[i], sizeof(a[i]), "write:%s", f->outside[i]);
		attempts[i] = a[i];
	}
	attempts[4] = NULL;
	reach(f, attempts, &r);
	for (int i = 0; i < 4; i++) {
		/* Its /tmp is writable, and private: the write must not reach the real one. */
		if (i > 0)
			assert_failed(f, "write", f->outside[i]);
		if (access(f->outside[i], F_OK) == 0)
			fail_msg("%s was written", f->outside[i]);
	}
}

/* Protection: the view shows neither the kit nor another workspace, however they are named. */
static void test_read_solutions_and_others(void **state)
{
	struct fsbox *f = *state;
	char sol[PATH_MAX + 8], why[PATH_MAX + 8], other[PATH_MAX + 8], walk[160];
	const char *attempts[] = { sol, why, other, walk, NULL };
	struct spawn_result r;
	char mine[160];

	snprintf(sol, sizeof(sol), "read:%s/solutions/01-lost-update/ledger.c", SANDBOX_KIT_DIR);
	snprintf(why, sizeof(why), "read:%s/solutions/01-lost-update/WHY.md", SANDBOX_KIT_DIR);
	snprintf(other, sizeof(other), "read:%s", f->sib_src);
	snprintf(walk, sizeof(walk), "walk:%s", f->secret);
	assert_int_equal(access(sol + 5, R_OK), 0); /* they are there to be read */
	reach(f, attempts, &r);
	assert_failed(f, "read", sol + 5);
	assert_failed(f, "read", why + 5);
	assert_failed(f, "read", other + 5);
	/* The walk found its own marker (so it works), and nothing else. */
	snprintf(mine, sizeof(mine), "found ./mine.txt\n");
	if (!strstr(f->output, mine))
		fail_msg("the walk did not find its own marker: %s", f->output);
	if (strstr(f->output, "found ") != strstr(f->output, mine) ||
	    strstr(strstr(f->output, mine) + 1, "found "))
		fail_msg("the walk found more than its own: %s", f->output);
	if (strstr(f->output, f->secret))
		fail_msg("the secret leaked: %s", f->output);
}

/* Protection: the view's /tmp is private; its workspace's base cannot be listed or changed. */
static void test_plant_in_sibling(void **state)
{
	struct fsbox *f = *state;
	char planted[128], text[128] = "";
	const char *attempts[] = { "plant:/tmp", NULL };
	struct spawn_result r;
	FILE *fp;

	reach(f, attempts, &r);
	snprintf(planted, sizeof(planted), "%s/planted", f->sib_work);
	if (access(planted, F_OK) == 0)
		fail_msg("it planted %s: %s", planted, f->output);
	assert_non_null(fp = fopen(f->sib_src, "r"));
	assert_non_null(fgets(text, sizeof(text), fp));
	fclose(fp);
	assert_string_equal(text, f->secret);
	/* It may see its own workspace's name in its /tmp, never the sibling's. */
	if (strstr(f->output, f->sib))
		fail_msg("it saw the sibling %s: %s", f->sib, f->output);
}

/*
 * Protection: its own workspace's base is a closed, read-only directory: the program can neither
 * list it (to find the tool directory's random name) nor change bin/ (the binaries of the other
 * runs of its own check, built before it ran).
 */
static void test_own_workspace(void **state)
{
	struct fsbox *f = *state;
	char bin[160], tools[160], base[96];
	const char *attempts[] = { base, bin, tools, NULL };
	struct spawn_result r;
	const char *slash = strrchr(f->tools, '/');

	snprintf(base, sizeof(base), "list:%s", f->base);
	snprintf(bin, sizeof(bin), "write:%s/planted", f->bin);
	snprintf(tools, sizeof(tools), "write:%s/planted", f->tools);
	reach(f, attempts, &r);
	assert_failed(f, "list", f->base);
	snprintf(base, sizeof(base), "entry %s\n", slash + 1);
	if (strstr(f->output, base))
		fail_msg("it saw the tool directory's name: %s", f->output);
	assert_failed(f, "write", bin + 6);
	if (access(bin + 6, F_OK) == 0)
		fail_msg("it wrote into bin/");
	/* The tool directory itself is writable (the tools write there), if one knows its name. */
	assert_int_equal(access(tools + 6, F_OK), 0);
}

struct sibling {
	struct fsbox *f;
	char token[64];
	struct spawn_result r;
};

/* Another student's run, alive while the hostile one tries to trace it. */
static void *sibling_run(void *arg)
{
	struct sibling *s = arg;
	char path[256];
	const char *argv[] = { path, s->token, NULL };
	struct spawn_opts o = { .argv = argv, .cwd = s->f->sib_work, .timeout_ms = 4000,
				.isolate = true };
	struct diag d = DIAG_INIT;

	snprintf(path, sizeof(path), "%s/sb_sleeper", SANDBOX_BIN_DIR);
	spawn_run(&o, &s->r, &d);
	return NULL;
}

/* The pid (as we see it) of the process named comm whose command line holds token. */
static pid_t find_pid(const char *token, const char *comm)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	assert_non_null(proc);
	while (!found && (e = readdir(proc))) {
		char path[300], buf[4096] = "";
		int fd;
		ssize_t len;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0 || !memmem(buf, (size_t)len, token, strlen(token)))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len > 0 && !strncmp(buf, comm, strlen(comm)))
			found = (pid_t)atoi(e->d_name);
	}
	closedir(proc);
	return found;
}

/*
 * Protection: no capabilities and a non-root uid (mount, setuid), the seccomp filter (ptrace of
 * its own child, a new user namespace), its own PID namespace and uid (ptrace of a sibling).
 */
static void test_escape(void **state)
{
	struct fsbox *f = *state;
	struct sibling s = { .f = f };
	char ptr[32];
	const char *attempts[] = { "mount", "setuid", ptr, "ptracechild", "userns", NULL };
	struct spawn_result r;
	pthread_t t;
	pid_t victim = 0;

	snprintf(s.token, sizeof(s.token), "sibtok-%d-%u", (int)getpid(), ++run_counter);
	assert_int_equal(pthread_create(&t, NULL, sibling_run, &s), 0);
	for (int i = 0; i < 400 && !victim; i++) {
		usleep(5000);
		victim = find_pid(s.token, "sb_sleeper");
	}
	assert_true(victim > 0);
	snprintf(ptr, sizeof(ptr), "ptrace:%d", (int)victim);
	reach(f, attempts, &r);
	assert_failed(f, "mount", "/tmp");
	assert_failed(f, "setuid", "0");
	assert_failed(f, "ptrace", ptr + 7);
	assert_failed(f, "ptracechild", "-");
	assert_failed(f, "userns", "-");
	assert_int_equal(pthread_join(t, NULL), 0);
	/* The sibling was left alone: it ran to its own timeout. */
	assert_true(s.r.timed_out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define F(f) cmocka_unit_test_setup_teardown(f, fsbox_setup, fsbox_teardown)
		F(test_write_outside),
		F(test_read_solutions_and_others),
		F(test_plant_in_sibling),
		F(test_own_workspace),
		F(test_escape),
#undef F
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
