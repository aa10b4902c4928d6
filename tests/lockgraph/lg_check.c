/*
 * Integration check of the lock tracer detector: runs a test program under the lockgraph backend
 * (the real spawn, tracer, addr2line and dot) and checks its findings against the options.
 *   lg_check --lib DIR --bin PROGRAM --src FILE.c [--runs N] [--seed S] [--timeout MS]
 *            [--hang-ms MS] [--starve-ms MS] [--expect KIND] [--forbid KIND] [--none]
 *            [--within MS] [--at MARKER]... [--says TEXT]... [--svg] [--calls]
 * --expect: every run has a finding of KIND, located at each "LINE MARKER" line of FILE.c
 * (--at) and whose message contains each TEXT (--says); --svg: its graph is an SVG file.
 * --calls: every interposed function (LG_CALLS) is listed in the tracer's "calls" lines, and each
 * family's own record (obj of every kind, barrier, thread, exit, fork) is in the trace.
 *   lg_check --list-calls: prints LG_CALLS, one name a line (tests/lockgraph/exports.sh compares
 *   them with what liblockgraph.so exports).
 * --interp PATH --script FILE [--arg A]...: PROGRAM is a shared object that an interpreter loads
 * (a CPython extension): both are copied into the run's directory, which the sandbox shows, and
 * the run is `PATH FILE A...` there, as a manifest's build = shared-object runs it.
 * --stdout TEXT: every run's output contains TEXT (the program ran to its end: a run that died
 * early would give no finding for want of trying).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect/detector.h"
#include "graph/graph.h"
#include "model/findings.h"
#include "model/util.h"
#include "tracer/trace_wire.h"

#define MAX_MARKS 8

/* Copies src into dir under its own name; false on any failure (said on stderr). */
static bool copy_into(const char *src, const char *dir, char *dst, size_t len)
{
	const char *b = strrchr(src, '/');
	size_t n = 0;
	char *text = read_file_capped(src, 64u << 20, &n);
	FILE *fp;
	bool ok;

	snprintf(dst, len, "%s/%s", dir, b ? b + 1 : src);
	fp = text ? fopen(dst, "w") : NULL;
	ok = fp && fwrite(text, 1, n, fp) == n;
	if (fp)
		ok = !fclose(fp) && ok;
	free(text);
	if (!ok)
		fprintf(stderr, "lg_check: cannot copy %s to %s\n", src, dst);
	return ok;
}

/* Every interposed function, from the tracer's own list: a wrapper added there is checked here. */
static const char *const all_calls[] = {
#define LG_CALL_NAME(name) #name,
	LG_CALLS(LG_CALL_NAME)
#undef LG_CALL_NAME
};

/*
 * What each family's worker writes, beside the call count its shim keeps: a line that starts with
 * head and contains has. A worker that did not run (or wrote something else) leaves one out.
 */
static const struct {
	const char *head, *has;
} family_events[] = {
	{ LG_REC_OBJ " L", " mutex " },     { LG_REC_OBJ " L", " rwlock " },
	{ LG_REC_OBJ " L", " cond " },      { LG_REC_OBJ " L", " sem " },
	{ LG_REC_OBJ " L", " barrier " },   { LG_REC_BARRIER " L", " count=2" },
	{ LG_REC_OBJ " L", " spin " },
	{ LG_REC_THREAD " T", " parent=" }, { LG_REC_EXIT " T", "" },
	{ LG_REC_FORK " main", " pid=" },
};

static bool has_record(const char *text, const char *head, const char *has)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t len = strcspn(p, "\n");

		if (!strncmp(p, head, strlen(head)) && memmem(p, len, has, strlen(has)))
			return true;
	}
	return false;
}

