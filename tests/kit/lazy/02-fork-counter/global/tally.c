/* Lazy fix: one global tally instead of a malloc'ed one, so every worker uses the same one. */
#include "tally.h"

#include <pthread.h>

struct tally {
	pthread_mutex_t lock;
	long records;
	long total;
};

static struct tally the_tally = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };

struct tally *tally_create(void)
{
	return &the_tally;
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
	(void)t;
}
