/* The submitter's side: wait, with the textbook loop, until the job is done. */
#include "jobs.h"

long wait_for_result(struct job *j)
{
	long r;

	pthread_mutex_lock(&j->lock);
	while (j->stage != DONE)
		pthread_cond_wait(&j->changed, &j->lock);
	r = j->result;
	pthread_mutex_unlock(&j->lock);
	return r;
}
