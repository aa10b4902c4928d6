/* The functional check of one run: exit status, signals, timeouts and stdout against the manifest. */
#ifndef RACELAB_FUNCTIONAL_H
#define RACELAB_FUNCTIONAL_H

#include "model/error.h"
#include "model/findings.h"
#include "run/spawn.h"

struct functional_expect {
	int exit_status;          /* expected exit status */
	const char *stdout_regex; /* POSIX ERE, newline-sensitive; NULL: not checked */
	int timeout_s;            /* for the message of a hang */
};

/*
 * Appends what the run's ending says: hang (killed at the timeout), resource-limit, assertion
 * (SIGABRT; the location comes from glibc's "file:line: function: Assertion" line in stderr),
 * crash (any other signal), wrong-output (other exit status, or stdout not matching). The
 * program's output is only compared, never interpreted as a verdict.
 */
enum rl_err functional_check(const struct functional_expect *e, const struct spawn_result *r,
			     const char *stdout_path, const char *stderr_path, unsigned tool,
			     struct finding_list *out);

#endif
