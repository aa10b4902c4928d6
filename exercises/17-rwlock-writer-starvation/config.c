/* The routing table and its readers-writer lock. */
#include "config.h"

#include <pthread.h>
#include <time.h>

#define ROUTES 8

static pthread_rwlock_t table_lock;
static int backend_of[ROUTES]; /* guarded by table_lock */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

void config_init(void)
{
	/* Many readers at once, one writer alone: exactly what a routing table needs. */
	pthread_rwlock_init(&table_lock, NULL);
	for (int i = 0; i < ROUTES; i++)
		backend_of[i] = i % 3;
}

void config_destroy(void)
{
	pthread_rwlock_destroy(&table_lock);
}

void config_read_begin(void)
{
	pthread_rwlock_rdlock(&table_lock);
}

void config_read_end(void)
{
	pthread_rwlock_unlock(&table_lock);
}

int config_route(int route)
{
	return backend_of[route % ROUTES];
}

long config_update(int route, int backend)
{
	long start = now_ms(), waited;

	pthread_rwlock_wrlock(&table_lock);
	waited = now_ms() - start;
	backend_of[route % ROUTES] = backend;
	pthread_rwlock_unlock(&table_lock);
	return waited;
}
