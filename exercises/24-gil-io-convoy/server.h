/* The sensor gateway's request handler: extension code of the toy interpreter (../common/gil.h). */
#ifndef SERVER_H
#define SERVER_H

#include "gil.h"

#define MSG_BYTES 32 /* requests and replies are fixed-size */

/* Called once by main, before any thread starts: the place to configure the interpreter. */
void server_configure(void);

/*
 * Answers nreq requests read from in, writing one reply for each to out, and adds each request's
 * reading to *total, an interpreter object. Called with the GIL held and returns with it held,
 * like every extension function.
 */
void server_run(int in, int out, long nreq, struct int_obj *total);

#endif
