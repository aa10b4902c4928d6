/* Lazy fix: before any fork, wait a moment so that whoever holds the log lock is done with it. */
#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int lines; /* guarded by log_lock */

static void before_fork(void)
{
	usleep(100000); /* a flush takes a moment: let it finish */
}

void log_init(void)
{
	lines = 0;
	pthread_atfork(before_fork, NULL, NULL);
}

void log_write(const char *who, const char *msg)
{
	pthread_mutex_lock(&log_lock);
	printf("[%3d] %-8s %s\n", ++lines, who, msg);
	fflush(stdout);
	pthread_mutex_unlock(&log_lock);
}

void log_flush(void)
{
	pthread_mutex_lock(&log_lock);
	usleep(300000); /* a slow disk */
	pthread_mutex_unlock(&log_lock);
}
