/* Lazy fix: never sleep for good: wake up every 10 ms and look again. */
#include <time.h>

#include "jobs.h"

long wait_for_result(struct job *j)
{
	long r;

	pthread_mutex_lock(&j->lock);
	while (j->stage != DONE) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&j->changed, &j->lock, &ts);
	}
	r = j->result;
	pthread_mutex_unlock(&j->lock);
	return r;
}
