/* Per-worker statistics of pwc: each worker updates only its own tally; the progress display reads them all. */
#ifndef TALLY_H
#define TALLY_H

#include <stdatomic.h>

#define MAX_WORKERS 2

/*
 * Atomic so that the display may read a tally while its worker updates it; relaxed, because no
 * other data hangs on them. Only the worker that owns a tally writes it.
 */
struct tally {
	atomic_long bytes;
	atomic_long words;
	atomic_long lines;
};

/* The tally of worker w (0 <= w < MAX_WORKERS). */
struct tally *tally_of(int w);

#endif
