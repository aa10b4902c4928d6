/*
 * A complexity check the fuzzers cannot make (they keep inputs small): for every line L of each
 * given file, parse "the file up to L, then L repeated" at SIZE and at 4 * SIZE bytes, and report
 * the lines whose time grows more than 7-fold (linear would be 4-fold). A hostile program can
 * write megabytes into the files some parsers read, so a quadratic parser stalls the grader.
 *
 *   fuzz_scale PARSER SIZE FILE...
 *
 * PARSER: tsan helgrind helgrind_partial manifest lockgraph cuda_sanitizer cuda_nvcc hints build.
 * Exit status 0 when no line grew superlinearly, 1 when one did, 2 on bad usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/build.h"
#include "detect/cuda/cuda.h"
#include "detect/helgrind/helgrind.h"
#include "model/hints.h"
#include "detect/lockgraph/lockgraph.h"
#include "model/manifest.h"
#include "detect/tsan/tsan.h"
#include "model/util.h"

#define SLOW_S 0.3   /* below this at 4 * SIZE, timing noise outweighs the ratio */
#define MAX_RATIO 7.0

static const char *parser;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Seconds one parse (and, for the lock trace, the analysis after it) takes; -1 unknown parser. */
static double time_parse(const char *text, size_t len)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	double start = now_s();

	if (!strcmp(parser, "tsan")) {
		tsan_parse_log(text, len, NULL, &l, &d);
	} else if (!strcmp(parser, "helgrind")) {
		helgrind_parse_xml(text, len, NULL, &l, &d);
	} else if (!strcmp(parser, "helgrind_partial")) {
		bool complete;

		helgrind_parse_xml_partial(text, len, NULL, &l, &complete, &d);
		helgrind_xml_has_relock(text, len);
	} else if (!strcmp(parser, "manifest")) {
		struct manifest m;

		manifest_load_text(&m, ".", text, len, &d);
		manifest_release(&m);
	} else if (!strcmp(parser, "lockgraph")) {
		struct lg_trace t = LG_TRACE_INIT;
		struct lg_symbols s = LG_SYMBOLS_INIT;
		struct lg_analysis a = { 0 };

		if (lg_trace_parse(&t, text, len, &d) == RL_ERR_OK)
			lg_trace_findings(&t, &s, &a, &l, &d);
		lg_trace_release(&t);
	} else if (!strcmp(parser, "cuda_sanitizer")) {
		cuda_parse_sanitizer(text, NULL, &l);
	} else if (!strcmp(parser, "cuda_nvcc")) {
		cuda_parse_nvcc_errors(text, &l);
	} else if (!strcmp(parser, "hints")) {
		struct hints h;

		hints_parse(text, &h, &d);
		hints_release(&h);
	} else if (!strcmp(parser, "build")) {
		build_parse_errors(text, &l);
	} else {
		return -1;
	}
	finding_list_release(&l);
	return now_s() - start;
}

/* prefix, then line repeated until the text reaches size bytes; NUL-terminated. */
static char *repeat(const char *prefix, size_t plen, const char *line, size_t llen, size_t size,
		    size_t *len)
{
	size_t k = size > plen ? (size - plen) / llen + 1 : 1;
	char *b = malloc(plen + k * llen + 1);

	if (!b)
		return NULL;
	memcpy(b, prefix, plen);
	*len = plen;
	for (size_t i = 0; i < k; i++, *len += llen)
		memcpy(b + *len, line, llen);
	b[*len] = '\0';
	return b;
}

int main(int argc, char **argv)
{
	size_t size;
	int bad = 0;

	if (argc < 4 || (size = strtoul(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: fuzz_scale PARSER SIZE FILE...\n");
		return 2;
	}
	parser = argv[1];
	if (time_parse("", 0) < 0) {
		fprintf(stderr, "fuzz_scale: unknown parser '%s'\n", parser);
		return 2;
	}
	for (int a = 3; a < argc; a++) {
		size_t len;
		char *text = read_file_capped(argv[a], 1 << 24, &len);
		int n = 1;

		if (!text) {
			fprintf(stderr, "fuzz_scale: cannot read %s\n", argv[a]);
			return 2;
		}
		for (const char *l = text; *l; n++) {
			const char *nl = strchr(l, '\n');
			size_t llen = nl ? (size_t)(nl - l) + 1 : strlen(l), n1, n4;
			char *b1 = repeat(text, (size_t)(l - text), l, llen, size, &n1);
			char *b4 = repeat(text, (size_t)(l - text), l, llen, 4 * size, &n4);
			double t1, t4;

			if (!b1 || !b4) {
				fprintf(stderr, "fuzz_scale: out of memory\n");
				return 2;
			}
			t1 = time_parse(b1, n1);
			/* Far gone already: do not wait for the larger one. */
			t4 = t1 > 5 ? 16 * t1 : time_parse(b4, n4);
			if (t4 > SLOW_S && t4 / (t1 > 1e-3 ? t1 : 1e-3) > MAX_RATIO) {
				printf("%s:%d: %.2f s at %zu bytes, %.2f s at %zu: %.*s\n", argv[a], n,
				       t1, n1, t4, n4, (int)(llen > 60 ? 60 : llen - 1), l);
				bad = 1;
			}
			free(b1);
			free(b4);
			l += llen;
		}
		free(text);
	}
	return bad;
}
