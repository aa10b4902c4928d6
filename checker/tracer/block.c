/*
 * Interposed blocking calls (sleep, usleep, nanosleep, read, write, poll): only watched while the
 * caller holds a lock, to catch a lock (a GIL) held across them while others wait. Semantics,
 * return values and errno are the real function's, untouched.
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "lg.h"

#define BLOCK_SHIM(ret_t, name, realf, params, args)                                       \
	LG_EXPORT ret_t name params                                                        \
	{                                                                                  \
		struct lg_thread *t = lg_enter();                                          \
		struct lg_blockcall b;                                                     \
		struct lg_site site;                                                       \
		ret_t r;                                                                   \
		int saved;                                                                 \
                                                                                           \
		if (!t)                                                                    \
			return LG_REAL(realf) args;                                        \
		LG_COUNT(t, name);                                                         \
		if (!t->nheld) {                                                           \
			lg_leave();                                                        \
			return LG_REAL(realf) args;                                        \
		}                                                                          \
		LG_SITE(&site);                                                            \
		lg_block_begin(t, &b);                                                     \
		r = LG_REAL(realf) args;                                                   \
		saved = errno;                                                             \
		lg_block_end(t, &b, #name "()", &site);                                    \
		lg_leave();                                                                \
		errno = saved;                                                             \
		return r;                                                                  \
	}

BLOCK_SHIM(unsigned, sleep, sleep, (unsigned s), (s))
BLOCK_SHIM(int, usleep, usleep, (useconds_t us), (us))
BLOCK_SHIM(int, nanosleep, nanosleep, (const struct timespec *req, struct timespec *rem),
	   (req, rem))
BLOCK_SHIM(ssize_t, read, read, (int fd, void *buf, size_t n), (fd, buf, n))
BLOCK_SHIM(ssize_t, write, write, (int fd, const void *buf, size_t n), (fd, buf, n))
BLOCK_SHIM(int, poll, poll, (struct pollfd *fds, nfds_t n, int ms), ((void *)fds, n, ms))
