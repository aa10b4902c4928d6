/* The connectivity check's wire protocol and its compute part (see proto.h). */
#include "proto.h"

#include <inttypes.h>
#include <stdio.h>

/* splitmix64's finaliser: cheap, and every output bit depends on every input bit. */
static uint64_t io_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t io_token(unsigned server, uint64_t nonce)
{
    return io_mix(nonce ^ io_mix(server));
}

uint64_t io_process(uint64_t x, unsigned long rounds)
{
    for (unsigned long i = 0; i < rounds; i++)
        x = io_mix(x);
    return x;
}

size_t io_request_format(char *buf, unsigned server, uint64_t nonce)
{
    return (size_t)snprintf(buf, IO_LINE_MAX, "PING %u %" PRIu64 "\n", server, nonce);
}

int io_request_parse(const char *line, unsigned *server, uint64_t *nonce)
{
    return sscanf(line, "PING %u %" SCNu64, server, nonce) == 2 ? 0 : -1;
}

size_t io_reply_format(char *buf, unsigned server, uint64_t token)
{
    return (size_t)snprintf(buf, IO_LINE_MAX, "PONG %u %" PRIu64 "\n", server, token);
}

int io_reply_parse(const char *line, unsigned server, uint64_t *token)
{
    unsigned got;

    if (sscanf(line, "PONG %u %" SCNu64, &got, token) != 2 || got != server)
        return -1;
    return 0;
}

uint64_t io_expected(unsigned servers, uint64_t nonce, unsigned long rounds)
{
    uint64_t sum = 0;

    for (unsigned i = 0; i < servers; i++)
        sum += io_process(io_token(i, nonce), rounds);
    return sum;
}
