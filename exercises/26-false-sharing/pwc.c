/*
 * pwc: a parallel word count. Each worker counts the bytes, words and lines of its text in its own
 * tally (tally.h) as it goes, so that a progress display can show them live. On start pwc measures
 * itself: one worker alone, then two side by side on two cores, and compares what a byte costs.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "tally.h"

#define TEXT_BYTES (4L << 20) /* each worker's text */
#define CHUNK 16384           /* the cost is sampled per chunk */
#define MIN_SAMPLED (512L << 10) /* bytes counted with both workers on a core, to judge */
#define MAX_COST_RATIO 2.0    /* a byte may cost at most this much more beside a neighbour */

static char *text;

struct worker {
	int id, cpu;
	pthread_barrier_t *start;
	double cpu_ns, wall_ns; /* over the chunks scanned while the other worker was running */
	long bytes_sampled;
};

static double now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void bump(atomic_long *counter)
{
	atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
}

/* Counts one chunk into t, the way wc does. */
static void count_chunk(struct tally *t, const char *p, long n, int *in_word)
{
	for (long i = 0; i < n; i++) {
		bump(&t->bytes);
		if (p[i] == '\n')
			bump(&t->lines);
		if (p[i] == ' ' || p[i] == '\n')
			*in_word = 0;
		else if (!*in_word) {
			*in_word = 1;
			bump(&t->words);
		}
	}
}

static void *scan(void *arg)
{
	struct worker *w = arg;
	struct tally *mine = tally_of(w->id), *other = tally_of(1 - w->id);
	int in_word = 0;

	if (w->cpu >= 0) { /* one core each, so that the two really run side by side */
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	pthread_barrier_wait(w->start);
	for (long off = 0; off < TEXT_BYTES; off += CHUNK) {
		long other_before = atomic_load_explicit(&other->bytes, memory_order_relaxed);
		double c0 = now_ns(CLOCK_THREAD_CPUTIME_ID), t0 = now_ns(CLOCK_MONOTONIC);

		count_chunk(mine, text + off, CHUNK, &in_word);
		/*
		 * Keep the chunk only if this thread ran all along (wall time close to CPU time) and so
		 * did the other (it counted as many bytes meanwhile): a loaded machine that time-slices
		 * the two must not make the measure say anything.
		 */
		double cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - c0, wall = now_ns(CLOCK_MONOTONIC) - t0;
		long other_did = atomic_load_explicit(&other->bytes, memory_order_relaxed) - other_before;

		if (w->cpu < 0 || (wall < 1.2 * cpu && other_did >= CHUNK / 4)) {
			w->cpu_ns += cpu;
			w->wall_ns += wall;
			w->bytes_sampled += CHUNK;
		}
	}
	return NULL;
}

static void reset(void)
{
	for (int w = 0; w < MAX_WORKERS; w++) {
		atomic_store(&tally_of(w)->bytes, 0);
		atomic_store(&tally_of(w)->words, 0);
		atomic_store(&tally_of(w)->lines, 0);
	}
}

/* One worker alone: what a byte costs with nobody beside it (ns per byte, CPU time). */
static double alone(void)
{
	pthread_barrier_t start;
	struct worker w = { .id = 0, .cpu = -1, .start = &start };
	pthread_t t;

	reset();
	pthread_barrier_init(&start, NULL, 1);
	pthread_create(&t, NULL, scan, &w);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&start);
	return w.cpu_ns / w.bytes_sampled;
}

/* Two workers side by side; adds to *cpu_ns and *sampled what ran with both on a core. */
static void together(double *cpu_ns, long *sampled)
{
	pthread_barrier_t start;
	struct worker w[2];
	pthread_t t[2];

	reset();
	pthread_barrier_init(&start, NULL, 2);
	for (int i = 0; i < 2; i++) {
		w[i] = (struct worker){ .id = i, .cpu = i, .start = &start };
		pthread_create(&t[i], NULL, scan, &w[i]);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		*cpu_ns += w[i].cpu_ns;
		*sampled += w[i].bytes_sampled;
	}
	pthread_barrier_destroy(&start);
}

static long line_size(void)
{
	long n = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);

	return n > 0 ? n : 64;
}

/* Does any byte of a lie in the same cache line as any byte of b? */
static int share_a_line(const struct tally *a, const struct tally *b)
{
	uintptr_t line = (uintptr_t)line_size();
	uintptr_t a_first = (uintptr_t)a / line, a_last = ((uintptr_t)(a + 1) - 1) / line;
	uintptr_t b_first = (uintptr_t)b / line, b_last = ((uintptr_t)(b + 1) - 1) / line;

	return a_first <= b_last && b_first <= a_last;
}

int main(void)
{
	double base, pair, cpu_ns = 0;
	long sampled = 0;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("pwc: one core only, nothing to compare\n");
		return 0;
	}
	text = malloc(TEXT_BYTES);
	if (!text)
		return 2;
	for (long i = 0; i < TEXT_BYTES; i++) {
		unsigned long r = (unsigned long)i * 2654435761u >> 7;

		text[i] = r % 53 == 0 ? '\n' : r % 6 == 0 ? ' ' : (char)('a' + r % 26);
	}
	base = alone();
	printf("alone:    %.2f ns per byte\n", base);
	/* A busy machine may keep the two apart: try again until enough ran side by side. */
	for (int attempt = 0; attempt < 20 && sampled < MIN_SAMPLED; attempt++)
		together(&cpu_ns, &sampled);
	for (int w = 0; w < MAX_WORKERS; w++)
		printf("%*sworker %d: %ld bytes, %ld words, %ld lines\n", 2 + 24 * w, "", w,
		       atomic_load(&tally_of(w)->bytes), atomic_load(&tally_of(w)->words),
		       atomic_load(&tally_of(w)->lines));
	if (sampled >= MIN_SAMPLED) {
		pair = cpu_ns / sampled;
		printf("side by side: %.2f ns per byte (%.1fx alone, measured over %ld KiB)\n",
		       pair, pair / base, sampled >> 10);
		if (pair / base > MAX_COST_RATIO) {
			printf("FAIL: beside a second worker each byte costs %.1fx what it costs "
			       "alone (limit %.1fx): the workers slow each other down though they "
			       "share no data\n", pair / base, MAX_COST_RATIO);
			return 1;
		}
	} else {
		printf("side by side: too few chunks ran on two cores at once to measure (a busy "
		       "machine)\n");
	}
	/* What the timing shows on an idle machine, the addresses show on any machine. */
	if (share_a_line(tally_of(0), tally_of(1))) {
		printf("FAIL: the tallies of workers 0 and 1 are %ld bytes apart, within one "
		       "%ld-byte cache line: each update takes the line away from the other core\n",
		       labs((long)((char *)tally_of(1) - (char *)tally_of(0))), line_size());
		return 1;
	}
	printf("ok: two workers count as fast, each, as one alone\n");
	return 0;
}
