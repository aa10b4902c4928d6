/*
 * The plain run: the -O0 build with no tool at all. A program that behaves only when it notices
 * TSan, Valgrind or the tracer (their libraries in its maps, LD_PRELOAD in its environment) is
 * caught here by the functional check, which the pipeline applies to every run.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "detect/detector.h"

#define PLAIN_MAX_ARGS 64

static bool plain_available(struct diag *d)
{
	(void)d;
	return true;
}

static enum rl_err plain_run(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	const char *argv[PLAIN_MAX_ARGS + 2];
	struct spawn_opts o = { 0 };
	size_t n = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	(void)out;
	argv[n++] = r->binary;
	for (size_t i = 0; r->args && r->args[i] && n < PLAIN_MAX_ARGS; i++)
		argv[n++] = r->args[i];
	argv[n] = NULL;
	o.argv = argv;
	o.cwd = r->workdir;
	o.stdout_path = r->stdout_path;
	o.stderr_path = r->stderr_path;
	o.timeout_ms = r->timeout_ms;
	o.deadline_cap = r->deadline_cap;
	o.isolate = true;
	/* The same bounds as the tool runs: CPU for every core until the timeout, no address cap. */
	o.limits.cpu_seconds = ((unsigned long)(r->timeout_ms + 999) / 1000 + 1) *
			       (unsigned long)(cpus > 0 ? cpus : 1);
	o.limits.processes = 512;
	o.limits.file_size = 256ul << 20;
	o.limits.open_files = 1024;
	r->threads_seen = -1;
	return spawn_run(&o, &r->result, d);
}

const struct detector_ops plain_detector = {
	.name = "run",
	.tool = TOOL(RUN),
	.variant = VARIANT_PLAIN,
	.available = plain_available,
	.run = plain_run,
};
