/* Report writers (text, json, junit, tap, gradescope, html) behind one ops table. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "model/error.h"
#include "model/hints.h"
#include "model/result.h"

struct report_opts {
	bool color;       /* ANSI colour: only on a terminal and never with NO_COLOR */
	bool quote_source;/* quote the source line under each diagnostic (text) */
	const char *suite;/* suite name for JUnit/TAP, e.g. "racelab" */
	/*
	 * May be NULL. Writes into buf the command that repeats the run a finding's seed came from
	 * (the CLI knows which command ran; the writers do not guess).
	 */
	void (*repeat_cmd)(char *buf, size_t len, const char *name, long seed);
	/*
	 * May be NULL. Fills *h with the hints of result `name` already revealed to the student (the
	 * CLI keeps that count in .racelab/; the writers cannot read it) and returns how many hints
	 * the exercise has in all, or -1 when it has none to tell. The writer releases *h. (html)
	 */
	int (*revealed_hints)(const char *name, struct hints *h);
	/* Directory that relative graph paths are relative to (the kit's root); NULL: the cwd. */
	const char *graph_base;
};

struct report_ops {
	const char *name;   /* "text", "json", "junit", "tap", "gradescope" */
	const char *suffix; /* of a file holding this format: ".txt", ".junit.xml" */
	/* Writes a whole report of s to out. */
	enum rl_err (*write)(FILE *out, const struct result_set *s, const struct report_opts *o,
			     struct diag *d);
};

/* NULL when the name is unknown. */
const struct report_ops *report_find(const char *name);
/* Every writer's name, ", "-separated ("text, json, ..."), for messages: a static string. */
const char *report_names(void);

/*
 * Writes s for a terminal: control characters other than tab (an escape sequence in a program's
 * output or a student's source could drive the terminal) and bytes that are not UTF-8 become '?'.
 */
void report_put_clean(FILE *out, const char *s);

/*
 * HTML building blocks the class dashboard (grade/) shares with the html writer, so both pages look
 * alike and escape alike. report_html_escape writes s as HTML text or a quoted attribute value
 * (& < > " ' escaped; bytes that are not UTF-8 and control characters become '?').
 * report_html_url writes s percent-encoded for a relative link (every byte outside
 * [A-Za-z0-9._~-]), to be escaped no further. report_html_begin opens a page whose
 * Content-Security-Policy allows no network at all, inline styles, and scripts only with the given
 * nonce (NULL: no script may run); report_html_end closes it.
 */
void report_html_escape(FILE *out, const char *s);
void report_html_url(FILE *out, const char *s);
void report_html_begin(FILE *out, const char *title, const char *script_nonce);
void report_html_end(FILE *out);

/* The text writer's per-exercise block, used by check as results come in. */
void report_text_result(FILE *out, const struct exercise_result *r, const struct report_opts *o);
void report_text_summary(FILE *out, const struct result_set *s, const struct report_opts *o);

#endif
