/*
 * racelab watch: rustlings-style, re-check the current exercise every time one of its files
 * changes, with keys: h the next hint, n the next exercise, l the list, q quit.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "model/hints.h"
#include "report/report.h"
#include "state.h"

#define POLL_MS 400

static volatile sig_atomic_t stop;

/* ---- the terminal: raw while watching, as it was on every way out ---- */

static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;

/* tcsetattr is async-signal-safe, so the signal handlers may call this. */
static void tty_restore(void)
{
	if (tty_raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		tty_raw = 0;
	}
}

/*
 * Keys arrive one by one, unechoed, without Enter. ISIG stays on: Ctrl-C and Ctrl-Z keep working
 * and land in the handlers below, which put the terminal back first.
 */
static bool tty_enter_raw(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return false;
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) != 0)
		return false;
	tty_raw = 1;
	return true;
}

static void on_signal(int sig)
{
	(void)sig;
	tty_restore();
	stop = 1;
}

/* Ctrl-Z: the shell gets its terminal back as it was; on fg, raw again. */
static void on_tstp(int sig)
{
	int saved_errno = errno;

	(void)sig;
	tty_restore();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	errno = saved_errno;
}

static void on_cont(int sig)
{
	struct sigaction sa;
	struct termios t = saved_tty;

	(void)sig;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		tty_raw = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
}

static void install_signals(bool keys)
{
	static const int quit_on[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < sizeof(quit_on) / sizeof(quit_on[0]); i++)
		sigaction(quit_on[i], &sa, NULL);
	if (!keys)
		return;
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
}

/* ---- the exercise ---- */

/* A fingerprint of the exercise's files: the newest mtime and the total size. */
static long long fingerprint(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	long long fp = 0;

	while (dp && (de = readdir(dp))) {
		char path[PATH_MAX];
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) == 0)
			fp += (long long)sb.st_mtim.tv_sec * 1000003LL + sb.st_mtim.tv_nsec / 1000 +
			      sb.st_size;
	}
	if (dp)
		closedir(dp);
	return fp;
}

/* The first exercise not yet passing, in course order. */
static const struct manifest *current(const struct course *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		char buf[32];
		const char *v = state_verdict(c->root, c->items[i].slug, buf, sizeof(buf));

		if (!v || strcmp(v, "pass"))
			return &c->items[i];
	}
	return NULL;
}

static void key_help(bool keys)
{
	if (keys)
		puts("keys: h hint · n next exercise · l list · q quit");
	else
		puts("(standard input is not a terminal: no keys; Ctrl-C stops)");
	fflush(stdout);
}

static enum verdict check_once(const struct course *c, const struct manifest *m, bool keys)
{
	struct check_opts co = CHECK_OPTS_INIT;
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct result_set set = RESULT_SET_INIT;
	struct report_opts ro = { .color = cli_use_color(stdout), .quote_source = true,
				  .suite = "racelab", .repeat_cmd = cli_repeat_check };
	struct diag d = DIAG_INIT;
	enum verdict v;

	co.root = c->root;
	co.support_dir = cli_support_dir();
	if (isatty(fileno(stdout)))
		fputs("\033[2J\033[H", stdout);
	printf("racelab watch: checking %s\n\n", m->slug);
	fflush(stdout);
	pipeline_check(m, &co, &r, &d);
	report_text_result(stdout, &r, &ro);
	v = r.verdict;
	if (v == VERDICT_ERROR && d.msg[0])
		printf("racelab: %s\n", d.msg);
	if (result_set_add(&set, &r) == RL_ERR_OK)
		state_save_verdicts(c->root, &set, &d);
	else
		exercise_result_release(&r);
	result_set_release(&set);
	if (v != VERDICT_PASS)
		printf("\nEdit %s and save%s.\n", m->editable[0],
		       keys ? "; h shows a hint" : "; `racelab hint` helps");
	putchar('\n');
	cli_print_progress(stdout, c, cli_use_color(stdout));
	key_help(keys);
	return v;
}

