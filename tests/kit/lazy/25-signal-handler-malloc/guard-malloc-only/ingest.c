/*
 * An ingest daemon: it reads records into a ring of recent ones (each on the heap) and, like
 * `dd`, prints a status report when it receives SIGUSR1. A monitoring agent asks for a report
 * every millisecond; here the agent is a thread of the program itself.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RING 64            /* records kept in memory */
#define REQUESTS 100       /* status requests the agent sends, one per millisecond */
#define REPORT_BYTES 4096  /* one status report */

static char *ring[RING];
static atomic_long records;   /* records ingested so far */
static atomic_long reports;   /* status reports printed */
static atomic_int stop;       /* the agent says: enough */
static atomic_int finished;   /* the main loop has ended */
static volatile sig_atomic_t in_read, status_requested;

/* The status report: a few lines about the ring, formatted into a heap buffer and printed. */
static void print_status(void)
{
	char *report = malloc(REPORT_BYTES);
	size_t used = 0, bytes = 0;
	long n = atomic_load(&records);

	if (!report)
		return;
	for (int i = 0; i < RING; i++)
		if (ring[i])
			bytes += strlen(ring[i]) + 1;
	used += snprintf(report + used, REPORT_BYTES - used, "status: %ld records in,", n);
	snprintf(report + used, REPORT_BYTES - used, " %zu bytes held\n", bytes);
	fputs(report, stdout);
	fflush(stdout); /* a status line should show up now, not when the buffer fills */
	free(report);
	atomic_fetch_add(&reports, 1);
}

static void on_sigusr1(int sig)
{
	(void)sig;
	/* Inside read_record() the heap is busy: answer later. Otherwise answer at once. */
	if (in_read) {
		status_requested = 1;
		return;
	}
	print_status();
}

/* One record: a line of up to a few KiB, as read from the network. */
static char *read_record(long i)
{
	size_t len = 1100 + (size_t)(i % 7) * 300;
	char *rec = malloc(len + 1);

	if (!rec)
		return NULL;
	memset(rec, 'a' + (int)(i % 26), len);
	rec[len] = '\0';
	return rec;
}

/* The monitoring agent: asks for a report every millisecond, then waits for the loop to end. */
static void *agent(void *arg)
{
	pthread_t daemon = *(pthread_t *)arg;
	struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < REQUESTS; i++) {
		pthread_kill(daemon, SIGUSR1);
		nanosleep(&ms, NULL);
	}
	atomic_store(&stop, 1);
	for (int waited = 0; waited < 500 && !atomic_load(&finished); waited++)
		nanosleep(&ms, NULL);
	if (!atomic_load(&finished)) {
		/* write(), not printf(): the stuck thread may hold stdout's lock. */
		char line[300];
		int len = snprintf(line, sizeof(line),
				   "FAIL: the daemon froze at record %ld for half a second: its SIGUSR1 "
				   "handler is stuck, waiting for a lock the code it interrupted "
				   "already holds\n",
				   atomic_load(&records));

		write(STDOUT_FILENO, line, (size_t)len);
		_exit(1);
	}
	return NULL;
}

int main(void)
{
	pthread_t self = pthread_self(), agent_thread;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	printf("ingest: running, send SIGUSR1 for a status report\n");
	fflush(stdout);

	pthread_create(&agent_thread, NULL, agent, &self);
	for (long i = 0; !atomic_load(&stop); i++) {
		char *rec;

		in_read = 1;
		rec = read_record(i);
		in_read = 0;
		if (status_requested) {
			status_requested = 0;
			print_status();
		}
		free(ring[i % RING]);
		ring[i % RING] = rec;
		atomic_store(&records, i + 1);
	}
	atomic_store(&finished, 1);
	pthread_join(agent_thread, NULL);

	for (int i = 0; i < RING; i++)
		free(ring[i]);
	printf("ingested %ld records, answered %ld of %d status requests\n",
	       atomic_load(&records), atomic_load(&reports), REQUESTS);
	if (atomic_load(&reports) == 0) {
		printf("FAIL: nobody answered the status requests\n");
		return 1;
	}
	return 0;
}
