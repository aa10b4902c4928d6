/* A C extension module for the toy interpreter: network helpers. */
#ifndef EXT_H
#define EXT_H

#include "gil.h"

/*
 * Pings host and returns a new int object holding the round-trip time in ms (NULL when out of
 * memory). Like every extension function it is called with the GIL held and returns with it held.
 */
struct int_obj *ext_ping(const char *host, int reply_ms);

#endif
