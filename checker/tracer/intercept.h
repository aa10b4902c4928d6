/* The one macro every interposed function is made with: an exported shim and its worker. */
#ifndef RACELAB_INTERCEPT_H
#define RACELAB_INTERCEPT_H

#include "lg.h"

/*
 * compiler-rt's shape (TSAN_INTERCEPTOR with a SCOPED_TSAN_INTERCEPTOR prologue), in C:
 *
 *   LG_INTERCEPTOR(int, pthread_mutex_lock, mutex_lock, (m), pthread_mutex_t *m)
 *   {
 *           ... the worker: before event, LG_REAL(mutex_lock)(m), after event ...
 *   }
 *
 * defines the exported shim pthread_mutex_lock(pthread_mutex_t *m) and a static worker whose
 * body follows the macro; the worker sees the parameters and `sc`, the call's scope. The shim is
 * the same for every family:
 * - the prologue (LG_SCOPED_INTERCEPTOR) enters the tracer (lg_enter() sets the thread's
 *   re-entrancy flag) and, when the call must go straight to libc (tracer inactive, nested call,
 *   the watchdog, no slot), calls the real function `realf` (a member of struct lg_real) and
 *   returns; otherwise it notes the caller and counts the call (LG_COUNT, the "calls" records);
 * - then it calls the worker and leaves the tracer (clears the flag).
 * The caller is captured in the shim because return and frame addresses are only the program's
 * there; the worker turns them into a call site (lg_scope_site) only when it needs one, which
 * costs the same as capturing it up front since the shim's frame is still live.
 * A worker may call lg_leave() itself before a real call that must run outside the tracer (see
 * block.c); the shim's own lg_leave() then changes nothing. Parameters come last so that a
 * function without any (fork) needs no special case: its list is empty and its shim takes void.
 */

/* What a worker knows about its call besides the parameters. */
struct lg_scope {
	struct lg_thread *t;     /* the calling thread's slot, re-entrancy flag set */
	struct lg_caller caller; /* the program's return and frame address, for the call site */
};

/* The call site of the scope's caller (the shim's frame is live while its worker runs). */
static inline void lg_scope_site(const struct lg_scope *sc, struct lg_site *site)
{
	lg_site_capture(site, sc->caller.ret, sc->caller.frame);
}

/* The prologue of every shim; `args` is the parenthesized argument list for the real call. */
#define LG_SCOPED_INTERCEPTOR(sc, name, realf, args)                                            \
	struct lg_scope sc = { .t = lg_enter() };                                                \
                                                                                                 \
	if (!sc.t)                                                                               \
		return LG_REAL(realf) args;                                                      \
	LG_CALLER(&sc.caller);                                                                   \
	LG_COUNT(sc.t, name)

/* ", a, b" for a non-empty list, nothing for an empty one. */
#define LG_COMMA_LIST(...) __VA_OPT__(, ) __VA_ARGS__
/* "(a, b)" for a non-empty parameter list, "(void)" for an empty one. */
#define LG_EAT(...)
#define LG_PARAMS(...) __VA_OPT__((__VA_ARGS__) LG_EAT)(void)

#define LG_INTERCEPTOR(ret, name, realf, args, ...)                                             \
	static ret lg_worker_##name(struct lg_scope *sc LG_COMMA_LIST(__VA_ARGS__));             \
	LG_EXPORT ret name LG_PARAMS(__VA_ARGS__)                                                \
	{                                                                                        \
		LG_SCOPED_INTERCEPTOR(sc, name, realf, args);                                    \
		ret r = lg_worker_##name(&sc LG_COMMA_LIST args);                                \
                                                                                                 \
		lg_leave();                                                                      \
		return r;                                                                        \
	}                                                                                        \
	static ret lg_worker_##name(struct lg_scope *sc LG_COMMA_LIST(__VA_ARGS__))

#endif
