/* One blocking probe of one server, and the run parameters every I/O mode shares. */
#ifndef IO_PROBE_H
#define IO_PROBE_H

#include <stdint.h>

#include "server.h"

/* What a mode needs to run one check of every server. */
struct io_run {
    const struct io_servers *servers;
    uint64_t nonce;       /* fresh for every run */
    unsigned long rounds; /* compute part per answer, in io_process() rounds */
    unsigned workers;     /* threads, processes or connections in flight, per the mode */
};

/* Connects to server i, sends the PING, waits for the PONG (up to 5 s) and checks it. Returns 0
 * and stores the token, or -1 when the server could not be reached or answered wrongly. Blocks
 * the calling thread for the server's whole delay: that is the point. */
int io_probe(const struct io_run *run, unsigned server, uint64_t *token);

#endif