static int marker_line(const char *src, const char *marker)
{
	char *text = read_file_capped(src, 1 << 20, NULL), *p, pat[128];
	int line = 1;

	if (!text)
		return -1;
	snprintf(pat, sizeof(pat), "LINE %s", marker);
	p = strstr(text, pat);
	if (!p) {
		free(text);
		return -1;
	}
	for (char *q = text; q < p; q++)
		line += *q == '\n';
	free(text);
	return line;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	const char *lib = NULL, *bin = NULL, *src = NULL, *marks[MAX_MARKS], *says[MAX_MARKS];
	const char *interp = NULL, *script = NULL, *iargs[MAX_MARKS], *want_out = NULL;
	int nmarks = 0, nsays = 0, niargs = 0, runs = 1, timeout = 20000, within = 0, expect = -1;
	int forbid = -1;
	int hang_ms = 1000, starve_ms = 1500, failures = 0;
	long seed = -1;
	bool none = false, svg = false, calls = false;
	struct diag d = DIAG_INIT;

	if (argc == 2 && !strcmp(argv[1], "--list-calls")) {
		for (size_t k = 0; k < sizeof(all_calls) / sizeof(*all_calls); k++)
			puts(all_calls[k]);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--none")) { none = true; continue; }
		if (!strcmp(a, "--svg")) { svg = true; continue; }
		if (!strcmp(a, "--calls")) { calls = true; continue; }
		if (!v) { fprintf(stderr, "lg_check: %s needs a value\n", a); return 2; }
		i++;
		if (!strcmp(a, "--lib")) lib = v;
		else if (!strcmp(a, "--bin")) bin = v;
		else if (!strcmp(a, "--src")) src = v;
		else if (!strcmp(a, "--runs")) runs = atoi(v);
		else if (!strcmp(a, "--seed")) seed = atol(v);
		else if (!strcmp(a, "--timeout")) timeout = atoi(v);
		else if (!strcmp(a, "--within")) within = atoi(v);
		else if (!strcmp(a, "--hang-ms")) hang_ms = atoi(v);
		else if (!strcmp(a, "--starve-ms")) starve_ms = atoi(v);
		else if (!strcmp(a, "--expect")) expect = finding_kind_parse(v);
		else if (!strcmp(a, "--forbid")) forbid = finding_kind_parse(v);
		else if (!strcmp(a, "--at") && nmarks < MAX_MARKS) marks[nmarks++] = v;
		else if (!strcmp(a, "--says") && nsays < MAX_MARKS) says[nsays++] = v;
		else if (!strcmp(a, "--interp")) interp = v;
		else if (!strcmp(a, "--stdout")) want_out = v;
		else if (!strcmp(a, "--script")) script = v;
		else if (!strcmp(a, "--arg") && niargs < MAX_MARKS) iargs[niargs++] = v;
		else { fprintf(stderr, "lg_check: bad option %s\n", a); return 2; }
	}
	/* A misspelt kind (`--expect dead-lock`) would be no expectation at all: refuse it. */
	for (int i = 1; i + 1 < argc; i++)
		if ((!strcmp(argv[i], "--expect") || !strcmp(argv[i], "--forbid")) &&
		    finding_kind_parse(argv[i + 1]) < 0) {
			fprintf(stderr, "lg_check: unknown finding kind '%s' for %s\n", argv[i + 1],
				argv[i]);
			return 2;
		}
	if (!lib || !bin || !src || !interp != !script) {
		fprintf(stderr, "lg_check: --lib, --bin and --src are required; --interp and "
			"--script go together\n");
		return 2;
	}
	for (int run = 0; run < runs; run++) {
		char tool[] = "/tmp/lg_check.XXXXXX", outp[PATH_MAX], errp[PATH_MAX], prefix[PATH_MAX];
		const char *files[] = { base(src) };
		struct source_set sources = { files, 1 };
		const char *const args[] = { NULL };
		const char *command[MAX_MARKS + 3] = { interp };
		char module[PATH_MAX + 64], copied[PATH_MAX + 64];
		struct detector_run r;
		struct finding_list l = FINDING_LIST_INIT;
		const struct finding *hit = NULL;
		enum rl_err e;

		if (!mkdtemp(tool)) {
			perror("mkdtemp");
			return 3;
		}
		snprintf(outp, sizeof(outp), "%s/stdout", tool);
		snprintf(errp, sizeof(errp), "%s/stderr", tool);
		snprintf(prefix, sizeof(prefix), "%s/graphs/%s", tool, base(bin));
		memset(&r, 0, sizeof(r));
		r.binary = bin;
		if (interp) {
			if (!copy_into(bin, tool, module, sizeof(module)) ||
			    !copy_into(script, tool, copied, sizeof(copied)))
				return 3;
			command[1] = base(script);
			for (int k = 0; k < niargs; k++)
				command[2 + k] = iargs[k];
			command[2 + niargs] = NULL;
			r.binary = module;
			r.command = command;
		}
		r.workdir = tool;
		r.tooldir = tool;
		r.args = args;
		r.sources = &sources;
		r.timeout_ms = timeout;
		r.seed = seed >= 0 ? seed + run : -1;
		r.graph_prefix = prefix;
		r.limits.hang_ms = hang_ms;
		r.limits.starvation_ms = starve_ms;
		r.limits.hold_blocking_ms = 200;
		r.support_dir = lib;
		r.stdout_path = outp;
		r.stderr_path = errp;
		e = detector_find("lockgraph")->run(&r, &l, &d);
		printf("run %d (seed %ld): %s, %ld ms, %d threads, %zu findings\n", run, r.seed,
		       e == RL_ERR_OK ? "ok" : d.msg, r.result.wall_ms, r.threads_seen, l.nr);
		if (e != RL_ERR_OK)
			return 3;
		for (size_t i = 0; i < l.nr; i++) {
			const struct finding *f = &l.items[i];

			printf("  %s: %s", finding_kind_name(f->kind), f->message);
			for (size_t k = 0; k < f->nlocs; k++)
				printf(" [%s:%d %s]", f->locs[k].file, f->locs[k].line,
				       f->locs[k].thread ? f->locs[k].thread : "?");
			printf("%s%s\n", f->graph ? " graph=" : "", f->graph ? f->graph : "");
			if ((int)f->kind == expect && !hit)
				hit = f;
			if ((int)f->kind == forbid) {
				printf("FAIL: forbidden %s\n", finding_kind_name(f->kind));
				failures++;
			}
		}
		if (want_out) {
			char *text = read_file_capped(outp, 1 << 20, NULL);

			if (!text || !strstr(text, want_out)) {
				printf("FAIL: the program's output lacks \"%s\"\n", want_out);
				failures++;
			}
			free(text);
		}
		if (none && l.nr) {
			printf("FAIL: expected no finding\n");
			failures++;
		}
		if (within && r.result.wall_ms > within) {
			printf("FAIL: took %ld ms, more than %d\n", r.result.wall_ms, within);
			failures++;
		}
		if (expect >= 0 && !hit) {
			printf("FAIL: no %s finding\n", finding_kind_name(expect));
			failures++;
		}
		for (int m = 0; hit && m < nmarks; m++) {
			int line = marker_line(src, marks[m]);
			bool ok = false;

			for (size_t k = 0; k < hit->nlocs; k++)
				ok |= hit->locs[k].file && !strcmp(hit->locs[k].file, base(src)) &&
				      hit->locs[k].line == line;
			if (!ok) {
				printf("FAIL: no location %s:%d (%s)\n", base(src), line,
				       marks[m]);
				failures++;
			}
		}
		for (int m = 0; hit && m < nsays; m++) {
			if (!strstr(hit->message, says[m])) {
				printf("FAIL: message lacks \"%s\"\n", says[m]);
				failures++;
			}
		}
		if (hit && svg) {
			char *text;
			size_t gl;

			/* The detector leaves DOT; the check renders the surviving findings' graphs. */
			graph_publish(&l, tool, "published", NULL);
			text = hit->graph ? read_file_capped(hit->graph, 1 << 20, NULL) : NULL;
			gl = hit->graph ? strlen(hit->graph) : 0;

			if (!text || gl < 4 || strcmp(hit->graph + gl - 4, ".svg") || !strstr(text, "<svg")) {
				printf("FAIL: no SVG graph\n");
				failures++;
			}
			free(text);
		}
		if (calls) {
			char path[PATH_MAX + 32], *text;

			snprintf(path, sizeof(path), "%s/lockgraph.out", tool);
			text = read_file_capped(path, 1 << 24, NULL);
			for (size_t k = 0; k < sizeof(all_calls) / sizeof(*all_calls); k++) {
				char pat[96];

				snprintf(pat, sizeof(pat), "\ncalls %s ", all_calls[k]);
				if (!text || !strstr(text, pat)) {
					printf("FAIL: wrapper %s did not run\n", all_calls[k]);
					failures++;
				}
			}
			for (size_t k = 0; k < sizeof(family_events) / sizeof(*family_events); k++) {
				if (!text || !has_record(text, family_events[k].head,
							 family_events[k].has)) {
					printf("FAIL: no \"%s...%s\" record\n", family_events[k].head,
					       family_events[k].has);
					failures++;
				}
			}
			free(text);
		}
		finding_list_release(&l);
		if (!getenv("LG_CHECK_KEEP")) {
			char cmd[PATH_MAX + 16];

			snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tool);
			if (system(cmd) != 0)
				fprintf(stderr, "lg_check: could not remove %s\n", tool);
		} else {
			printf("  kept %s\n", tool);
		}
	}
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
