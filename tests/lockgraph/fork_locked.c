/*
 * main forks while the flusher thread holds the log lock. The child inherits the lock locked with
 * no thread to unlock it: taking it blocks the child for ever (a deadlock), and the parent waits
 * for the child. NO_TOUCH: the child never takes it (only the potential, a warning). ATFORK: the
 * fix, atfork handlers take the lock around fork(), so no other thread holds it then.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held;

static void *flusher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_lock); /* LINE holder-locks */
	pthread_barrier_wait(&held);
	usleep(300 * 1000);
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

#ifdef ATFORK
static void take(void)
{
	pthread_mutex_lock(&log_lock);
}

static void give(void)
{
	pthread_mutex_unlock(&log_lock);
}
#endif

int main(void)
{
	pthread_t t;
	pid_t pid;

#ifdef ATFORK
	pthread_atfork(take, give, give);
#endif
	pthread_barrier_init(&held, NULL, 2);
	pthread_create(&t, NULL, flusher, NULL);
	pthread_barrier_wait(&held);
	pid = fork(); /* LINE fork-site */
	if (pid == 0) {
#ifndef NO_TOUCH
		pthread_mutex_lock(&log_lock);
		pthread_mutex_unlock(&log_lock);
#endif
		_exit(0);
	}
	pthread_join(t, NULL);
	waitpid(pid, NULL, 0); /* LINE parent-waits */
	puts("done");
	return 0;
}