static void show_hint(const struct course *c, const struct manifest *m)
{
	struct hints h = HINTS_INIT;
	struct diag d = DIAG_INIT;
	int shown;

	if (hints_load(m->dir, &h, &d) != RL_ERR_OK || !h.nr) {
		printf("\n%s has no hints; its README.md explains the concept.\n", m->slug);
		hints_release(&h);
		return;
	}
	shown = state_hints_shown(c->root, m->slug);
	if (shown >= h.nr) {
		printf("\nNo more hints for %s: all %d shown.\n", m->slug, h.nr);
	} else {
		state_set_hints_shown(c->root, m->slug, shown + 1, &d);
		printf("\nHint %d/%d for %s:\n  %s\n", shown + 1, h.nr, m->slug, h.items[shown]);
		if (shown + 1 == h.nr && h.reading)
			printf("\nFurther reading:\n  %s\n", h.reading);
	}
	hints_release(&h);
}

enum wake { WAKE_SAVED, WAKE_NEXT, WAKE_QUIT };

/* Waits for a save of m's files or a key that moves on; h and l are answered here. */
static enum wake wait_for(const struct course *c, const struct manifest *m, long long fp, bool keys)
{
	while (!stop) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		char key;

		if (fingerprint(m->dir) != fp)
			return WAKE_SAVED;
		if (!keys) {
			struct timespec ts = { 0, POLL_MS * 1000000L };

			nanosleep(&ts, NULL);
			continue;
		}
		if (poll(&pfd, 1, POLL_MS) <= 0)
			continue;
		if (read(STDIN_FILENO, &key, 1) != 1)
			return WAKE_QUIT; /* the terminal went away */
		switch (key) {
		case 'h':
			show_hint(c, m);
			break;
		case 'n':
			return WAKE_NEXT;
		case 'l':
			putchar('\n');
			cli_print_course(stdout, c, cli_use_color(stdout));
			break;
		case 'q':
			return WAKE_QUIT;
		default:
			key_help(true);
			continue;
		}
		fflush(stdout);
	}
	return WAKE_QUIT;
}

int cmd_watch(int argc, char **argv)
{
	struct course c = COURSE_INIT;
	const struct manifest *m = NULL;
	bool keys;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: racelab watch [EXERCISE]\n\nChecks the exercise (default: the first "
		       "one not yet passing) and checks it again each time one of its files is "
		       "saved; moves on to the next when it passes.\n\nKeys (when standard input is "
		       "a terminal): h the next hint, n the next exercise, l the list of exercises, "
		       "q quit.\n");
		return 0;
	}
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	if (argc > 1) {
		struct diag d = DIAG_INIT;

		m = course_find(&c, argv[1], &d);
		if (!m) {
			rc = cli_error(&d);
			course_release(&c);
			return rc;
		}
	} else {
		m = current(&c);
	}
	keys = tty_enter_raw();
	if (keys)
		atexit(tty_restore);
	install_signals(keys);
	while (m && !stop) {
		long long fp = fingerprint(m->dir);
		enum wake w;

		if (check_once(&c, m, keys) == VERDICT_PASS) {
			m = current(&c);
			if (!m)
				break;
			printf("\n✓ Fixed! Next up: %s. Save any of its files to start%s.\n", m->slug,
			       keys ? ", or press n" : "");
			fflush(stdout);
			fp = fingerprint(m->dir);
		}
		w = wait_for(&c, m, fp, keys);
		if (w == WAKE_QUIT)
			break;
		if (w == WAKE_NEXT) {
			size_t i = (size_t)(m - c.items);

			if (i + 1 < c.nr) {
				m = &c.items[i + 1];
			} else {
				printf("\n%s is the last exercise.\n", m->slug);
				fflush(stdout);
			}
		}
	}
	tty_restore();
	if (!m)
		printf("\nEvery exercise passes. Well done!\n");
	course_release(&c);
	return 0;
}
