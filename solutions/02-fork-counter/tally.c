/* The tally: a record count and a sum in shared memory, updated under a process-shared mutex. */
#include "tally.h"

#include <pthread.h>
#include <sys/mman.h>

struct tally {
	pthread_mutex_t lock;
	long records;
	long total;
};

struct tally *tally_create(void)
{
	pthread_mutexattr_t attr;
	struct tally *t;

	/*
	 * fork() gives each child a copy of the parent's memory: a malloc'ed tally would be a
	 * private copy in every worker. A MAP_SHARED mapping made before the fork is the same
	 * physical pages in all of them.
	 */
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	t->records = 0;
	t->total = 0;
	/* The mutex lives in that shared memory, and must be told other processes use it. */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&t->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return t;
}

void tally_add(struct tally *t, long amount)
{
	pthread_mutex_lock(&t->lock);
	t->records++;
	t->total += amount;
	pthread_mutex_unlock(&t->lock);
}

long tally_records(struct tally *t)
{
	long n;

	pthread_mutex_lock(&t->lock);
	n = t->records;
	pthread_mutex_unlock(&t->lock);
	return n;
}

long tally_total(struct tally *t)
{
	long n;

	pthread_mutex_lock(&t->lock);
	n = t->total;
	pthread_mutex_unlock(&t->lock);
	return n;
}

void tally_destroy(struct tally *t)
{
	pthread_mutex_destroy(&t->lock);
	munmap(t, sizeof(*t));
}
