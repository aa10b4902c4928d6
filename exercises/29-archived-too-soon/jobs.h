/* A job that a worker moves through its stages, and a submitter that waits for its result. */
#ifndef JOBS_H
#define JOBS_H

#include <pthread.h>

enum stage { QUEUED, RUNNING, DONE, ARCHIVED };

struct job {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* broadcast at every change of stage */
	enum stage stage;       /* guarded by lock */
	long result;            /* guarded by lock; valid from DONE on */
};

/* Blocks until the job's result is ready, and returns it. */
long wait_for_result(struct job *j);

#endif
