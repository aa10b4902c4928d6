/* I/O mode `epoll`: one thread, non-blocking sockets and an event loop, with at most
 * run->workers probes in flight (the same concurrency as a pool of that many threads). */
#include "modes.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto.h"
#include "wl.h"

/* Longest the loop waits with nothing happening before it declares the servers dead. */
#define IO_EPOLL_IDLE_MS 5000

struct io_probe_state {
    int fd; /* -1 when the slot is free */
    unsigned server;
    bool sent;
    size_t used;
    char buf[IO_LINE_MAX];
};

/* Starts a non-blocking connect to `server` in slot s; returns -1 if it failed at once. */
static int io_epoll_start(int ep, const struct io_run *run, struct io_probe_state *s,
                          unsigned server, size_t slot)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = slot};

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(run->servers->ports[server]);
    *s = (struct io_probe_state){.fd = -1, .server = server};
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0)
        return -1;
    /* EINPROGRESS is the normal answer: writability will tell us the connect finished. */
    if ((connect(s->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 && errno != EINPROGRESS) ||
        epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev) != 0) {
        close(s->fd);
        s->fd = -1;
        return -1;
    }
    return 0;
}

/* Advances one probe on an event: after the connect completes, sends the PING; then reads the
 * PONG. Returns 1 when it finished well (token stored), -1 when it failed, 0 when it waits. */
static int io_epoll_step(const struct io_run *run, struct io_probe_state *s, uint64_t *token)
{
    if (!s->sent) {
        char req[IO_LINE_MAX];
        size_t len = io_request_format(req, s->server, run->nonce);
        int err = 0;
        socklen_t elen = sizeof(err);

        if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0)
            return -1;
        /* A 30-byte request always fits an empty socket buffer. */
        if (send(s->fd, req, len, MSG_NOSIGNAL) != (ssize_t)len)
            return -1;
        s->sent = true;
        return 0;
    }
    for (;;) {
        ssize_t n = recv(s->fd, s->buf + s->used, sizeof(s->buf) - 1 - s->used, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n <= 0)
            return -1;
        s->used += (size_t)n;
        s->buf[s->used] = '\0';
        if (memchr(s->buf, '\n', s->used) != NULL)
            return io_reply_parse(s->buf, s->server, token) == 0 ? 1 : -1;
        if (s->used == sizeof(s->buf) - 1)
            return -1;
    }
}

struct io_tally io_run_epoll(const struct io_run *run)
{
    unsigned n = run->servers->count, next = 0, finished = 0;
    size_t slots = run->workers;
    struct io_probe_state *st = calloc(slots, sizeof(*st));
    struct epoll_event *evs = calloc(slots, sizeof(*evs));
    struct io_tally t = {0, 0};
    int ep;

    if (st == NULL || evs == NULL)
        wl_fail("epoll: out of memory");
    WL_CHECK_SYS(ep = epoll_create1(EPOLL_CLOEXEC));
    for (size_t i = 0; i < slots; i++)
        st[i].fd = -1;
    while (finished < n) {
        int got;

        /* Keep every free slot busy with the next server, as a pool keeps every worker busy. */
        for (size_t i = 0; i < slots && next < n; i++) {
            if (st[i].fd != -1)
                continue;
            if (io_epoll_start(ep, run, &st[i], next++, i) != 0)
                finished++; /* counted as done, not answered: the check will fail */
        }
        if (finished == n)
            break;
        got = epoll_wait(ep, evs, (int)slots, IO_EPOLL_IDLE_MS);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; /* nothing for 5 s: give up, the missing answers fail the check */
        for (int e = 0; e < got; e++) {
            struct io_probe_state *s = &st[evs[e].data.u64];
            bool was_sent = s->sent;
            uint64_t token;
            int rc = io_epoll_step(run, s, &token);

            if (rc == 0 && !was_sent && s->sent) {
                /* Connected and sent: now wait for the answer instead of writability. */
                struct epoll_event ev = {.events = EPOLLIN, .data.u64 = evs[e].data.u64};

                if (epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev) != 0)
                    rc = -1;
            }
            if (rc == 0)
                continue;
            /* The compute part runs on the loop's only thread: while it runs, no other probe
             * advances. Keep handlers short, or the loop stalls (exercise 21). */
            if (rc == 1) {
                t.sum += io_process(token, run->rounds);
                t.answered++;
            }
            epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
            close(s->fd);
            s->fd = -1;
            finished++;
        }
    }
    for (size_t i = 0; i < slots; i++)
        if (st[i].fd != -1)
            close(st[i].fd);
    close(ep);
    free(evs);
    free(st);
    return t;
}
