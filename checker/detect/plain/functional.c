/* The functional check: how a run ended, compared with what the manifest expects. */
#include "functional.h"

#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"
#include "output_quote.h"

#define OUTPUT_READ_CAP (1u << 20)

/* glibc: "prog: file.c:12: main: Assertion `x > 0' failed." Returns true and fills the parts. */
static bool find_assertion(const char *err, char *file, size_t flen, int *line, char *func,
			   size_t fnlen, char *expr, size_t elen)
{
	const char *p = err ? strstr(err, ": Assertion `") : NULL;
	const char *start, *c1, *c2, *c3;

	if (!p)
		return false;
	/* Walk back to the start of the line, then split "prog: file:line: func". */
	start = p;
	while (start > err && start[-1] != '\n')
		start--;
	c1 = strstr(start, ": ");
	if (!c1 || c1 >= p)
		return false;
	c1 += 2;
	c2 = memchr(c1, ':', (size_t)(p - c1));
	if (!c2)
		return false;
	*line = atoi(c2 + 1);
	c3 = memchr(c2 + 1, ':', (size_t)(p - c2 - 1));
	snprintf(file, flen, "%.*s", (int)(c2 - c1), c1);
	if (strrchr(file, '/'))
		memmove(file, strrchr(file, '/') + 1, strlen(strrchr(file, '/')));
	snprintf(func, fnlen, "%.*s", c3 ? (int)(p - c3 - 2) : 0, c3 ? c3 + 2 : "");
	p += strlen(": Assertion `");
	snprintf(expr, elen, "%.*s", (int)strcspn(p, "'\n"), p);
	return *line > 0;
}

static enum rl_err add_located(struct finding_list *out, enum finding_kind k, unsigned tool,
			       const char *file, int line, const char *func, const char *msg)
{
	struct finding f = FINDING_INIT;

	f.kind = k;
	f.severity = finding_default_severity(k);
	f.tools = tool;
	f.message = strdup(msg);
	if (!f.message || location_set(&f.locs[0], file, line, 0, *func ? func : NULL, NULL)) {
		finding_release(&f);
		return RL_ERR_NOMEM;
	}
	f.nlocs = 1;
	return finding_list_add(out, &f);
}

/*
 * Adds a finding without location whose message is key (what went wrong, identical in every run
 * that went wrong this way) followed by what the program printed that explains it, from stdout
 * (the line the manifest's pattern looks for, the FAIL lines, else the last lines), else from
 * stderr. Runs of one check print different numbers: key_len lets them merge into one finding.
 */
static enum rl_err add_quoted(struct finding_list *out, enum finding_kind k, unsigned tool,
			      const char *key, const char *want_re, const char *stdout_path,
			      const char *stderr_path)
{
	struct finding f = FINDING_INIT;
	char msg[1024], quote[OUTPUT_QUOTE_LINES * (OUTPUT_QUOTE_LINE_MAX + 8)] = "";
	char *text = read_file_capped(stdout_path, OUTPUT_READ_CAP, NULL);

	output_quote_pick(text, want_re, quote, sizeof(quote));
	free(text);
	if (!*quote) {
		text = read_file_capped(stderr_path, OUTPUT_READ_CAP, NULL);
		output_quote_pick(text, NULL, quote, sizeof(quote));
		free(text);
	}
	snprintf(msg, sizeof(msg), "%s%s%s", key, *quote ? "; it printed: " : "", quote);
	f.kind = k;
	f.severity = finding_default_severity(k);
	f.tools = tool;
	f.key_len = strlen(key);
	if (!(f.message = strdup(msg)))
		return RL_ERR_NOMEM;
	return finding_list_add(out, &f);
}

enum rl_err functional_check(const struct functional_expect *e, const struct spawn_result *r,
			     const char *stdout_path, const char *stderr_path, unsigned tool,
			     struct finding_list *out)
{
	char msg[512];

	if (r->timed_out) {
		snprintf(msg, sizeof(msg), "did not finish within %d s and was killed", e->timeout_s);
		return finding_list_add1(out, FK_HANG, tool, NULL, 0, msg);
	}
	if (r->limit_hit || r->output_truncated) {
		snprintf(msg, sizeof(msg), "%s",
			 r->output_truncated && !r->limit_hit
				 ? "printed more output than the limit allows"
				 : r->term_signal == SIGXCPU ? "used up its CPU time limit"
				 : r->term_signal == SIGXFSZ ? "wrote a file past the size limit"
							     : "hit a resource limit (memory, "
							       "processes or files)");
		return finding_list_add1(out, FK_RESOURCE_LIMIT, tool, NULL, 0, msg);
	}
	if (r->term_signal == SIGABRT) {
		char *err = read_file_capped(stderr_path, OUTPUT_READ_CAP, NULL);
		char file[256], func[256], expr[256];
		int line = 0;
		enum rl_err rc;

		if (find_assertion(err, file, sizeof(file), &line, func, sizeof(func), expr,
				   sizeof(expr))) {
			snprintf(msg, sizeof(msg), "assertion `%s` failed", expr);
			rc = add_located(out, FK_ASSERTION, tool, file, line, func, msg);
		} else {
			rc = finding_list_add1(out, FK_ASSERTION, tool, NULL, 0,
					       "aborted (abort() or a failed assertion)");
		}
		free(err);
		return rc;
	}
	if (r->term_signal) {
		const char *abbrev = sigabbrev_np(r->term_signal);

		snprintf(msg, sizeof(msg), "killed by signal %d (SIG%s, %s), expected exit status %d",
			 r->term_signal, abbrev ? abbrev : "?", strsignal(r->term_signal),
			 e->exit_status);
		return add_quoted(out, FK_CRASH, tool, msg, NULL, stdout_path, stderr_path);
	}
	if (r->status != e->exit_status) {
		snprintf(msg, sizeof(msg), "exit status %d, expected %d", r->status, e->exit_status);
		return add_quoted(out, FK_WRONG_OUTPUT, tool, msg, e->stdout_regex, stdout_path,
				  stderr_path);
	}
	if (e->stdout_regex) {
		char *text = read_file_capped(stdout_path, OUTPUT_READ_CAP, NULL);
		regex_t re;
		bool match = false;

		if (text && !regcomp(&re, e->stdout_regex, REG_EXTENDED | REG_NEWLINE | REG_NOSUB)) {
			match = regexec(&re, text, 0, NULL, 0) == 0;
			regfree(&re);
		}
		free(text);
		if (!match) {
			snprintf(msg, sizeof(msg), "output does not match the expected /%s/",
				 e->stdout_regex);
			return add_quoted(out, FK_WRONG_OUTPUT, tool, msg, NULL, stdout_path,
					  stderr_path);
		}
	}
	return RL_ERR_OK;
}
