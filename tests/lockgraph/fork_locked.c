/*
 * main forks while the flusher thread holds the log lock. The child inherits the lock locked with
 * no thread to unlock it: taking it blocks the child for ever (a deadlock), and the parent waits
 * for the child. NO_TOUCH: the child never takes it (only the potential, a warning). ATFORK: the
 * fix, atfork handlers take the lock around fork(), so no other thread holds it then.
 * UNSEEN: the flusher takes the log lock inside 16 others, so the tracer's held stack
 * (LG_MAX_HELD) has no room for it and its fork-time scan cannot see it, as it cannot see a lock
 * taken during the scan's blind moments (just before the real fork(), or just after a real lock):
 * the deadlock is then found from the child's copy of the mutex when the child blocks on it.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held;
#ifdef UNSEEN
static pthread_mutex_t others[16];
#endif

static void *flusher(void *arg)
{
	(void)arg;
#ifdef UNSEEN
	for (int i = 0; i < 16; i++)
		pthread_mutex_lock(&others[i]);
#endif
	pthread_mutex_lock(&log_lock); /* LINE holder-locks */
	pthread_barrier_wait(&held);
	usleep(300 * 1000);
	pthread_mutex_unlock(&log_lock);
#ifdef UNSEEN
	for (int i = 15; i >= 0; i--)
		pthread_mutex_unlock(&others[i]);
#endif
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
#ifdef UNSEEN
	for (int i = 0; i < 16; i++)
		pthread_mutex_init(&others[i], NULL);
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
