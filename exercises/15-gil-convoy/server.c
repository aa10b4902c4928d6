/* A toy-interpreter web app: one thread crunches numbers, one answers requests. */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include "oldgil.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define REQUESTS 20
#define LATENCY_BUDGET_MS 250
#define CPU_CAP_MS 800
#define MAX_SLEEPS (15 * REQUESTS) /* handing the GIL over costs a few; sleeping at every tick, thousands */

static int io_done; /* interpreter state: guarded by the GIL */

struct job {
	unsigned long hash;
	long sleeps; /* times the job blocked (voluntary context switches) while running */
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * The report job: pure computation, never blocks, so it only yields at ticks. It should go to
 * sleep only when it hands the GIL to the request handler, so it counts how often it did.
 */
static void *crunch(void *arg)
{
	struct job *job = arg;
	unsigned long h = 5381;
	long start = now_ms();
	struct rusage before, after;

	getrusage(RUSAGE_THREAD, &before);
	ogil_acquire();
	for (unsigned long i = 0; !io_done; i++) {
		h = h * 33 + i;
		ogil_tick();
		if (i % 1024 == 0 && now_ms() - start >= CPU_CAP_MS)
			break;
	}
	job->hash = h;
	ogil_release();
	getrusage(RUSAGE_THREAD, &after);
	job->sleeps = after.ru_nvcsw - before.ru_nvcsw;
	return NULL;
}

/* The request handler: waits for a request without the GIL, then needs the GIL to answer it. */
static void *serve(void *arg)
{
	long *worst = arg;

	for (int r = 0; r < REQUESTS; r++) {
		long t0, waited;

		usleep(5000); /* waiting on the socket: GIL not held */
		t0 = now_ms();
		ogil_acquire();
		waited = now_ms() - t0;
		if (r % 5 == 0)
			printf("        request %2d answered after %3ld ms\n", r, waited);
		if (waited > *worst)
			*worst = waited;
		ogil_release();
	}
	ogil_acquire();
	io_done = 1;
	ogil_release();
	return NULL;
}

int main(void)
{
	pthread_t cpu, io;
	struct job job = { 0 };
	long worst = 0;

	pthread_create(&cpu, NULL, crunch, &job);
	pthread_create(&io, NULL, serve, &worst);
	pthread_join(io, NULL);
	pthread_join(cpu, NULL);
	printf("report hash %lx, the job slept %ld times\n", job.hash, job.sleeps);
	printf("worst request latency %ld ms (budget %d ms)\n", worst, LATENCY_BUDGET_MS);
	if (worst > LATENCY_BUDGET_MS) {
		printf("FAIL: the number cruncher starved the request handler\n");
		return 1;
	}
	if (job.sleeps > MAX_SLEEPS) {
		printf("FAIL: the GIL put the number cruncher to sleep (limit %d)\n", MAX_SLEEPS);
		return 1;
	}
	return 0;
}
