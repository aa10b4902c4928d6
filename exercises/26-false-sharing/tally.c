/* Where the workers' tallies live. */
#include "tally.h"

/* One tally per worker, side by side: compact, and the display reads them in one sweep. */
static struct tally tallies[MAX_WORKERS];

struct tally *tally_of(int w)
{
	return &tallies[w];
}
