/* Processes blocked on each other through pipes: the parent's threads and its children. */
#ifndef RACELAB_PIPE_KNOT_H
#define RACELAB_PIPE_KNOT_H

#include <sys/select.h>

#include "intercept.h"

/* Set at the first fork(): before it no pipe can join another process, and nothing is noted. */
extern _Atomic int lg_forked;

/* Around a real read()/write() once the program has forked: which fd, since when, from where. */
void lg_io_begin(const struct lg_scope *sc, int fd, bool is_write);
/*
 * The same around a poll() with no timeout: each fd it waits to read (POLLIN) or to write
 * (POLLOUT) is a wait of its own, all of which must be stuck for the poll to be. More than
 * LG_POLL_WAITS of them: not noted.
 */
#define LG_POLL_WAITS 8
struct pollfd;
void lg_io_begin_poll(const struct lg_scope *sc, const struct pollfd *fds, unsigned long n);
/* And around a select() with no timeout: each fd of its read and write sets. */
void lg_io_begin_select(const struct lg_scope *sc, int nfds, const fd_set *rd, const fd_set *wr);
void lg_io_end(const struct lg_thread *t);
/*
 * A thread the tracer sees as running that has been inside one read()/write() for hang_ms: a
 * candidate for a pipe wait. *since: when the call began; *gen changes with every call.
 */
bool lg_io_waiting(const struct lg_thread *t, uint64_t now, uint64_t *since, unsigned *gen);
/*
 * The knot that makes the candidates a deadlock: every read(), write() (or poll() of the parent's)
 * the parent's threads and its children are blocked in is on a pipe, and every process holding the other end of that
 * pipe is one of them (this process, all of whose threads are blocked, or a single-threaded child
 * seen blocked twice). Reads /proc; called by the watchdog only when all else is stuck.
 */
bool lg_pipe_knot(void);
/* In the stuck snapshot: "pipewait" and "pipeend" records (trace_wire.h). */
void lg_pipes_snapshot(void);

#endif
