/*
 * Interposed blocking calls (sleep, usleep, nanosleep, read, write, poll, select): watched while
 * the caller holds a lock, or CPython's GIL (gil.c), to catch a lock held across them while others
 * wait; and once the program has forked, its reads, writes and untimed polls and selects are
 * noted for a deadlock through pipes (pipe_knot.h). Semantics, return values and errno are the
 * real function's, untouched.
 */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include <unistd.h>

#include "events.h"
#include "intercept.h"
#include "pipe_knot.h"
#include "sched_ctl.h"

/*
 * Without a lock held the call is not watched, and the real call runs outside the tracer (the
 * worker leaves first), so a signal handler or cancellation inside it meets a thread in the same
 * state as without the tracer. Same name for the shim and the real function.
 */
#define BLOCK_SHIM(ret_t, name, is_sleep, io_fd, args, ...)                                      \
	LG_INTERCEPTOR(ret_t, name, name, args, __VA_ARGS__)                                     \
	{                                                                                        \
		struct lg_blockcall b;                                                           \
		struct lg_site site;                                                             \
		struct lg_obj *gil = NULL;                                                       \
		ret_t r;                                                                         \
		int saved;                                                                       \
		bool io = (io_fd) >= 0 && atomic_load_explicit(&lg_forked, memory_order_relaxed); \
                                                                                                 \
		if (is_sleep && lg_sched_on) {                                                   \
			lg_scope_site(sc, &site);                                                \
			lg_sched_yield(sc->t, LG_C_##name, &site,                                \
				       lg_sched_real_sleep ? 0 : SLEEP_NS_##name);               \
			if (!lg_sched_real_sleep)                                                \
				return 0;                                                        \
			lg_leave();                                                              \
			return LG_REAL(name) args;                                               \
		}                                                                                \
		if (io) /* a pipe between processes may join a deadlock (pipe_knot.h) */        \
			IO_BEGIN_##name;                                                         \
		if (lg_gil_held())                                                               \
			gil = lg_gil_obj();                                                      \
		if (!sc->t->nheld && !gil) {                                                     \
			block_event(sc, LG_EV_BLOCK, BC_##name);                                 \
			lg_leave();                                                              \
			r = LG_REAL(name) args;                                                  \
			saved = errno;                                                           \
			if (io)                                                                  \
				lg_io_end(sc->t);                                                \
			block_event(sc, LG_EV_UNBLOCK, BC_##name);                               \
			errno = saved;                                                           \
			return r;                                                                \
		}                                                                                \
		lg_scope_site(sc, &site);                                                        \
		block_event(sc, LG_EV_BLOCK, BC_##name);                                         \
		lg_block_begin(sc->t, &b, gil);                                                  \
		r = LG_REAL(name) args;                                                          \
		saved = errno;                                                                   \
		if (io)                                                                          \
			lg_io_end(sc->t);                                                        \
		lg_block_end(sc->t, &b, #name "()", &site);                                      \
		block_event(sc, LG_EV_UNBLOCK, BC_##name);                                       \
		errno = saved;                                                                   \
		return r;                                                                        \
	}

/* How long each sleep would last (a skipped sleep advances the timed waits' clock by it). */
#define SLEEP_NS_sleep ((int64_t)s * 1000000000)
#define SLEEP_NS_usleep ((int64_t)us * 1000)
#define SLEEP_NS_nanosleep (req ? (int64_t)req->tv_sec * 1000000000 + req->tv_nsec : 0)
#define SLEEP_NS_read 0
#define SLEEP_NS_write 0
#define SLEEP_NS_poll 0
#define SLEEP_NS_select 0

/* What each call notes for pipe_knot.h, when io_fd says it may join a deadlock. */
#define IO_BEGIN_sleep (void)0
#define IO_BEGIN_usleep (void)0
#define IO_BEGIN_nanosleep (void)0
#define IO_BEGIN_read lg_io_begin(sc, fd, false)
#define IO_BEGIN_write lg_io_begin(sc, fd, true)
#define IO_BEGIN_poll lg_io_begin_poll(sc, fds, n)
#define IO_BEGIN_select lg_io_begin_select(sc, nfds, rd, wr)

/* The event log's names for the calls; write() is left out: every printf would be an event. */
enum {
	BC_sleep = LG_BC_SLEEP, BC_usleep = LG_BC_USLEEP, BC_nanosleep = LG_BC_NANOSLEEP,
	BC_read = LG_BC_READ, BC_write = -1, BC_poll = LG_BC_POLL, BC_select = -1
};

static inline void block_event(const struct lg_scope *sc, int ev, int call)
{
	if (call >= 0)
		lg_ev(sc->t, ev, NULL, call, (uintptr_t)sc->caller.ret);
}

/*
 * Under control a sleep takes no time: it is a yield (the sleeper drops below every other thread),
 * since no sleep guarantees that anything happened meanwhile; once the program has forked it also
 * sleeps for real (see lg_sched_real_sleep). I/O calls are not scheduling points.
 */
BLOCK_SHIM(unsigned, sleep, 1, -1, (s), unsigned s)
BLOCK_SHIM(int, usleep, 1, -1, (us), useconds_t us)
BLOCK_SHIM(int, nanosleep, 1, -1, (req, rem), const struct timespec *req, struct timespec *rem)
BLOCK_SHIM(ssize_t, read, 0, fd, (fd, buf, n), int fd, void *buf, size_t n)
BLOCK_SHIM(ssize_t, write, 0, fd, (fd, buf, n), int fd, const void *buf, size_t n)
/* A poll() with a timeout ends by itself: only one without (ms < 0) can join a deadlock. */
BLOCK_SHIM(int, poll, 0, ms < 0 ? 0 : -1, ((void *)fds, n, ms), struct pollfd *fds, nfds_t n,
	   int ms)
BLOCK_SHIM(int, select, 0, tv ? -1 : 0, (nfds, rd, wr, ex, tv), int nfds, fd_set *rd, fd_set *wr,
	   fd_set *ex, struct timeval *tv)
