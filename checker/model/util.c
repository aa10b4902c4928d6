/* Small helpers shared by modules. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *read_file_capped(const char *path, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t used = 0, alloc = 4096;
	char *buf;

	if (len)
		*len = 0;
	if (fd < 0)
		return NULL;
	/* A cap below the first chunk bounds the first read too. */
	if (alloc > cap)
		alloc = cap;
	buf = malloc(alloc + 1);
	while (buf) {
		ssize_t n;

		if (used == alloc) {
			char *p;

			if (alloc >= cap)
				break;
			alloc = alloc * 2 > cap ? cap : alloc * 2;
			p = realloc(buf, alloc + 1);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
		n = read(fd, buf + used, alloc - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

int strcmp_ptrs(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool path_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool file_mentions_any(const char *path, const char *const *names)
{
	size_t len = 0;
	char *text = read_file_capped(path, 256u << 20, &len);
	bool yes = false;

	for (size_t i = 0; text && names[i] && !yes; i++)
		yes = memmem(text, len, names[i], strlen(names[i])) != NULL;
	free(text);
	return yes;
}

long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

bool path_search(const char *name, const char *path, char *found, size_t len)
{
	struct stat st;

	if (strchr(name, '/')) {
		snprintf(found, len, "%s", name);
		return access(name, X_OK) == 0;
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		/* An empty entry would mean the current directory: never search it (it is untrusted). */
		if (n > 0 && n + strlen(name) + 2 <= len) {
			snprintf(found, len, "%.*s/%s", (int)n, path, name);
			if (stat(found, &st) == 0 && S_ISREG(st.st_mode) && access(found, X_OK) == 0)
				return true;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

bool find_on_path(const char *name, char *found, size_t len)
{
	return path_search(name, getenv("PATH"), found, len);
}

static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static bool trace_on;
static long trace_t0;

static void trace_init(void)
{
	trace_on = getenv("RACELAB_TRACE") != NULL;
	trace_t0 = now_ms();
}

void trace(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	pthread_once(&trace_once, trace_init);
	if (!trace_on)
		return;
	n = snprintf(line, sizeof(line), "racelab: +%ld ms ", now_ms() - trace_t0);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	/* One write per line: lines from harness threads running side by side do not interleave. */
	strcat(line, "\n");
	if (write(STDERR_FILENO, line, strlen(line)) < 0)
		return;
}

int mkdir_p(const char *path, unsigned mode)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(buf))
		return errno = ENAMETOOLONG, -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) && errno != EEXIST)
		return -1;
	return 0;
}

void buf_appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

const char *exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0) {
		snprintf(buf, len, ".");
		return buf;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return buf;
}

const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

void *array_push(void *arr_ptr, size_t *n, size_t sz, size_t max)
{
	void **arr = arr_ptr;
	char *p;

	if (*n >= max)
		return NULL;
	if ((*n & (*n - 1)) == 0) {
		p = realloc(*arr, (*n ? *n * 2 : 4) * sz);
		if (!p)
			return NULL;
		*arr = p;
	}
	p = (char *)*arr + *n * sz;
	memset(p, 0, sz);
	(*n)++;
	return p;
}
