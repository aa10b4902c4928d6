/* Quoting a program's own output in a finding: the lines that explain a failure, made safe. */
#ifndef RACELAB_OUTPUT_QUOTE_H
#define RACELAB_OUTPUT_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many lines are quoted, each cut to OUTPUT_QUOTE_LINE_MAX bytes. */
#define OUTPUT_QUOTE_LINES 3
#define OUTPUT_QUOTE_LINE_MAX 160

/*
 * Copies one line of untrusted output into buf as printable text: control bytes (escape
 * sequences included), DEL, C1 controls and invalid UTF-8 become '?', so that no program can
 * move a terminal's cursor or change its colours through a report. Valid UTF-8 is kept. The
 * result is cut at len - 1 bytes on a character boundary ("..." marks a cut). Returns buf.
 */
char *output_quote_line(const char *line, size_t n, char *buf, size_t len);

/*
 * Picks the lines of text (a run's stdout or stderr, NUL-terminated, may be NULL) that explain
 * a failure and appends them to out as `"line" | "line"` (out is NUL-terminated, never overrun):
 * first a line matching want_re (a POSIX ERE, the manifest's stdout pattern; NULL: none), then
 * the lines that say FAIL or error, then, when none of those exist, the last non-blank lines.
 * Returns the number of lines quoted.
 */
size_t output_quote_pick(const char *text, const char *want_re, char *out, size_t len);

#endif
