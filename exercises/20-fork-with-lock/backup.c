/* A server with a background log flusher forks a child process to run a backup. */
#include "log.h"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* For the demo: lets main fork while a flush is in progress, as it would now and then in production. */
static sem_t flushing;

static void *flusher(void *arg)
{
	(void)arg;
	log_write("flusher", "flushing the log");
	sem_post(&flushing);
	log_flush();
	return NULL;
}

/* Reads the log file back: every line must be on disk exactly once. Returns a line seen twice. */
static const char *find_duplicate(FILE *disk)
{
	static char seen[64][128];
	static char line[128];
	int n = 0;

	rewind(disk);
	while (fgets(line, sizeof(line), disk)) {
		for (int i = 0; i < n; i++)
			if (strcmp(seen[i], line) == 0)
				return line;
		if (n < 64)
			strcpy(seen[n++], line);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	pid_t child;
	int status = -1;
	int killed = 0;
	FILE *disk = tmpfile(); /* the log file; parent and child share its offset after fork() */
	const char *dup;

	if (!disk)
		return 2;
	log_init(fileno(disk));
	sem_init(&flushing, 0, 0);
	log_write("main", "server up");
	pthread_create(&t, NULL, flusher, NULL);
	sem_wait(&flushing);
	usleep(50000); /* the flush is under way */

	child = fork();
	if (child < 0)
		return 2;
	if (child == 0) {
		/* The backup process: it logs, puts the line on disk, then runs the tool. */
		log_write("backup", "starting the backup tool");
		log_flush();
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}

	/* The parent gives the backup one second, then declares it stuck. */
	for (int ms = 0; ms < 1000; ms += 10) {
		if (waitpid(child, &status, WNOHANG) == child)
			break;
		usleep(10000);
	}
	if (status == -1) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		killed = 1;
	}
	pthread_join(t, NULL);
	if (killed) {
		log_write("main", "FAIL: the backup process hung on the log lock and was killed");
		return 1;
	}
	if (status != 0) {
		log_write("main", "FAIL: the backup tool failed");
		return 1;
	}
	log_flush();
	dup = find_duplicate(disk);
	if (dup) {
		printf("the log file holds this line twice: %s", dup);
		printf("FAIL: the child wrote lines to the log file that the parent's flush, cut "
		       "off by fork(), had written already\n");
		return 1;
	}
	log_write("main", "backup finished");
	return 0;
}
