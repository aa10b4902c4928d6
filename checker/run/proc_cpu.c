/* The CPU time of a process tree from /proc: how spawn tells a busy run from a blocked one. */
#include "proc_cpu.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC_MAX 8192 /* processes looked at; a machine with more is read in part */

struct proc_row {
	pid_t pid, ppid;
	long ticks;
	bool in;
};

/* One /proc/PID/stat line: the fields after the command's last ')' (it may hold blanks). */
static bool read_row(const char *name, struct proc_row *row)
{
	char path[300], buf[1024], *p;
	unsigned long ut, st;
	long ppid;
	FILE *f;
	bool ok = false;

	snprintf(path, sizeof(path), "/proc/%s/stat", name);
	if (!(f = fopen(path, "re")))
		return false;
	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
	    sscanf(p + 1, " %*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ppid, &ut,
		   &st) == 3) {
		row->pid = (pid_t)atol(name);
		row->ppid = (pid_t)ppid;
		row->ticks = (long)(ut + st);
		ok = true;
	}
	fclose(f);
	return ok;
}

long proc_tree_cpu_ms(pid_t root)
{
	struct proc_row *rows = calloc(PROC_MAX, sizeof(*rows));
	DIR *proc = opendir("/proc");
	struct dirent *e;
	size_t n = 0;
	long ticks = 0, hz = sysconf(_SC_CLK_TCK);
	bool grew = true;

	if (!rows || !proc || hz <= 0) {
		free(rows);
		if (proc)
			closedir(proc);
		return -1;
	}
	while (n < PROC_MAX && (e = readdir(proc))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9' || !read_row(e->d_name, &rows[n]))
			continue;
		rows[n].in = rows[n].pid == root;
		n++;
	}
	closedir(proc);
	/* Marks the descendants, a generation per pass (a run's tree is a few levels deep). */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < n && !rows[i].in && rows[i].ppid > 0; k++)
				if (rows[k].in && rows[k].pid == rows[i].ppid)
					rows[i].in = grew = true;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].in)
			ticks += rows[i].ticks;
	free(rows);
	return ticks * 1000 / hz;
}

void proc_busy_end(struct spawn_result *r, pid_t root, long t0, long cpu0, long t)
{
	long cpu = t0 > 0 && cpu0 >= 0 && t > t0 ? proc_tree_cpu_ms(root) : -1;

	if (cpu < 0 || cpu < cpu0)
		return;
	r->busy_window_ms = t - t0;
	r->busy_cpu_ms = cpu - cpu0;
}
