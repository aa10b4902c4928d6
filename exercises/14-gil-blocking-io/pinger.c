/* A server checker written against the toy interpreter: one thread per server, plus a UI thread. */
#include "ext.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define NSERVERS 4
#define REPLY_MS 100
#define UI_BUDGET_MS 80 /* the UI must get the GIL at least this often to stay responsive */

static const char *servers[NSERVERS] = { "db1", "db2", "cache", "mail" };
static struct int_obj *rtt[NSERVERS]; /* interpreter objects: touched only with the GIL */
static int pending = NSERVERS;        /* interpreter state too */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void *check_server(void *arg)
{
	long i = (long)arg;

	gil_acquire();
	printf("%*s%s: ping\n", (int)i * 8, "", servers[i]);
	rtt[i] = ext_ping(servers[i], REPLY_MS);
	printf("%*s%s: up\n", (int)i * 8, "", servers[i]);
	pending--;
	gil_release();
	return NULL;
}

/* The UI thread redraws every 5 ms; each redraw needs the GIL. It records its worst wait. */
static void *ui(void *arg)
{
	long *worst = arg;

	for (int frame = 0; frame < 1000; frame++) {
		long t0 = now_ms(), waited;
		int left;

		gil_acquire();
		waited = now_ms() - t0;
		left = pending;
		gil_release();
		if (waited > *worst)
			*worst = waited;
		if (left == 0)
			break;
		usleep(5000);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NSERVERS], ui_thread;
	long start = now_ms(), worst = 0, sum = 0;

	pthread_create(&ui_thread, NULL, ui, &worst);
	for (long i = 0; i < NSERVERS; i++)
		pthread_create(&t[i], NULL, check_server, (void *)i);
	for (int i = 0; i < NSERVERS; i++)
		pthread_join(t[i], NULL);
	pthread_join(ui_thread, NULL);

	gil_acquire();
	for (int i = 0; i < NSERVERS; i++) {
		if (!rtt[i]) {
			printf("FAIL: no round-trip time for %s (out of memory?)\n", servers[i]);
			return 2;
		}
		sum += rtt[i]->value;
		obj_decref(&rtt[i]->base);
	}
	gil_release();
	printf("checked %d servers in %ld ms (sum of round trips %ld ms)\n", NSERVERS,
	       now_ms() - start, sum);
	printf("ui: longest freeze %ld ms (budget %d ms)\n", worst, UI_BUDGET_MS);
	if (worst > UI_BUDGET_MS) {
		printf("FAIL: the UI froze for %ld ms (budget %d ms) while a ping waited for its "
		       "reply\n", worst, UI_BUDGET_MS);
		return 1;
	}
	return 0;
}
