/* Per-worker statistics of pwc: each worker updates only its own tally; the progress display reads them all. */
#ifndef TALLY_H
#define TALLY_H

#include <stdalign.h>
#include <stdatomic.h>

#define MAX_WORKERS 2

/*
 * The unit a core's cache owns and hands over: 64 bytes on x86-64 and most Arm cores. Two tallies
 * in one line would bounce it between the two cores on every update (false sharing).
 */
#define CACHE_LINE 64

/*
 * Atomic so that the display may read a tally while its worker updates it; relaxed, because no
 * other data hangs on them. Only the worker that owns a tally writes it. Aligning the first
 * member aligns the struct, and rounds its size up to a whole line: in an array, every element
 * starts a line of its own and nothing else shares it.
 */
struct tally {
	alignas(CACHE_LINE) atomic_long bytes;
	atomic_long words;
	atomic_long lines;
};

/* The tally of worker w (0 <= w < MAX_WORKERS). */
struct tally *tally_of(int w);

#endif
