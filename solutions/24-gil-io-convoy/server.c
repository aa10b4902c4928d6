/* The request handler: read a request, count it into the interpreter's total, reply. */
#include "server.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * The switch interval bounds how long a thread that comes back from a system call may wait for
 * the GIL while a CPU-bound thread holds it. Each request costs the handler one such wait, so
 * 5 ms (the default) per request dwarfs the microseconds of real work. 0.2 ms makes the wait
 * small; the price is that CPU-bound threads are interrupted more often when others
 * want the GIL (see WHY.md). Like sys.setswitchinterval(0.0002), it is process-wide: set it once,
 * before any thread holds the GIL.
 */
void server_configure(void)
{
	gil_set_interval(200);
}

/* Needs the GIL: it creates an object and touches total. */
static void handle(const char *req, char *reply, struct int_obj *total)
{
	long seq = -1, reading = 0;
	struct int_obj *v;

	sscanf(req, "read %ld %ld", &seq, &reading);
	v = int_new(reading);
	if (v) {
		total->value += v->value;
		obj_decref(&v->base);
	}
	memset(reply, 0, MSG_BYTES);
	snprintf(reply, MSG_BYTES, "ok %ld", seq);
}

void server_run(int in, int out, long nreq, struct int_obj *total)
{
	for (long i = 0; i < nreq; i++) {
		char req[MSG_BYTES], reply[MSG_BYTES];
		ssize_t got;

		/* Waiting for the next request touches no object: let other threads run. */
		GIL_BEGIN_ALLOW_THREADS
		got = read(in, req, sizeof(req));
		GIL_END_ALLOW_THREADS
		if (got != (ssize_t)sizeof(req))
			return;
		handle(req, reply, total);
		GIL_BEGIN_ALLOW_THREADS
		got = write(out, reply, sizeof(reply));
		GIL_END_ALLOW_THREADS
		if (got != (ssize_t)sizeof(reply))
			return;
	}
}
