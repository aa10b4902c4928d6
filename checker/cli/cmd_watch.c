/* racelab watch: rustlings-style, re-check the current exercise every time one of its files changes. */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "check/pipeline.h"
#include "report/report.h"
#include "state.h"

#define POLL_MS 400

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

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

static enum verdict check_once(const struct course *c, const struct manifest *m)
{
	struct check_opts co = CHECK_OPTS_INIT;
	struct exercise_result r = EXERCISE_RESULT_INIT;
	struct result_set set = RESULT_SET_INIT;
	struct report_opts ro = { cli_use_color(stdout), true, "racelab", cli_repeat_check };
	struct diag d = DIAG_INIT;
	enum verdict v;

	co.root = c->root;
	co.support_dir = cli_support_dir();
	if (isatty(fileno(stdout)))
		fputs("\033[2J\033[H", stdout);
	printf("racelab watch: checking %s (Ctrl-C to stop)\n\n", m->slug);
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
		printf("\nEdit %s and save; `racelab hint %s` helps.\n", m->editable[0], m->slug);
	fflush(stdout);
	return v;
}

int cmd_watch(int argc, char **argv)
{
	struct course c = COURSE_INIT;
	const struct manifest *m = NULL;
	struct sigaction sa;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: racelab watch [EXERCISE]\n\nChecks the exercise (default: the first "
		       "one not yet passing) and checks it again each time one of its files is "
		       "saved; moves on to the next when it passes.\n");
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
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (m && !stop) {
		long long fp = fingerprint(m->dir);

		if (check_once(&c, m) == VERDICT_PASS) {
			m = current(&c);
			if (m)
				printf("\n✓ Fixed! Next up: %s. Save any file to start.\n", m->slug);
			else
				break;
			fp = fingerprint(m->dir);
		}
		while (!stop && fingerprint(m->dir) == fp) {
			struct timespec ts = { 0, POLL_MS * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	if (!m)
		printf("\nEvery exercise passes. Well done!\n");
	course_release(&c);
	return 0;
}
