/* The submitter's side: wait until the job has reached DONE, whatever came after it. */
#include "jobs.h"

long wait_for_result(struct job *j)
{
	long r;

	pthread_mutex_lock(&j->lock);
	/* Stages only move forward: "done or later" is a state that lasts. */
	while (j->stage < DONE)
		pthread_cond_wait(&j->changed, &j->lock);
	r = j->result;
	pthread_mutex_unlock(&j->lock);
	return r;
}
