/* The connectivity check's wire protocol and its "compute part", shared by client and servers. */
#ifndef IO_PROTO_H
#define IO_PROTO_H

#include <stddef.h>
#include <stdint.h>

/* Request "PING <server> <nonce>\n"; reply "PONG <server> <token>\n" after the server's delay.
 * The token depends on the server and a nonce fresh for every run, so a reply from the wrong
 * server, or left over from an earlier run, cannot pass the check. */
#define IO_LINE_MAX 64

uint64_t io_token(unsigned server, uint64_t nonce);

/* The CPU work a checker does with each answer (parse, hash, compare with a stored record), in a
 * form that can be cut into pieces: io_process(io_process(x, a), b) == io_process(x, a + b), so a
 * thread can stop at a GIL switch point and carry on. About 2 ns per round. */
uint64_t io_process(uint64_t x, unsigned long rounds);

/* Formats the request into buf (IO_LINE_MAX bytes); returns its length. */
size_t io_request_format(char *buf, unsigned server, uint64_t nonce);

/* Parses a request; returns 0 and fills server and nonce, or -1 on garbage. */
int io_request_parse(const char *line, unsigned *server, uint64_t *nonce);

/* Formats the reply into buf (IO_LINE_MAX bytes); returns its length. */
size_t io_reply_format(char *buf, unsigned server, uint64_t token);

/* Checks a reply line for this server: returns 0 and stores the token, or -1 when the line is not
 * a PONG from `server`. */
int io_reply_parse(const char *line, unsigned server, uint64_t *token);

/* What one run of the checker must add up to: the sum of io_process(token, rounds) over all the
 * servers, computed here without any network, to compare with what the probes found. */
uint64_t io_expected(unsigned servers, uint64_t nonce, unsigned long rounds);

#endif
