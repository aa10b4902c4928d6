/* The extension's ping: send a request, wait for the reply, box the round-trip time. */
#include "ext.h"

#include <poll.h>
#include <time.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* The network is simulated: the "reply" arrives after reply_ms, as poll() on a socket would. */
static void wait_for_reply(int reply_ms)
{
	poll(NULL, 0, reply_ms);
}

struct int_obj *ext_ping(const char *host, int reply_ms)
{
	long start = now_ms();

	(void)host;
	/*
	 * Waiting for the network touches no interpreter object, so give the GIL back for the
	 * duration: the other threads run while this one sleeps in poll(). CPython's socket module
	 * does exactly this around every blocking call.
	 */
	GIL_BEGIN_ALLOW_THREADS
	wait_for_reply(reply_ms);
	GIL_END_ALLOW_THREADS

	/* Back in the interpreter: build the result object. */
	return int_new(now_ms() - start);
}
