/* The ThreadSanitizer detector: runs the clang -fsanitize=thread build and reads its log files. */
#include "tsan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/build.h"
#include "run/perturb.h"
#include "run/spawn.h"
#include "model/util.h"
#include "detect/detector_int.h"

#define LOG_PREFIX "tsan"
#define PROBE_TIMEOUT_MS 60000

/*
 * TSAN_OPTIONS, each for a reason:
 *   log_path=DIR/tsan        reports go to files in the run's private tool directory, never to the
 *                            program's stderr, where the program could print fake ones (and where
 *                            they would spoil the functional check of its output)
 *   exitcode=0               a report does not change the exit status: the functional check sees
 *                            the program's own
 *   halt_on_error=0          go on after the first report: every bug of the run is reported
 *   report_signal_unsafe=0   malloc/printf in a signal handler is not what this course grades and
 *                            would fail exercises whose signal handling is deliberately simple
 *                            (errno spoiling is still reported; it becomes a warning)
 *   second_deadlock_stack=1  a lock-order report also says where each held mutex was taken
 *   history_size=7           the most past accesses per thread TSan 14 remembers (4M events,
 *                            against 128K by default). TSan 14 drops a race whose previous
 *                            access it cannot find in that history, and a thread spinning in a
 *                            loop of calls outruns a short one: 16's no-GIL lazy fix (a flag
 *                            written by one thread, polled by a spinning one) was reported in 20
 *                            of 20 runs with 7 but in 4-12 of 20 with 4, on a loaded machine.
 *                            The trace memory is touched only as it fills: the same run time and
 *                            peak memory on exercise 01 (148 ms, 24 MB either way)
 *   detect_deadlocks=1, report_thread_leaks=1, report_destroy_locked=1, report_mutex_bugs=1
 *                            the defaults, spelled out: the course relies on these reports
 *   die_after_fork=1         the default, kept: TSan cannot follow a child forked from a
 *                            multithreaded process. With 0 such a child's threads run unchecked
 *                            (two of them bumping one counter: no report), which reads as a pass;
 *                            with 1 TSan ends the child when it starts a thread and says why, and
 *                            the run becomes a note, not evidence (TSAN_FORK_DEATH). A child that
 *                            starts no thread (fork then exec, or plain work) is unaffected
 *   atexit_sleep_ms=100      TSan sleeps 1 s at exit by default to catch races with threads still
 *                            running; 100 ms keeps most of that for a tenth of the cost per run
 *   handle_segv=0 handle_sigbus=0 handle_sigfpe=0 handle_abort=0 handle_sigill=0
 *                            a crash stays a death by its signal: TSan would print a report and
 *                            then exit with exitcode (0 here), making a crash look like success
 *   color=never              plain text for the parser
 *   symbolize=1 external_symbolizer_path=...   file:line:column frames even if llvm-symbolizer
 *                            is not on the scrubbed PATH under that name
 *   suppressions=...         only when checker/suppressions/tsan.supp exists
 *   ignore_noninstrumented_modules=1  OpenMP only: Archer needs it, or the uninstrumented libomp
 *                            floods the log with false reports
 */
static const char base_options[] =
	"exitcode=0 halt_on_error=0 report_signal_unsafe=0 second_deadlock_stack=1 history_size=7 "
	"detect_deadlocks=1 report_thread_leaks=1 report_destroy_locked=1 report_mutex_bugs=1 "
	"die_after_fork=1 atexit_sleep_ms=100 handle_segv=0 handle_sigbus=0 handle_sigfpe=0 "
	"handle_abort=0 handle_sigill=0 color=never symbolize=1";

