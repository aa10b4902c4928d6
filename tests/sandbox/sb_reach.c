/*
 * Reaches beyond its workspace, as a hostile student program would: each argument after the token
 * is one attempt, and one line per attempt says whether it worked ("ok") or how it failed.
 *
 *   write:PATH    create PATH and write the token into it
 *   read:PATH     read PATH (its first bytes are printed: a leak shows in the output)
 *   walk:MARKER   walk the whole filesystem (not /proc, /sys, /dev, /usr but /usr/local), then
 *                 its cwd; print every file that holds MARKER or is a solution's WHY.md
 *   plant:DIR     write into work/ of every racelab.* workspace in DIR, and replace their .c
 *   list:DIR      list DIR (its names are printed: a leak shows in the output)
 *   mount         mount a tmpfs over /tmp
 *   setuid        setuid(0)
 *   ptrace:PID    attach to PID (a sibling run's process, as the grader saw it)
 *   ptracechild   attach to a child of its own
 *   userns        unshare a new user namespace (the way to regain capabilities)
 *
 * It always exits 0 and writes ./proof: the run got its verdict and its workspace was writable.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *token;
static long files_seen;
static time_t walk_end;

static void result(const char *what, const char *arg, int ok)
{
	if (ok)
		printf("%s %s ok\n", what, arg);
	else
		printf("%s %s %s\n", what, arg,
		       strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	fflush(stdout);
}

static int write_to(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	int ok;

	if (fd < 0)
		return 0;
	ok = write(fd, token, strlen(token)) == (ssize_t)strlen(token);
	close(fd);
	return ok;
}

static void do_read(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		result("read", path, 0);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("read %s ok %s\n", path, buf);
	fflush(stdout);
}

static int holds(const char *path, const char *marker)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return memmem(buf, (size_t)n, marker, strlen(marker)) != NULL;
}

static void walk(const char *dir, const char *marker, int depth)
{
	DIR *d;
	struct dirent *e;

	if (depth > 12 || time(NULL) > walk_end || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		size_t l = strlen(e->d_name);

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name);
		/* The system's own files (all but /usr/local) would take the whole time limit. */
		if (!strcmp(path, "/proc") || !strcmp(path, "/sys") || !strcmp(path, "/dev") ||
		    !strcmp(path, "/usr") || lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path, marker, depth + 1);
		} else if (S_ISREG(st.st_mode) && st.st_size < (1 << 20)) {
			files_seen++;
			if ((l == 6 && !strcmp(e->d_name, "WHY.md")) || holds(path, marker))
				printf("found %s\n", path);
		}
	}
	closedir(d);
}

static void plant(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int tried = 0;

	while (d && (e = readdir(d))) {
		char path[4096];
		DIR *w;
		struct dirent *f;

		if (strncmp(e->d_name, "racelab.", 8) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/work/planted", dir, e->d_name);
		result("plant", path, write_to(path));
		tried++;
		snprintf(path, sizeof(path), "%s/%s/work", dir, e->d_name);
		w = opendir(path);
		while (w && (f = readdir(w))) {
			size_t l = strlen(f->d_name);
			char victim[4096];

			if (l < 3 || strcmp(f->d_name + l - 2, ".c"))
				continue;
			snprintf(victim, sizeof(victim), "%s/%s", path, f->d_name);
			result("replace", victim, write_to(victim));
		}
		if (w)
			closedir(w);
	}
	if (d)
		closedir(d);
	printf("plant-tried %d\n", tried);
}

static void do_ptrace(const char *what, pid_t pid)
{
	char arg[32];
	int ok = ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0;

	snprintf(arg, sizeof(arg), "%d", (int)pid);
	result(what, arg, ok);
	if (ok)
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
}

int main(int argc, char **argv)
{
	token = argc > 1 ? argv[1] : "none";
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *colon = strchr(a, ':'), *v = colon ? colon + 1 : "";

		if (!strncmp(a, "write:", 6)) {
			result("write", v, write_to(v));
		} else if (!strncmp(a, "read:", 5)) {
			do_read(v);
		} else if (!strncmp(a, "walk:", 5)) {
			walk_end = time(NULL) + 20;
			walk("/", v, 0);
			walk("/usr/local", v, 0);
			walk(".", v, 0);
			printf("walked %ld\n", files_seen);
		} else if (!strncmp(a, "list:", 5)) {
			DIR *d = opendir(v);
			struct dirent *e;

			result("list", v, d != NULL);
			while (d && (e = readdir(d)))
				printf("entry %s\n", e->d_name);
			if (d)
				closedir(d);
		} else if (!strncmp(a, "plant:", 6)) {
			plant(v);
		} else if (!strcmp(a, "mount")) {
			result("mount", "/tmp", mount("none", "/tmp", "tmpfs", 0, NULL) == 0);
		} else if (!strcmp(a, "setuid")) {
			result("setuid", "0", setuid(0) == 0);
		} else if (!strncmp(a, "ptrace:", 7)) {
			do_ptrace("ptrace", (pid_t)atoi(v));
		} else if (!strcmp(a, "ptracechild")) {
			pid_t c = fork();

			if (c == 0) {
				sleep(5);
				_exit(0);
			}
			if (ptrace(PTRACE_ATTACH, c, NULL, NULL) == 0) {
				result("ptracechild", "-", 1);
				ptrace(PTRACE_DETACH, c, NULL, NULL);
			} else {
				result("ptracechild", "-", 0);
			}
			kill(c, SIGKILL);
			waitpid(c, NULL, 0);
		} else if (!strcmp(a, "userns")) {
			result("userns", "-", unshare(CLONE_NEWUSER) == 0);
		}
		fflush(stdout);
	}
	result("proof", "./proof", write_to("proof"));
	return 0;
}
