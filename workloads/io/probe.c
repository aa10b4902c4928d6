/* One blocking probe: connect, PING, wait for the PONG, check it. */
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "proto.h"

int io_probe(const struct io_run *run, unsigned server, uint64_t *token)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    struct timeval limit = {.tv_sec = 5};
    char buf[IO_LINE_MAX];
    size_t len, used = 0;
    int fd, rc = -1;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(run->servers->ports[server]);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    /* A server that never answers must not hang the benchmark: bound every wait. */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit)) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit)) != 0 ||
        connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
        goto out_close;
    len = io_request_format(buf, server, run->nonce);
    if (send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
        goto out_close;
    /* Read to end of line; the server closes after one reply. */
    while (used < sizeof(buf) - 1 && memchr(buf, '\n', used) == NULL) {
        ssize_t n = recv(fd, buf + used, sizeof(buf) - 1 - used, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto out_close;
        used += (size_t)n;
    }
    buf[used] = '\0';
    rc = io_reply_parse(buf, server, token);
out_close:
    close(fd);
    return rc;
}
