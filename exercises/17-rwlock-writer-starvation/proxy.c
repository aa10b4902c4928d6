/* A proxy: four request threads route traffic nonstop; the admin thread moves one route. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define READERS 4
#define RUN_MS 300
#define UPDATE_BUDGET_MS 100

static atomic_int inside, most_inside; /* readers inside the table at once */
static atomic_long requests;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void *serve(void *arg)
{
	long id = (long)arg, start = now_ms();

	while (now_ms() - start < RUN_MS) {
		int n, most, backend;

		config_read_begin();
		n = atomic_fetch_add(&inside, 1) + 1;
		most = atomic_load(&most_inside);
		while (n > most && !atomic_compare_exchange_weak(&most_inside, &most, n))
			;
		backend = config_route((int)(id + atomic_load(&requests)));
		usleep(2000); /* forward the request to the backend and wait for its answer */
		atomic_fetch_sub(&inside, 1);
		config_read_end();
		if (atomic_fetch_add(&requests, 1) % 100 == 0)
			printf("%*sreader %ld: request to backend %d\n", (int)id * 4, "", id, backend);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[READERS];
	long waited;

	config_init();
	for (long i = 0; i < READERS; i++)
		pthread_create(&t[i], NULL, serve, (void *)i);
	usleep(20000); /* traffic is flowing; the admin moves route 3 to backend 2 */
	printf("admin: updating route 3\n");
	waited = config_update(3, 2);
	printf("admin: route 3 updated after %ld ms\n", waited);
	for (int i = 0; i < READERS; i++)
		pthread_join(t[i], NULL);
	config_destroy();
	printf("%ld requests, up to %d routed at once\n", atomic_load(&requests),
	       atomic_load(&most_inside));
	if (atomic_load(&most_inside) < 2) {
		printf("FAIL: requests were routed one at a time\n");
		return 1;
	}
	if (waited > UPDATE_BUDGET_MS) {
		printf("FAIL: the update waited %ld ms (budget %d ms)\n", waited, UPDATE_BUDGET_MS);
		return 1;
	}
	return 0;
}
