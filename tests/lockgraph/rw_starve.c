/*
 * Readers keep a reader-preferring rwlock busy (their read sections overlap) for about 3 seconds;
 * the writer waits the whole time. With WRITER_PREFERRED defined, the lock prefers writers and the
 * writer gets in within one read section: the correct version. READ_MS shortens the readers' run:
 * at 700 ms the writer's wait stays under the default starvation_ms (1500), so only the rule
 * without a threshold (detect/lockgraph/lockgraph_starve.c) can call it starvation.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define READERS 4
#ifndef READ_MS
#define READ_MS 3000
#endif

static pthread_rwlock_t table_lock;
static int table_version;

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

static void *reader(void *arg)
{
	struct timespec t0;
	long sum = 0;

	usleep((unsigned)(long)arg * 1200); /* staggered: some reader always holds the lock */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (elapsed_ms(&t0) < READ_MS) {
		pthread_rwlock_rdlock(&table_lock);
		sum += table_version;
		usleep(5000);
		pthread_rwlock_unlock(&table_lock);
	}
	return (void *)sum;
}

static void *writer(void *arg)
{
	(void)arg;
	usleep(50000);
	pthread_rwlock_wrlock(&table_lock); /* LINE writer-waits */
	table_version++;
	pthread_rwlock_unlock(&table_lock);
	return NULL;
}

int main(void)
{
	pthread_rwlockattr_t attr;
	pthread_t r[READERS], w;

	pthread_rwlockattr_init(&attr);
#ifdef WRITER_PREFERRED
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
	pthread_rwlock_init(&table_lock, &attr);
	for (long i = 0; i < READERS; i++)
		pthread_create(&r[i], NULL, reader, (void *)i);
	pthread_create(&w, NULL, writer, NULL);
	for (int i = 0; i < READERS; i++)
		pthread_join(r[i], NULL);
	pthread_join(w, NULL);
	printf("version %d\n", table_version);
	return 0;
}
