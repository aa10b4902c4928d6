/*
 * Interposed blocking calls (sleep, usleep, nanosleep, read, write, poll): only watched while the
 * caller holds a lock, to catch a lock (a GIL) held across them while others wait. Semantics,
 * return values and errno are the real function's, untouched.
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "intercept.h"

/*
 * Without a lock held the call is not watched, and the real call runs outside the tracer (the
 * worker leaves first), so a signal handler or cancellation inside it meets a thread in the same
 * state as without the tracer. Same name for the shim and the real function.
 */
#define BLOCK_SHIM(ret_t, name, args, ...)                                                       \
	LG_INTERCEPTOR(ret_t, name, name, args, __VA_ARGS__)                                     \
	{                                                                                        \
		struct lg_blockcall b;                                                           \
		struct lg_site site;                                                             \
		ret_t r;                                                                         \
		int saved;                                                                       \
                                                                                                 \
		if (!sc->t->nheld) {                                                             \
			lg_leave();                                                              \
			return LG_REAL(name) args;                                               \
		}                                                                                \
		lg_scope_site(sc, &site);                                                        \
		lg_block_begin(sc->t, &b);                                                       \
		r = LG_REAL(name) args;                                                          \
		saved = errno;                                                                   \
		lg_block_end(sc->t, &b, #name "()", &site);                                      \
		errno = saved;                                                                   \
		return r;                                                                        \
	}

BLOCK_SHIM(unsigned, sleep, (s), unsigned s)
BLOCK_SHIM(int, usleep, (us), useconds_t us)
BLOCK_SHIM(int, nanosleep, (req, rem), const struct timespec *req, struct timespec *rem)
BLOCK_SHIM(ssize_t, read, (fd, buf, n), int fd, void *buf, size_t n)
BLOCK_SHIM(ssize_t, write, (fd, buf, n), int fd, const void *buf, size_t n)
BLOCK_SHIM(int, poll, ((void *)fds, n, ms), struct pollfd *fds, nfds_t n, int ms)
