/* Private to the report writers: their ops tables and the helpers they share. */
#ifndef RACELAB_REPORT_INT_H
#define RACELAB_REPORT_INT_H

#include <stdio.h>

#include "model/error.h"
#include "report.h"
#include "model/result.h"

extern const struct report_ops report_text_ops;
extern const struct report_ops report_json_ops;
extern const struct report_ops report_junit_ops;
extern const struct report_ops report_tap_ops;
extern const struct report_ops report_gradescope_ops;
extern const struct report_ops report_html_ops;

/*
 * Reads line `line` of dir/file into buf (newline stripped). False when the file cannot be read or
 * is shorter: the quote is then left out quietly, since the report is still right without it.
 */
bool report_source_line(const char *dir, const char *file, int line, char *buf, size_t size);

/* What report_text_capture() includes besides the diagnostics. */
#define REPORT_CAPTURE_VERDICT 1u /* the verdict line first */
#define REPORT_CAPTURE_NOTE 2u    /* the result's note ("note: ignored ...") */

/*
 * The plain-text diagnostics of one result (never coloured), as a malloc'd string the caller
 * frees. The JUnit, TAP and Gradescope writers embed it so every format shows the same
 * diagnostics. NULL on allocation failure.
 */
char *report_text_capture(const struct exercise_result *r, unsigned what,
			  const struct report_opts *o);

/* "tsan, helgrind" for a TOOL(...) bit set, into buf (always terminated). */
void report_tools_string(unsigned tools, char *buf, size_t size);

/*
 * Length of the valid UTF-8 sequence at s (1-4), or 0 when the bytes there are not valid UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). *cp gets the code point.
 */
size_t report_utf8_next(const unsigned char *s, unsigned *cp);
/*
 * A copy of s in which every byte that is not part of valid UTF-8 is replaced by '?', since tool
 * messages may quote a program's raw output and JSON and XML both require UTF-8. NULL on OOM.
 */
char *report_utf8_clean(const char *s);

/* Checks a stdio stream after writing: RL_ERR_IO with d set if any write failed. */
enum rl_err report_check_stream(FILE *out, struct diag *d);

#endif
