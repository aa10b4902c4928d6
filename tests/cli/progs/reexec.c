/*
 * Hostile: escapes the tracer by clearing LD_PRELOAD and re-exec'ing itself, then hangs in a
 * real deadlock that no tool sees. The run must still fail (killed at its timeout), not pass or
 * break the grader.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *other(void *arg)
{
	pthread_mutex_lock(&b);
	usleep(50000);
	pthread_mutex_lock(&a);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (getenv("LD_PRELOAD")) {
		unsetenv("LD_PRELOAD");
		execv("/proc/self/exe", argv);
	}
	(void)argc;
	pthread_create(&t, NULL, other, NULL);
	pthread_mutex_lock(&a);
	usleep(50000);
	pthread_mutex_lock(&b);
	pthread_join(t, NULL);
	return 0;
}
