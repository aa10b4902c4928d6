/* The ways the connectivity check probes every server. Each returns what it found, to be checked
 * against io_expected(): the sum of the processed answers and how many servers answered. */
#ifndef IO_MODES_H
#define IO_MODES_H

#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

struct io_tally {
    uint64_t sum;      /* sum of io_process(token) over the servers that answered */
    unsigned answered; /* servers that gave a correct PONG */
};

/* One server after the other: the total is the sum of the delays. */
struct io_tally io_run_serial(const struct io_run *run);

/* One thread per server, all waiting at once (run->workers is ignored). */
struct io_tally io_run_threads(const struct io_run *run);

/* run->workers threads fed by a watcher thread through a bounded queue; the watcher tells them to
 * stop once every server is done. With `gil`, each holds the toy GIL for its compute part only and
 * waits for the network without it, as Python code does around a blocking socket call. */
struct io_tally io_run_pool(const struct io_run *run, bool gil);

/* run->workers forked processes, each probing every workers-th server and reporting over a pipe. */
struct io_tally io_run_processes(const struct io_run *run);

/* One thread, one epoll loop, at most run->workers connections in flight. */
struct io_tally io_run_epoll(const struct io_run *run);

#endif