/* A path goes into TSAN_OPTIONS in double quotes, which the sanitizer flag parser honours. */
static bool quotable(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

static bool add_path(char *buf, size_t len, const char *name, const char *path)
{
	size_t used = strlen(buf);
	int n;

	if (!path)
		return true;
	if (!quotable(path))
		return false;
	n = snprintf(buf + used, len - used, " %s=\"%s\"", name, path);
	return n >= 0 && (size_t)n < len - used;
}

bool tsan_options(const struct tsan_env *e, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s%s%s", base_options,
			 e->openmp ? " ignore_noninstrumented_modules=1" : "",
			 e->report_crashes ? " handle_segv=1 handle_sigbus=1" : "");

	if (n < 0 || (size_t)n >= len)
		return false;
	return add_path(buf, len, "log_path", e->log_prefix) &&
	       add_path(buf, len, "external_symbolizer_path", e->symbolizer) &&
	       add_path(buf, len, "suppressions", e->suppressions);
}

bool tsan_binary_uses_openmp(const char *path)
{
	/* libiomp5.so when linked by that name; a program that merely prints the name gets Archer
	 * loaded for nothing, which is harmless. */
	static const char *const omp[] = { "libomp.so", "libiomp5.so", NULL };

	return file_mentions_any(path, omp);
}

/* True for "PREFIX.<digits>". */
static bool is_log_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = name + n + 1;

	if (strncmp(name, prefix, n) || name[n] != '.' || !*p)
		return false;
	return strspn(p, "0123456789") == strlen(p);
}

/* Reads at most TSAN_MAX_LOG_BYTES of dir/name into a malloc'ed buffer. */
static enum rl_err read_log(int dir_fd, const char *name, char **text, size_t *len,
			    struct diag *d)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	size_t cap, used = 0;
	char *buf;
	enum rl_err e = RL_ERR_OK;

	if (fd < 0)
		return diag_set(d, RL_ERR_IO, "cannot open ThreadSanitizer log %s: %s", name,
				strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = diag_set(d, RL_ERR_IO, "ThreadSanitizer log %s is not a regular file", name);
		goto close_fd;
	}
	cap = st.st_size < TSAN_MAX_LOG_BYTES ? (size_t)st.st_size : (size_t)TSAN_MAX_LOG_BYTES;
	if (!(buf = malloc(cap + 1))) {
		e = diag_set(d, RL_ERR_NOMEM, "out of memory reading %s", name);
		goto close_fd;
	}
	while (used < cap) {
		ssize_t got = read(fd, buf + used, cap - used);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = diag_set(d, RL_ERR_IO, "cannot read ThreadSanitizer log %s: %s", name,
				     strerror(errno));
			free(buf);
			goto close_fd;
		}
		if (!got)
			break;
		used += (size_t)got;
	}
	*text = buf;
	*len = used;
close_fd:
	close(fd);
	return e;
}

enum rl_err tsan_parse_dir(const char *dir, const char *prefix, const struct source_set *src,
			   struct finding_list *out, struct diag *d)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0;
	enum rl_err e = RL_ERR_OK;

	if (!dh)
		return errno == ENOENT ? RL_ERR_OK
				       : diag_set(d, RL_ERR_IO, "cannot open %s: %s", dir,
						  strerror(errno));
	while ((de = readdir(dh))) {
		char *copy_;

		if (!is_log_name(de->d_name, prefix))
			continue;
		if (nr == alloc) {
			size_t n = alloc ? alloc * 2 : 8;
			char **p = realloc(names, n * sizeof(*p));

			if (!p) {
				e = diag_set(d, RL_ERR_NOMEM, "out of memory listing %s", dir);
				goto free_names;
			}
			names = p;
			alloc = n;
		}
		if (!(copy_ = strdup(de->d_name))) {
			e = diag_set(d, RL_ERR_NOMEM, "out of memory listing %s", dir);
			goto free_names;
		}
		names[nr++] = copy_;
	}
	if (nr)
		qsort(names, nr, sizeof(*names), strcmp_ptrs);
	for (size_t i = 0; i < nr && e == RL_ERR_OK; i++) {
		char *text = NULL;
		size_t len = 0;

		e = read_log(dirfd(dh), names[i], &text, &len, d);
		if (e == RL_ERR_OK)
			e = tsan_parse_log(text, len, src, out, d);
		free(text);
	}
