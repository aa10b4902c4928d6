/* The job system: a worker runs the job, then files it away; the submitter waits for it. */
#include <pthread.h>
#include <stdio.h>

#include "jobs.h"

static struct job job = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, QUEUED, 0 };

static void move_to(struct job *j, enum stage s, long result)
{
	pthread_mutex_lock(&j->lock);
	j->stage = s;
	if (s == DONE)
		j->result = result;
	pthread_cond_broadcast(&j->changed);
	pthread_mutex_unlock(&j->lock);
}

static void *worker(void *arg)
{
	long sum = 0;

	(void)arg;
	move_to(&job, RUNNING, 0);
	for (long i = 1; i <= 1000; i++)
		sum += i;
	move_to(&job, DONE, sum);
	/* Done jobs are archived right away: the result stays readable. */
	move_to(&job, ARCHIVED, 0);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	printf("result %ld\n", wait_for_result(&job));
	pthread_join(t, NULL);
	return 0;
}
