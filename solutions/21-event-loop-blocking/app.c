/* The request handler: builds a usage report from the (slow) log archive, off the loop thread. */
#include "app.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static unsigned long report_checksum; /* loop-thread state */

/* One report job: written by the worker, read by the completion on the loop thread. */
struct job {
	pthread_t thread;
	unsigned long checksum;
	struct loop *loop;
};
static struct job job;

/* Reading the archive takes 250 ms: a synchronous disk read, like fs.readFileSync. */
static unsigned long build_report(void)
{
	unsigned long sum = 0;

	usleep(250000);
	for (unsigned long i = 1; i <= 1000; i++)
		sum += i * i;
	return sum;
}

/* Runs on the loop thread when the worker posts: the "callback" of the async call. */
static void on_report_built(struct loop *l, void *arg)
{
	struct job *j = arg;

	pthread_join(j->thread, NULL); /* already finished: returns at once */
	report_checksum = j->checksum;
	printf("app: report sent (checksum %lu)\n", report_checksum);
	loop_unref(l);
}

/* The worker: does the slow part, then hands the result back to the loop. */
static void *report_worker(void *arg)
{
	struct job *j = arg;

	j->checksum = build_report();
	loop_post(j->loop, on_report_built, j); /* the only loop call that is thread-safe */
	return NULL;
}

static void on_request(struct loop *l, void *arg)
{
	(void)arg;
	printf("app: request for the usage report\n");
	job.loop = l;
	loop_ref(l); /* keep the loop running until the report is back */
	if (pthread_create(&job.thread, NULL, report_worker, &job) != 0) {
		loop_unref(l);
		printf("app: cannot start a worker\n");
	}
	/* Return at once: the loop goes on running timers while the worker reads. */
}

void app_start(struct loop *l)
{
	loop_timer_start(l, 30, 0, on_request, NULL);
}

unsigned long app_report_checksum(void)
{
	return report_checksum;
}