free_names:
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	closedir(dh);
	return e;
}

/* The first candidate that exists, or NULL. */
static const char *first_readable(const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (paths[i] && access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

static const char *symbolizer_path(void)
{
	static const char *const candidates[] = {
		"/usr/lib/llvm-14/bin/llvm-symbolizer", "/usr/bin/llvm-symbolizer-14",
		"/usr/bin/llvm-symbolizer", "/usr/local/bin/llvm-symbolizer",
	};

	return first_readable(candidates, sizeof(candidates) / sizeof(candidates[0]));
}

/* Runs a short helper command (clang) with output to files in dir; true on exit status 0. */
static bool run_quiet(const char *const *argv, const char *dir, const char *out_path,
		      const char *const *env, int timeout_ms)
{
	struct spawn_opts o = { .argv = argv, .env = env, .cwd = dir, .stdout_path = out_path,
				.timeout_ms = timeout_ms };
	struct spawn_result res;
	struct diag d = DIAG_INIT;

	memset(&res, 0, sizeof(res));
	return spawn_run(&o, &res, &d) == RL_ERR_OK && res.exited && res.status == 0;
}

static pthread_once_t archer_once = PTHREAD_ONCE_INIT;
static char archer[PATH_MAX];

/*
 * Archer must come from the same LLVM as the libomp the program loads, which is the one of the
 * clang that built it: ask clang for its resource directory (LLVM/lib/clang/VERSION) and look in
 * LLVM/lib first, then in the usual places of Debian's and upstream's packages.
 */
static void archer_search(void)
{
	char dir[] = "/tmp/racelab-archer.XXXXXX", out[PATH_MAX], from_clang[PATH_MAX] = "";
	const char *const argv[] = { "clang", "-print-resource-dir", NULL };
	const char *candidates[] = {
		from_clang, "/usr/lib/llvm-14/lib/libarcher.so",
		"/usr/lib/llvm-15/lib/libarcher.so",
		"/usr/lib/llvm-16/lib/libarcher.so", "/usr/lib/llvm-17/lib/libarcher.so",
		"/usr/lib/llvm-18/lib/libarcher.so", "/usr/lib/x86_64-linux-gnu/libarcher.so",
		"/usr/local/lib/libarcher.so",
	};
	const char *found;

	if (mkdtemp(dir)) {
		snprintf(out, sizeof(out), "%s/out", dir);
		if (run_quiet(argv, dir, out, NULL, PROBE_TIMEOUT_MS)) {
			char *text = read_file_capped(out, PATH_MAX - 64, NULL);
			char *s = NULL;

			/* LLVM/lib/clang/14.0.6 -> LLVM/lib/libarcher.so */
			if (text) {
				text[strcspn(text, "\n")] = '\0';
				s = strstr(text, "/clang/");
			}
			if (s)
				snprintf(from_clang, sizeof(from_clang), "%.*s/libarcher.so",
					 (int)(s - text), text);
			free(text);
		}
		unlink(out);
		rmdir(dir);
	}
	found = first_readable(candidates, sizeof(candidates) / sizeof(candidates[0]));
	if (found)
		snprintf(archer, sizeof(archer), "%s", found);
}

const char *tsan_archer_path(void)
{
	pthread_once(&archer_once, archer_search);
	return archer[0] ? archer : NULL;
}

/* Deletes DIR/tsan.<pid> files a previous run left, so that only this run's reports are read. */
static void remove_old_logs(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;

	if (!dh)
		return;
	while ((de = readdir(dh)))
		if (is_log_name(de->d_name, LOG_PREFIX))
			unlinkat(dirfd(dh), de->d_name, 0);
	closedir(dh);
}

/* The environment and limits every TSan run gets, the probe's included. */
struct tsan_launch {
	char options[3 * PATH_MAX + 1024];
	char tsan_env[3 * PATH_MAX + 1100];
	char omp_tool[PATH_MAX + 32];
	char perturb[48];
	const char *env[7];
	struct spawn_limits limits;
};

static enum rl_err launch_init(struct tsan_launch *l, const char *tooldir, const char *binary,
			       int timeout_ms, const char *log_name, long seed, struct diag *d)
{
	char prefix[PATH_MAX], supp[PATH_MAX];
	struct tsan_env e = { prefix, symbolizer_path(), NULL, tsan_binary_uses_openmp(binary),
			      strcmp(log_name, LOG_PREFIX) != 0 };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = 0;

	if (ncpu < 1)
		ncpu = 1;
	snprintf(prefix, sizeof(prefix), "%s/%s", tooldir, log_name);
	snprintf(supp, sizeof(supp), "%s/checker/detect/tsan/tsan.supp", RACELAB_SOURCE_DIR);
	if (access(supp, R_OK) == 0)
		e.suppressions = supp;
	if (!tsan_options(&e, l->options, sizeof(l->options)))
		return diag_set(d, RL_ERR_INTERNAL,
				"cannot pass %s to ThreadSanitizer (quote or control character)",
				tooldir);
	snprintf(l->tsan_env, sizeof(l->tsan_env), "TSAN_OPTIONS=%s", l->options);
	l->env[n++] = l->tsan_env;
	if (e.openmp) {
		/* libomp loads Archer, which tells TSan about OpenMP's synchronisation. */
		if (tsan_archer_path()) {
			snprintf(l->omp_tool, sizeof(l->omp_tool), "OMP_TOOL_LIBRARIES=%s",
				 tsan_archer_path());
			l->env[n++] = l->omp_tool;
			l->env[n++] = "ARCHER_OPTIONS=verbose=0";
		}
		/* One CPU would mean one OpenMP thread and no race to see. */
		if (ncpu < 2)
			l->env[n++] = "OMP_NUM_THREADS=2";
	}
	/* A search run: the perturbation shim linked into the build delays threads by this seed. */
	if (seed >= 0) {
		snprintf(l->perturb, sizeof(l->perturb), PERTURB_ENV "=%ld", seed);
		l->env[n++] = l->perturb;
	}
	l->env[n] = NULL;
	/* TSan adds its own thread and the symbolizer: detector_spawn_limits() allows for both. */
	l->limits = detector_spawn_limits(timeout_ms);
	return RL_ERR_OK;
}

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool probe_ok;
static char probe_msg[640];
static bool probe_missing = true; /* probe_msg says a tool is not installed */

/* A program with a thread, built and run as the tsan variant is. */
static const char probe_src[] =
	"#include <pthread.h>\n"
	"static int done;\n"
	"static void *work(void *a) { done = 1; return a; }\n"
	"int main(void) { pthread_t t; pthread_create(&t, 0, work, 0); pthread_join(t, 0);\n"
	"                 return !done; }\n";

static void probe(void)
{
	char dir[] = "/tmp/racelab-tsan-probe.XXXXXX", src[PATH_MAX], bin[PATH_MAX], out[PATH_MAX];
	char log[PATH_MAX];
	const char *const sources[] = { "probe.c", NULL };
	const struct build_spec spec = { dir, sources, NULL, NULL, dir, false };
	const char *const run_argv[] = { bin, NULL };
	bool built = false;
	struct tsan_launch *l = calloc(1, sizeof(*l));
	struct finding_list found = FINDING_LIST_INIT;
	struct spawn_result res;
	struct diag d = DIAG_INIT;
	FILE *f;

	snprintf(probe_msg, sizeof(probe_msg),
		 "clang with ThreadSanitizer not found");
	if (!l || !mkdtemp(dir))
		goto free_launch;
	snprintf(src, sizeof(src), "%s/probe.c", dir);
	snprintf(bin, sizeof(bin), "%s/probe", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(log, sizeof(log), "%s/build-%d.log", dir, (int)VARIANT_TSAN);
	if (!(f = fopen(src, "w")))
		goto remove_dir;
	fputs(probe_src, f);
	/* Built exactly as a check builds the TSan variant, so that a pass here means one there. */
	if (fclose(f) != 0 ||
	    build_variant(&spec, VARIANT_TSAN, bin, &built, &found, &d) != RL_ERR_OK || !built)
		goto remove_files;
	finding_list_release(&found);
	/* Linking is not enough: on some kernels TSan 14 refuses to start (memory layout). */
	memset(&res, 0, sizeof(res));
	if (launch_init(l, dir, bin, PROBE_TIMEOUT_MS, LOG_PREFIX, -1, &d) == RL_ERR_OK) {
		struct spawn_opts o = { .argv = run_argv, .env = l->env, .cwd = dir,
					.stdout_path = out, .stderr_path = out,
					.timeout_ms = PROBE_TIMEOUT_MS, .limits = l->limits,
					.isolate = true };

		if (spawn_run(&o, &res, &d) == RL_ERR_OK)
			tsan_parse_dir(dir, LOG_PREFIX, NULL, &found, &d);
	}
	if (d.code != RL_ERR_OK || !res.exited || res.status != 0) {
		char how[128];

		spawn_result_describe(&res, how, sizeof(how));
		probe_missing = false;
		snprintf(probe_msg, sizeof(probe_msg),
			 "ThreadSanitizer cannot run programs here (%.100s): %.380s", how,
			 d.code != RL_ERR_OK ? d.msg : "a threaded test program failed under it");
	} else {
		probe_ok = true;
		probe_msg[0] = '\0';
	}
remove_files:
	finding_list_release(&found);
	remove_old_logs(dir);
	unlink(bin);
	unlink(log);
remove_dir:
	unlink(src);
	unlink(out);
	rmdir(dir);
free_launch:
	free(l);
}

static bool tsan_available(struct diag *d)
{
	char path[PATH_MAX];

	if (!find_on_path("clang", path, sizeof(path))) {
		diag_missing_tool(d, "clang not found");
		return false;
	}
	return true;
}

static bool tsan_verify(struct diag *d)
{
	pthread_once(&probe_once, probe);
	if (!probe_ok && probe_missing)
		diag_missing_tool(d, "%s", probe_msg);
	else if (!probe_ok)
		diag_set(d, RL_ERR_TOOL, "%s", probe_msg);
	return probe_ok;
}

/*
 * An OpenMP program died by SIGSEGV or SIGBUS under TSan. The main run keeps crashes as deaths by
 * their signal (handle_segv=0), so its log cannot say where: run it once more with TSan's crash
 * report on. When the innermost frame is in libomp or Archer, the crash is the tool's (LLVM 14's
 * Archer crashes on `omp teams`, and `omp target` falling back to the host uses teams), and this
 * run is no evidence about the program: RL_ERR_UNSUPPORTED, which the check turns into a note
 * while the other tools decide. Anything else keeps the run as it was (a crash of the program).
 */
static enum rl_err diagnose_omp_crash(struct detector_run *r, const char **argv, struct diag *d)
{
	struct tsan_launch *l = calloc(1, sizeof(*l));
	struct spawn_result res;
	struct spawn_opts o;
	struct diag dd = DIAG_INIT;
	char module[64] = "", path[PATH_MAX];
	bool tool = false;

	if (!l)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (launch_init(l, r->tooldir, r->binary, r->timeout_ms, "crash", r->seed, &dd) ==
	    RL_ERR_OK) {
		detector_spawn_opts(r, argv, l->env, &o);
		/* Its output is not the run's: the functional check reads the main run's. */
		o.stdout_path = o.stderr_path = NULL;
		memset(&res, 0, sizeof(res));
		if (spawn_run(&o, &res, &dd) == RL_ERR_OK) {
			DIR *dh = opendir(r->tooldir);
			struct dirent *de;

			while (dh && !tool && (de = readdir(dh))) {
				char *text;
				size_t len = 0;

				if (!is_log_name(de->d_name, "crash"))
					continue;
				snprintf(path, sizeof(path), "%s/%s", r->tooldir, de->d_name);
				text = read_file_capped(path, 1u << 20, &len);
				tool = text && tsan_log_runtime_crash(text, len, module, sizeof(module));
				free(text);
			}
			if (dh)
				closedir(dh);
		}
	}
	free(l);
	if (!tool)
		return RL_ERR_OK;
	return diag_set(d, RL_ERR_UNSUPPORTED, "ThreadSanitizer could not check this program: its "
			"OpenMP support (Archer, LLVM 14) crashed inside %s, not in the program (it "
			"does on `omp teams` and host `omp target` regions); the other tools checked it",
			module);
}

/*
 * TSan does not follow a child forked from a multithreaded process: a thread started there makes
 * it print this and end the child with status 66 (die_after_fork); with die_after_fork=0 the
 * child's threads run but go unchecked (two of them bumping one counter: no report). Either way
 * the child was not checked, and with 1 the run's exit status is TSan's, not the program's.
 */
#define TSAN_FORK_DEATH "starting new threads after multi-threaded fork is not supported"

static bool logs_say(const char *dir, const char *needle)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX];
	bool found = false;

	while (dh && !found && (de = readdir(dh))) {
		char *text;
		size_t len = 0;

		if (!is_log_name(de->d_name, LOG_PREFIX))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = read_file_capped(path, 1u << 20, &len);
		found = text && memmem(text, len, needle, strlen(needle));
		free(text);
	}
	if (dh)
		closedir(dh);
	return found;
}

static enum rl_err tsan_run(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	struct tsan_launch *l = calloc(1, sizeof(*l));
	const char **argv = NULL;
	enum rl_err e;

	r->threads_seen = -1; /* TSan does not tell how many threads ran at once */
	if (!l)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (!(argv = detector_argv(r, NULL))) {
		e = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto free_launch;
	}
	e = launch_init(l, r->tooldir, r->binary, r->timeout_ms, LOG_PREFIX, r->seed, d);
	if (e != RL_ERR_OK)
		goto free_argv;
	remove_old_logs(r->tooldir);
	{
		struct spawn_opts o;

		detector_spawn_opts(r, argv, l->env, &o);
		memset(&r->result, 0, sizeof(r->result));
		e = spawn_run(&o, &r->result, d);
	}
	if (e != RL_ERR_OK)
		goto free_argv;
	/* Logs of a run killed at its timeout end mid-report; what they hold still counts. */
	e = tsan_parse_dir(r->tooldir, LOG_PREFIX, r->sources, out, d);
	if (e == RL_ERR_OK && logs_say(r->tooldir, TSAN_FORK_DEATH)) {
		e = diag_set(d, RL_ERR_UNSUPPORTED, "ThreadSanitizer cannot check a child forked from "
			     "a multithreaded process (TSan ended the child when it started a thread); "
			     "the other tools checked it");
		goto free_argv;
	}
	if (e == RL_ERR_OK && (r->result.term_signal == SIGSEGV || r->result.term_signal == SIGBUS) &&
	    !r->result.timed_out && tsan_binary_uses_openmp(r->binary))
		e = diagnose_omp_crash(r, argv, d);
free_argv:
	free(argv);
free_launch:
	free(l);
	return e;
}

const struct detector_ops tsan_detector = {
	.name = "tsan",
	.tool = TOOL(TSAN),
	.toolchain = TOOLCHAIN_CC,
	.variant = VARIANT_TSAN,
	.reports_when_capped = true,
	.runs = 1,
	/*
	 * TSan sees a race only on the paths its run takes: after its plain run, runs with the
	 * perturbation shim on (run/perturb.h) make the rare ones (a failed trylock, a timed-out
	 * wait) happen. They stop once the check fails, so a race found at once costs nothing.
	 */
	.search_runs = 3,
	.start_rank = 3,
	.available = tsan_available,
	.verify = tsan_verify,
	.run = tsan_run,
};
