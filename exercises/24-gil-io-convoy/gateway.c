/*
 * A sensor gateway on the toy interpreter. A sensor asks it, one request at a time, to store a
 * reading; it waits for each reply before sending the next. The gateway answers in a handler
 * thread (server.c) while an aggregator thread crunches the statistics (CPU-bound interpreter
 * work). The sensor needs 0.2 ms to take each reading, and the gateway's reply should be back
 * well within a millisecond, however busy the aggregator is.
 */
#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REQUESTS 200
#define SENSOR_US 200     /* the sensor's own time per reading */
#define HOG_BUDGET_US 1000 /* median aggregator computing while a reply is pending, at most */
#define SHARE_MIN_US 1000  /* aggregator computing during the whole conversation, at least */

static int to_server[2], to_sensor[2];
static atomic_int serving = 1;
/*
 * The aggregator's CPU time so far, in microseconds. Measured in CPU time, not wall time, so that
 * a busy machine, which delays every thread, does not change what it says about the GIL.
 */
static atomic_long aggregator_cpu_us;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long reply_us[REQUESTS]; /* how long each reply took, as the sensor saw it */
static long hog_us[REQUESTS];   /* how long the aggregator computed while it was pending */

static int by_value(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The sensor, on the other end of the wire: no interpreter, no GIL. */
static void *sensor(void *arg)
{
	(void)arg;
	for (long seq = 0; seq < REQUESTS; seq++) {
		char req[MSG_BYTES] = { 0 }, reply[MSG_BYTES];
		long long sent;
		long cpu;

		usleep(SENSOR_US);
		snprintf(req, sizeof(req), "read %ld %ld", seq, seq % 7 + 1);
		cpu = atomic_load_explicit(&aggregator_cpu_us, memory_order_relaxed);
		sent = now_us();
		if (write(to_server[1], req, sizeof(req)) != (ssize_t)sizeof(req) ||
		    read(to_sensor[0], reply, sizeof(reply)) != (ssize_t)sizeof(reply))
			break;
		reply_us[seq] = (long)(now_us() - sent);
		hog_us[seq] = atomic_load_explicit(&aggregator_cpu_us, memory_order_relaxed) - cpu;
		if (seq % 50 == 49)
			printf("  sensor: %ld replies\n", seq + 1);
	}
	return NULL;
}

static long thread_cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* The aggregator: interpreter work for as long as the gateway serves. */
static void *aggregator(void *arg)
{
	unsigned long x = 1;

	(void)arg;
	gil_acquire();
	while (atomic_load(&serving)) {
		for (int i = 0; i < 2000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		atomic_store_explicit(&aggregator_cpu_us, thread_cpu_us(), memory_order_relaxed);
		gil_tick();
	}
	gil_release();
	printf("                  aggregator: done (%lx)\n", x & 0xff);
	return NULL;
}

struct handler_result {
	long sum;
	long aggregator_us; /* the aggregator's computing during the conversation */
};

static void *handler(void *arg)
{
	struct handler_result *res = arg;
	struct int_obj *total;
	long cpu0;

	gil_acquire();
	total = int_new(0);
	cpu0 = atomic_load_explicit(&aggregator_cpu_us, memory_order_relaxed);
	server_run(to_server[0], to_sensor[1], REQUESTS, total);
	res->aggregator_us = atomic_load_explicit(&aggregator_cpu_us, memory_order_relaxed) - cpu0;
	res->sum = total->value;
	obj_decref(&total->base);
	gil_release();
	atomic_store(&serving, 0);
	return NULL;
}

int main(void)
{
	pthread_t s, a, h;
	struct handler_result res = { 0 };
	long took_ms, median_reply_us, median_hog_us;
	long long start;

	if (pipe(to_server) || pipe(to_sensor))
		return 2;
	server_configure();
	start = now_us();
	pthread_create(&a, NULL, aggregator, NULL);
	pthread_create(&h, NULL, handler, &res);
	pthread_create(&s, NULL, sensor, NULL);
	pthread_join(s, NULL);
	pthread_join(h, NULL);
	pthread_join(a, NULL);
	took_ms = (long)((now_us() - start) / 1000);

	/* Medians, not means: a busy machine delays some replies, the GIL delays them all. */
	qsort(reply_us, REQUESTS, sizeof(reply_us[0]), by_value);
	qsort(hog_us, REQUESTS, sizeof(hog_us[0]), by_value);
	median_reply_us = reply_us[REQUESTS / 2];
	median_hog_us = hog_us[REQUESTS / 2];
	printf("%d requests in %ld ms, sum %ld; median reply %ld us, during which the aggregator "
	       "computed %ld us (budget %d); aggregator computed %ld us in all meanwhile\n",
	       REQUESTS, took_ms, res.sum, median_reply_us, median_hog_us, HOG_BUDGET_US,
	       res.aggregator_us);
	if (res.sum != 794) {
		printf("FAIL: the gateway lost requests (sum %ld, expected 794)\n", res.sum);
		return 1;
	}
	if (median_hog_us > HOG_BUDGET_US) {
		printf("FAIL: while a reply was pending the aggregator kept the GIL and computed for "
		       "%.1f ms (median): after each read() the handler queued for the GIL behind "
		       "it\n", median_hog_us / 1000.0);
		return 1;
	}
	if (res.aggregator_us < SHARE_MIN_US) {
		printf("FAIL: the aggregator computed only %ld us during the whole conversation: the "
		       "handler kept the GIL while it waited for the sensor\n", res.aggregator_us);
		return 1;
	}
	return 0;
}
