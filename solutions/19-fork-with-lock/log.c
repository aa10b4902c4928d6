/* The logger: one lock around the line buffer and the "disk". */
#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int lines; /* guarded by log_lock */

/*
 * fork() copies the whole address space, this lock included, but only the thread that called
 * fork(). If another thread held log_lock at that moment, the child's copy is locked forever:
 * its owner does not exist in the child. These handlers make fork() take the lock first, so the
 * copy is always taken in a consistent, unlocked state.
 */
static void before_fork(void)
{
	pthread_mutex_lock(&log_lock); /* waits for any flush or write in progress */
}

static void after_fork(void)
{
	/* Both in the parent and in the child, the forking thread holds the lock: release it. */
	pthread_mutex_unlock(&log_lock);
}

void log_init(void)
{
	lines = 0;
	pthread_atfork(before_fork, after_fork, after_fork);
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
