/* The loopback servers: listening sockets bound in the parent, served by one forked child whose
 * epoll loop holds each answer back for the injected delay (a slow remote host, simulated). */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "wl.h"

/* Connections the child tracks at once; more than any workload opens. */
#define IO_MAX_CONNS 1024

struct io_conn {
    int fd;            /* -1 when the slot is free */
    unsigned server;   /* which listening socket accepted it */
    size_t used;       /* bytes of the request read so far */
    char buf[IO_LINE_MAX];
    double due;        /* when to answer; 0 until the whole request has arrived */
    char reply[IO_LINE_MAX];
    size_t reply_len;
};

/* Epoll data: listening socket i is tagged i, the control pipe IO_MAX_SERVERS, connection slot c
 * IO_MAX_SERVERS + 1 + c. */
#define IO_TAG_CTL IO_MAX_SERVERS
#define IO_TAG_CONN0 (IO_MAX_SERVERS + 1)

static struct io_conn io_conns[IO_MAX_CONNS];

static void io_conn_close(int ep, struct io_conn *c)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
}

static void io_conn_accept(int ep, int lfd, unsigned server)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0)
        return; /* another event drained it, or the client gave up: nothing to serve */
    for (size_t i = 0; i < IO_MAX_CONNS; i++) {
        struct io_conn *c = &io_conns[i];
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = IO_TAG_CONN0 + i};

        if (c->fd != -1)
            continue;
        *c = (struct io_conn){.fd = fd, .server = server};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0)
            break;
        return;
    }
    close(fd); /* table full: the client sees the connection drop and reports a failed probe */
}

/* Reads what has arrived; once a whole line is in, schedules the reply `delay` from now. */
static void io_conn_read(int ep, struct io_conn *c, double delay)
{
    ssize_t n = read(c->fd, c->buf + c->used, sizeof(c->buf) - 1 - c->used);
    unsigned server;
    uint64_t nonce;

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        io_conn_close(ep, c);
        return;
    }
    c->used += (size_t)n;
    c->buf[c->used] = '\0';
    if (memchr(c->buf, '\n', c->used) == NULL) {
        if (c->used == sizeof(c->buf) - 1)
            io_conn_close(ep, c); /* a line this long is not our protocol */
        return;
    }
    /* A request for another server is answered with garbage the client will reject. */
    if (io_request_parse(c->buf, &server, &nonce) != 0 || server != c->server)
        c->reply_len = (size_t)snprintf(c->reply, sizeof(c->reply), "ERR\n");
    else
        c->reply_len = io_reply_format(c->reply, server, io_token(server, nonce));
    c->due = wl_now() + delay;
}

/* Sends every reply that is due and returns the epoll timeout (ms) until the next one, or -1. */
static int io_conns_flush(int ep)
{
    double now = wl_now(), next = 0;

    for (size_t i = 0; i < IO_MAX_CONNS; i++) {
        struct io_conn *c = &io_conns[i];

        if (c->fd == -1 || c->due == 0)
            continue;
        if (c->due <= now) {
            /* A 30-byte reply fits any socket buffer: one write, then close. */
            (void)!write(c->fd, c->reply, c->reply_len);
            io_conn_close(ep, c);
        } else if (next == 0 || c->due < next) {
            next = c->due;
        }
    }
    if (next == 0)
        return -1;
    /* epoll_wait counts whole milliseconds; round up so that we never answer early. */
    return (int)((next - now) * 1000.0) + 1;
}

static _Noreturn void io_serve(int ep, const int *lfds, unsigned count, double delay)
{
    int timeout = -1;

    for (;;) {
        struct epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, timeout);

        if (n < 0 && errno != EINTR)
            _exit(3);
        for (int i = 0; i < n; i++) {
            uint64_t tag = evs[i].data.u64;

            if (tag == IO_TAG_CTL)
                _exit(0); /* the parent closed the pipe (or died): we are done */
            if (tag < count)
                io_conn_accept(ep, lfds[tag], (unsigned)tag);
            else if (io_conns[tag - IO_TAG_CONN0].fd != -1)
                io_conn_read(ep, &io_conns[tag - IO_TAG_CONN0], delay);
        }
        timeout = io_conns_flush(ep);
    }
}

void io_servers_start(struct io_servers *s, unsigned count, double delay)
{
    int lfds[IO_MAX_SERVERS], ctl[2];

    if (count == 0 || count > IO_MAX_SERVERS)
        wl_usage_error("servers: want 1..%d servers, not %u", IO_MAX_SERVERS, count);
    s->count = count;
    for (unsigned i = 0; i < count; i++) {
        struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
        socklen_t len = sizeof(addr);

        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        WL_CHECK_SYS(lfds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        WL_CHECK_SYS(bind(lfds[i], (struct sockaddr *)&addr, sizeof(addr)));
        /* Port 0 above: the kernel picks a free ephemeral port, so runs never collide. */
        WL_CHECK_SYS(listen(lfds[i], 128));
        WL_CHECK_SYS(getsockname(lfds[i], (struct sockaddr *)&addr, &len));
        s->ports[i] = ntohs(addr.sin_port);
    }
    WL_CHECK_SYS(pipe2(ctl, O_CLOEXEC));
    fflush(NULL);
    WL_CHECK_SYS(s->pid = fork());
    if (s->pid == 0) {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = IO_TAG_CTL};

        close(ctl[1]);
        if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, ctl[0], &ev) != 0)
            _exit(3);
        for (unsigned i = 0; i < count; i++) {
            ev = (struct epoll_event){.events = EPOLLIN, .data.u64 = i};
            if (epoll_ctl(ep, EPOLL_CTL_ADD, lfds[i], &ev) != 0)
                _exit(3);
        }
        for (size_t i = 0; i < IO_MAX_CONNS; i++)
            io_conns[i].fd = -1;
        io_serve(ep, lfds, count, delay);
    }
    /* The parent keeps no listening socket: connections queue in the child's backlog. */
    for (unsigned i = 0; i < count; i++)
        close(lfds[i]);
    close(ctl[0]);
    s->ctl_fd = ctl[1];
}

void io_servers_stop(struct io_servers *s)
{
    int status;

    if (s->pid == -1)
        return;
    close(s->ctl_fd);
    s->ctl_fd = -1;
    while (waitpid(s->pid, &status, 0) < 0)
        if (errno != EINTR)
            wl_die_errno(errno, "waitpid", __FILE__, __LINE__);
    s->pid = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        wl_fail("servers: the server process died (status %#x)", status);
}
