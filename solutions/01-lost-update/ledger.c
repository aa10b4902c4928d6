/*
 * ledger: sums the day's payment records with several worker threads.
 * Usage: ledger [WORKERS]  (default 4). The day has 40,000 records; each worker takes an equal
 * slice, validates every record (a small checksum), confirms each batch of 1,000 with the bank (a
 * network round trip) and adds every amount to the shared total.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define RECORDS 40000
#define MAX_WORKERS 8
#define BATCH 1000

struct record {
	long id;
	long amount; /* cents */
};

static struct record records[RECORDS];

/* Shared by every worker; only touched with total_lock held. */
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;     /* cents */
static long processed; /* records added so far */

struct worker {
	pthread_t thread;
	int id;
	long first, count; /* the worker's slice of records[] */
};

/* Validating a record costs a little CPU, as parsing and checking a real one would. */
static int record_valid(const struct record *r)
{
	unsigned long h = (unsigned long)r->id * 2654435761u;

	for (int i = 0; i < 100; i++)
		h = h * 31 + (unsigned long)(r->amount ^ i);
	return h != 0; /* practically always true, but the compiler cannot know */
}

/* Confirms a batch of records with the bank's API: mostly waiting for the network. */
static void batch_confirm(long first)
{
	(void)first;
	usleep(3000);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	long subtotal = 0, count = 0; /* private to this thread: no lock needed */

	printf("%*sworker %d: records %ld..%ld\n", 2 * w->id, "", w->id, w->first,
	       w->first + w->count - 1);
	for (long i = w->first; i < w->first + w->count; i++) {
		if ((i - w->first) % BATCH == 0)
			batch_confirm(i);
		if (!record_valid(&records[i]))
			continue;
		subtotal += records[i].amount;
		count++;
	}
	/* One short critical section per worker, not one per record. */
	pthread_mutex_lock(&total_lock);
	total += subtotal;
	processed += count;
	pthread_mutex_unlock(&total_lock);
	printf("%*sworker %d: done\n", 2 * w->id, "", w->id);
	return NULL;
}

int main(int argc, char **argv)
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 4;
	struct worker workers[MAX_WORKERS];
	long expected = 0;

	if (nworkers < 1 || nworkers > MAX_WORKERS || RECORDS % nworkers != 0) {
		fprintf(stderr, "usage: ledger [1|2|4|5|8]\n");
		return 2;
	}
	for (long i = 0; i < RECORDS; i++) {
		records[i].id = i;
		records[i].amount = 100 + i % 900;
		expected += records[i].amount;
	}

	for (int i = 0; i < nworkers; i++) {
		workers[i].id = i;
		workers[i].count = RECORDS / nworkers;
		workers[i].first = i * workers[i].count;
		if (pthread_create(&workers[i].thread, NULL, worker_run, &workers[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i].thread, NULL);

	printf("processed %ld records, total %ld.%02ld (expected %ld.%02ld)\n", processed,
	       total / 100, total % 100, expected / 100, expected % 100);
	if (processed != RECORDS || total != expected) {
		printf("FAIL: lost %ld of %d record counts and %ld.%02ld of the money: two workers "
		       "updated the same total at once\n", RECORDS - processed, RECORDS,
		       (expected - total) / 100, labs(expected - total) % 100);
		return 1;
	}
	return 0;
}
