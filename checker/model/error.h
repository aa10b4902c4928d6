/* The error codes of the racelab library, built from one X-macro so names and messages stay in step. */
#ifndef RACELAB_ERROR_H
#define RACELAB_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* RL_ERR_MAP(X): X(name, message). RL_OK must stay first and zero. */
#define RL_ERR_MAP(X)                                                        \
	X(OK, "success")                                                     \
	X(NOMEM, "out of memory")                                            \
	X(IO, "input/output error")                                          \
	X(USAGE, "bad usage")                                                \
	X(MANIFEST, "invalid manifest")                                      \
	X(NOTFOUND, "not found")                                             \
	X(TOOL, "required tool missing or failed")                           \
	X(BUILD, "build failed")                                             \
	X(SPAWN, "could not start a process")                                \
	X(PARSE, "could not parse a tool's output")                          \
	X(UNSUPPORTED, "the tool cannot check this program")                 \
	X(INTERNAL, "internal error")

enum rl_err {
#define RL_ERR_ENUM(name, msg) RL_ERR_##name,
	RL_ERR_MAP(RL_ERR_ENUM)
#undef RL_ERR_ENUM
	RL_ERR__COUNT
};

const char *rl_err_name(enum rl_err e);
const char *rl_err_message(enum rl_err e);

/*
 * Caller-owned diagnostics: library code writes the details of a failure here and never prints.
 * One message is kept (the first one set wins, so the root cause survives the unwinding).
 */
struct diag {
	enum rl_err code;
	char msg[1024];
	bool missing_tool; /* a tool is not installed: the front end says how to install it */
};
#define DIAG_INIT { RL_ERR_OK, "", false }

/* Sets d (if not already set) and returns code, so callers can write `return diag_set(d, ...)`. */
enum rl_err diag_set(struct diag *d, enum rl_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As diag_set() with RL_ERR_TOOL, for a tool that is not installed (d->missing_tool). */
enum rl_err diag_missing_tool(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_clear(struct diag *d);

#endif
