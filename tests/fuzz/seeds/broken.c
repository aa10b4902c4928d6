/* Compiled by record.sh to record real compiler diagnostics as fuzz seeds for build_parse_errors. */
#include <pthread.h>

static int counter;

void *worker(void *arg)
{
	counter++
	return arg;
}
