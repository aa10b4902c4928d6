/* Error names, messages and the diagnostics buffer. */
#include "error.h"

#include <stdio.h>

static const char *const names[] = {
#define RL_ERR_NAME(name, msg) #name,
	RL_ERR_MAP(RL_ERR_NAME)
#undef RL_ERR_NAME
};

static const char *const messages[] = {
#define RL_ERR_MSG(name, msg) msg,
	RL_ERR_MAP(RL_ERR_MSG)
#undef RL_ERR_MSG
};

const char *rl_err_name(enum rl_err e)
{
	return (unsigned)e < RL_ERR__COUNT ? names[e] : "UNKNOWN";
}

const char *rl_err_message(enum rl_err e)
{
	return (unsigned)e < RL_ERR__COUNT ? messages[e] : "unknown error";
}

enum rl_err diag_set(struct diag *d, enum rl_err code, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->code != RL_ERR_OK)
		return code;
	d->code = code;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return code;
}

enum rl_err diag_missing_tool(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->code != RL_ERR_OK)
		return RL_ERR_TOOL;
	d->code = RL_ERR_TOOL;
	d->missing_tool = true;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return RL_ERR_TOOL;
}

void diag_clear(struct diag *d)
{
	d->code = RL_ERR_OK;
	d->missing_tool = false;
	d->msg[0] = '\0';
}
