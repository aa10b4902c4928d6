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
#define SENSOR_US 200       /* the sensor's own time per reading */
#define REPLY_BUDGET_US 2500 /* the median reply must be back within this */
#define WAIT_BUDGET_MS 50   /* the aggregator must never wait longer than this for the GIL */

static int to_server[2], to_sensor[2];
static atomic_int serving = 1;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long reply_us[REQUESTS]; /* how long each reply took, as the sensor saw it */

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

		usleep(SENSOR_US);
		snprintf(req, sizeof(req), "read %ld %ld", seq, seq % 7 + 1);
		sent = now_us();
		if (write(to_server[1], req, sizeof(req)) != (ssize_t)sizeof(req) ||
		    read(to_sensor[0], reply, sizeof(reply)) != (ssize_t)sizeof(reply))
			break;
		reply_us[seq] = (long)(now_us() - sent);
		if (seq % 50 == 49)
			printf("  sensor: %ld replies\n", seq + 1);
	}
	return NULL;
}

/* The aggregator: interpreter work for as long as the gateway serves. */
static void *aggregator(void *arg)
{
	long *worst_wait_ms = arg;
	unsigned long x = 1;

	gil_acquire();
	while (atomic_load(&serving)) {
		long long t0;

		for (int i = 0; i < 2000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		t0 = now_us();
		if (gil_tick() && (now_us() - t0) / 1000 > *worst_wait_ms)
			*worst_wait_ms = (long)((now_us() - t0) / 1000);
	}
	gil_release();
	printf("                  aggregator: done (%lx)\n", x & 0xff);
	return NULL;
}

static void *handler(void *arg)
{
	long *sum = arg;
	struct int_obj *total;

	gil_acquire();
	total = int_new(0);
	server_run(to_server[0], to_sensor[1], REQUESTS, total);
	*sum = total->value;
	obj_decref(&total->base);
	gil_release();
	atomic_store(&serving, 0);
	return NULL;
}

int main(void)
{
	pthread_t s, a, h;
	long worst_wait_ms = 0, sum = 0, took_ms, median_us;
	long long start;

	if (pipe(to_server) || pipe(to_sensor))
		return 2;
	server_configure();
	start = now_us();
	pthread_create(&a, NULL, aggregator, &worst_wait_ms);
	pthread_create(&h, NULL, handler, &sum);
	pthread_create(&s, NULL, sensor, NULL);
	pthread_join(s, NULL);
	pthread_join(h, NULL);
	pthread_join(a, NULL);
	took_ms = (long)((now_us() - start) / 1000);

	/* The median, not the mean: a busy machine delays some replies, the GIL delays them all. */
	qsort(reply_us, REQUESTS, sizeof(reply_us[0]), by_value);
	median_us = reply_us[REQUESTS / 2];
	printf("%d requests in %ld ms, sum %ld; median reply %ld us (budget %d), slowest %ld us; "
	       "aggregator's longest wait for the GIL %ld ms\n", REQUESTS, took_ms, sum, median_us,
	       REPLY_BUDGET_US, reply_us[REQUESTS - 1], worst_wait_ms);
	if (sum != 794) {
		printf("FAIL: the gateway lost requests (sum %ld, expected 794)\n", sum);
		return 1;
	}
	if (median_us > REPLY_BUDGET_US) {
		printf("FAIL: the median reply took %.1f ms for microseconds of work: after each "
		       "read() the handler queued for the GIL behind the aggregator\n",
		       median_us / 1000.0);
		return 1;
	}
	if (worst_wait_ms > WAIT_BUDGET_MS) {
		printf("FAIL: the aggregator waited %ld ms for the GIL: the handler kept it while "
		       "waiting for the sensor\n", worst_wait_ms);
		return 1;
	}
	return 0;
}
