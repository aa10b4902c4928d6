/* The request handler: read a request, count it into the interpreter's total, reply. */
#include "server.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

void server_configure(void)
{
	/* The interpreter's defaults suit us. */
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
	/* Give the GIL up once for the whole conversation instead of twice per request. */
	GIL_BEGIN_ALLOW_THREADS
	for (long i = 0; i < nreq; i++) {
		char req[MSG_BYTES], reply[MSG_BYTES];

		if (read(in, req, sizeof(req)) != (ssize_t)sizeof(req))
			break;
		handle(req, reply, total);
		if (write(out, reply, sizeof(reply)) != (ssize_t)sizeof(reply))
			break;
	}
	GIL_END_ALLOW_THREADS
}
