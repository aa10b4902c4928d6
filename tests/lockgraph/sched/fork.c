/* fork under control: the child (untraced) uses the locks it inherited; the parent's threads go on. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *bump(void *x)
{
	(void)x;
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&m);
		counter++;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	int st = 0;
	pid_t pid;

	pthread_create(&t, NULL, bump, NULL);
	pthread_mutex_lock(&m);
	pid = fork();
	if (pid == 0) {
		counter += 1000; /* the child's own copy, its lock held by its only thread */
		pthread_mutex_unlock(&m);
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		_exit(counter >= 1000 ? 0 : 1);
	}
	pthread_mutex_unlock(&m);
	waitpid(pid, &st, 0);
	pthread_join(t, NULL);
	printf("counter %d child %d\n", counter, WEXITSTATUS(st));
	return counter == 100 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
