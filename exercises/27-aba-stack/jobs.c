/*
 * A job runner: workers share a lock-free stack of jobs (newest first, still warm in the cache).
 * A worker pops a job, runs it and submits its follow-up: each of the CHAINS chains is a sequence
 * of steps that must run in order, each exactly once. Job records are recycled: a finished job
 * goes back to a free list (the same kind of stack) and the next job reuses it, so the runner
 * never calls malloc() once it is warm. The run lasts RUN_MS milliseconds.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stack.h"

#define WORKERS 8
#define CHAINS 8
#define RUN_MS 300

struct job {
	struct node node; /* first member: a struct node * is a struct job * */
	int chain;
	long step;
};

static struct stack queue = STACK_INIT;     /* jobs to run */
static struct stack free_jobs = STACK_INIT; /* job records to reuse */
static atomic_int stop;
/* Bookkeeping for the check, relaxed: it must not add any ordering the stack lacks. */
static atomic_long next_step[CHAINS]; /* the step each chain must run next */
static atomic_long jobs_run, out_of_order;

static struct job *job_new(int chain, long step)
{
	struct job *j = (struct job *)stack_pop(&free_jobs);

	if (!j && !(j = malloc(sizeof(*j))))
		abort();
	j->chain = chain;
	j->step = step;
	return j;
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		struct job *j = (struct job *)stack_pop(&queue);
		long expected;

		if (!j)
			continue;
		/* Run the job: it must be the step its chain is waiting for. */
		expected = atomic_exchange_explicit(&next_step[j->chain], j->step + 1,
						    memory_order_relaxed);
		if (expected != j->step &&
		    atomic_fetch_add_explicit(&out_of_order, 1, memory_order_relaxed) < 3)
			printf("%*sworker %d: chain %d ran step %ld, expected step %ld\n", me * 2,
			       "", me, j->chain, j->step, expected);
		atomic_fetch_add_explicit(&jobs_run, 1, memory_order_relaxed);
		stack_push(&queue, &job_new(j->chain, j->step + 1)->node);
		stack_push(&free_jobs, &j->node);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[WORKERS];
	struct timespec run = { RUN_MS / 1000, RUN_MS % 1000 * 1000000L };
	int queued = 0;

	for (int c = 0; c < CHAINS; c++)
		stack_push(&queue, &job_new(c, 0)->node);
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	nanosleep(&run, NULL);
	atomic_store(&stop, 1);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);

	/* Every chain has exactly one job left, waiting in the queue. */
	for (struct node *n; (n = stack_pop(&queue)) && queued <= CHAINS; queued++)
		;
	printf("ran %ld jobs; %ld out of order; %d of %d chains still queued\n",
	       atomic_load(&jobs_run), atomic_load(&out_of_order), queued, CHAINS);
	if (atomic_load(&out_of_order) || queued != CHAINS) {
		printf("FAIL: the job stack lost or duplicated jobs: a pop took a 'next' pointer "
		       "that was stale by the time its compare-and-swap succeeded\n");
		return 1;
	}
	return 0;
}
