/* Where the workers' tallies live. */
#include "tally.h"

/* Aligned to a cache line, so that the tallies do not straddle lines. */
static _Alignas(64) struct tally tallies[MAX_WORKERS];

struct tally *tally_of(int w)
{
	return &tallies[w];
}
