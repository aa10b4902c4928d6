/* A pids cgroup per run: the only process-count limit that holds for root, and a final sweep. */
/*
 * Why: RLIMIT_NPROC is counted per real uid and root ignores it entirely, so as root (CI, this
 * machine) only a cgroup's pids.max bounds a fork bomb. The cgroup also lists every process the
 * run created, wherever it re-parented or whatever session it escaped to, so destroying it kills
 * what the other layers missed. Everything here is best effort: no cgroup, no error, the caller
 * simply does not get SPAWN_LAYER_CGROUP. Runs in the grader only (ordinary code, not after fork).
 */
#include "spawn_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static atomic_uint cgroup_seq;

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static bool file_has_word(const char *path, const char *word)
{
	char buf[512];
	FILE *f = fopen(path, "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fscanf(f, "%511s", buf) == 1)
		found = strcmp(buf, word) == 0;
	fclose(f);
	return found;
}

/* Finds the directory of our own pids cgroup: cgroup v1's pids hierarchy, else v2's. */
static bool find_base(char *base, size_t len)
{
	char line[512];
	char v1[256] = "", v2[256] = "";
	FILE *f = fopen("/proc/self/cgroup", "re");
	struct stat st;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *path;

		if (!ctl || !(path = strchr(ctl + 1, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (strcmp(ctl + 1, "pids") == 0 || strstr(ctl + 1, ",pids") || strstr(ctl + 1, "pids,"))
			snprintf(v1, sizeof(v1), "%s", path);
		else if (strcmp(line, "0") == 0 && ctl[1] == '\0')
			snprintf(v2, sizeof(v2), "%s", path);
	}
	fclose(f);
	if (v1[0] && stat("/sys/fs/cgroup/pids/cgroup.procs", &st) == 0) {
		snprintf(base, len, "/sys/fs/cgroup/pids%s", strcmp(v1, "/") ? v1 : "");
		return true;
	}
	if (v2[0] && stat("/sys/fs/cgroup/cgroup.controllers", &st) == 0) {
		char ctl_path[512];

		snprintf(base, len, "/sys/fs/cgroup%s", strcmp(v2, "/") ? v2 : "");
		snprintf(ctl_path, sizeof(ctl_path), "%s/cgroup.subtree_control", base);
		/* Only works where we may delegate (the root cgroup, or a delegated subtree). */
		if (!file_has_word(ctl_path, "pids"))
			write_text(ctl_path, "+pids");
		return file_has_word(ctl_path, "pids");
	}
	return false;
}

/*
 * A grader killed mid-run leaves its cgroup behind (the processes in it died with the keeper;
 * an empty directory is all that is left). Each new cgroup first removes those of graders that
 * no longer exist (one readdir; rmdir() refuses any still in use).
 */
static void remove_stale(const char *base)
{
	DIR *dir = opendir(base);
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		int pid;
		unsigned seq;
		struct spawn_cgroup old;

		if (sscanf(e->d_name, "racelab-%d-%u", &pid, &seq) != 2 || pid <= 0 ||
		    (kill(pid, 0) == 0 || errno != ESRCH))
			continue;
		if (snprintf(old.path, sizeof(old.path), "%s/%s", base, e->d_name) >=
		    (int)sizeof(old.path))
			continue;
		snprintf(old.procs, sizeof(old.procs), "%s/cgroup.procs", old.path);
		spawn_cgroup_destroy(&old);
	}
	closedir(dir);
}

void spawn_cgroup_create(struct spawn_cgroup *cg, unsigned long pids_max)
{
	char base[256], file[352], val[32];
	int n;

	cg->path[0] = cg->procs[0] = '\0';
	if (!find_base(base, sizeof(base)))
		return;
	remove_stale(base);
	n = snprintf(cg->path, sizeof(cg->path), "%s/racelab-%d-%u", base, (int)getpid(),
		     atomic_fetch_add(&cgroup_seq, 1));
	if (n < 0 || (size_t)n >= sizeof(cg->path) || mkdir(cg->path, 0755) < 0) {
		cg->path[0] = '\0';
		return;
	}
	snprintf(file, sizeof(file), "%s/pids.max", cg->path);
	if (pids_max)
		snprintf(val, sizeof(val), "%lu", pids_max);
	else
		snprintf(val, sizeof(val), "max");
	if (write_text(file, val) < 0) {
		rmdir(cg->path);
		cg->path[0] = '\0';
		return;
	}
	snprintf(cg->procs, sizeof(cg->procs), "%s/cgroup.procs", cg->path);
}

/* Sends SIGKILL to everything listed in cgroup.procs; returns how many pids were listed. */
static int kill_members(const struct spawn_cgroup *cg)
{
	FILE *f = fopen(cg->procs, "re");
	pid_t self = getpid();
	long pid;
	int n = 0;

	if (!f)
		return 0;
	while (fscanf(f, "%ld", &pid) == 1) {
		/* We never join the cgroup (the keeper does), but never risk killing ourselves. */
		if (pid > 1 && pid != self) {
			kill((pid_t)pid, SIGKILL);
			n++;
		}
	}
	fclose(f);
	return n;
}

int spawn_cgroup_destroy(struct spawn_cgroup *cg)
{
	struct timespec ms = { 0, 1000000L };
	char kill_file[352];
	int killed = 0, i;

	if (!cg->path[0])
		return 0;
	/* cgroup v2 (Linux 5.14+) kills the whole cgroup atomically; v1 needs the list. */
	snprintf(kill_file, sizeof(kill_file), "%s/cgroup.kill", cg->path);
	write_text(kill_file, "1");
	for (i = 0; i < 2000; i++) {
		int n = kill_members(cg);

		killed += n;
		/* EBUSY: members still exiting. Anything else will not change by waiting. */
		if (rmdir(cg->path) == 0 || errno != EBUSY)
			break;
		nanosleep(&ms, NULL);
	}
	cg->path[0] = cg->procs[0] = '\0';
	return killed;
}
