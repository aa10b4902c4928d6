/*
 * Integration check of the lock tracer detector: runs a test program under the lockgraph backend
 * (the real spawn, tracer, addr2line and dot) and checks its findings against the options.
 *   lg_check --lib DIR --bin PROGRAM --src FILE.c [--runs N] [--seed S] [--timeout MS]
 *            [--hang-ms MS] [--starve-ms MS] [--expect KIND] [--forbid KIND] [--none]
 *            [--within MS] [--at MARKER]... [--says TEXT]... [--svg] [--calls]
 * --expect: every run has a finding of KIND, located at each "LINE MARKER" line of FILE.c
 * (--at) and whose message contains each TEXT (--says); --svg: its graph is an SVG file.
 * --calls: every interposed function is listed in the tracer's "calls" lines.
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

#define MAX_MARKS 8

static const char *const all_calls[] = {
	"pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_timedlock",
	"pthread_mutex_clocklock", "pthread_mutex_unlock", "pthread_rwlock_rdlock",
	"pthread_rwlock_wrlock", "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
	"pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock", "pthread_rwlock_clockrdlock",
	"pthread_rwlock_clockwrlock", "pthread_rwlock_unlock", "pthread_cond_wait",
	"pthread_cond_timedwait", "pthread_cond_clockwait", "pthread_cond_signal",
	"pthread_cond_broadcast", "sem_wait", "sem_trywait", "sem_timedwait", "sem_clockwait",
	"sem_post", "pthread_barrier_init", "pthread_barrier_wait", "pthread_create",
	"pthread_join", "pthread_detach", "pthread_exit", "fork", "sleep", "usleep", "nanosleep", "read", "write",
	"poll",
};

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
	int nmarks = 0, nsays = 0, runs = 1, timeout = 20000, within = 0, expect = -1, forbid = -1;
	int hang_ms = 1000, starve_ms = 1500, failures = 0;
	long seed = -1;
	bool none = false, svg = false, calls = false;
	struct diag d = DIAG_INIT;

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
		else { fprintf(stderr, "lg_check: bad option %s\n", a); return 2; }
	}
	if (!lib || !bin || !src) {
		fprintf(stderr, "lg_check: --lib, --bin and --src are required\n");
		return 2;
	}
	for (int run = 0; run < runs; run++) {
		char tool[] = "/tmp/lg_check.XXXXXX", outp[PATH_MAX], errp[PATH_MAX], prefix[PATH_MAX];
		const char *files[] = { base(src) };
		struct source_set sources = { files, 1 };
		const char *const args[] = { NULL };
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
				printf("FAIL: no location %s:%d (%s)\n", base(src), line, marks[m]);
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
