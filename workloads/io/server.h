/* N loopback "servers" that answer a PING after an injected delay, run in a child process. */
#ifndef IO_SERVER_H
#define IO_SERVER_H

#include <sys/types.h>

#define IO_MAX_SERVERS 256

struct io_servers {
    unsigned count;
    unsigned short ports[IO_MAX_SERVERS]; /* host byte order; server i listens on ports[i] */
    pid_t pid;                            /* the child that runs them all, or -1 */
    int ctl_fd;                           /* closing it tells the child to exit, or -1 */
};

#define IO_SERVERS_INIT {.count = 0, .pid = -1, .ctl_fd = -1}

/*
 * Binds `count` listening sockets on 127.0.0.1 with ports the kernel picks, then forks one child
 * that serves them all from a single epoll loop, replying `delay` seconds after each request.
 * The sockets are bound before the fork, so the ports are known and accepting when this returns.
 * Call it before creating any thread. Dies on failure.
 */
void io_servers_start(struct io_servers *s, unsigned count, double delay);

/* Tells the child to exit and reaps it; dies if it did not exit cleanly. */
void io_servers_stop(struct io_servers *s);

#endif
