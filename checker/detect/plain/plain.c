/*
 * The plain run: the -O0 build with no tool at all. A program that behaves only when it notices
 * TSan, Valgrind or the tracer (their libraries in its maps, LD_PRELOAD in its environment) is
 * caught here by the functional check, which the pipeline applies to every run.
 */
#include <stdlib.h>

#include "detect/detector.h"
#include "detect/detector_int.h"

static bool plain_available(struct diag *d)
{
	(void)d;
	return true;
}

static enum rl_err plain_run(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	const char **argv = detector_argv(r, NULL);
	struct spawn_opts o;
	enum rl_err e;

	(void)out;
	r->threads_seen = -1;
	if (!argv)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	detector_spawn_opts(r, argv, NULL, &o);
	e = spawn_run(&o, &r->result, d);
	free(argv);
	return e;
}

const struct detector_ops plain_detector = {
	.name = "run",
	.tool = TOOL(RUN),
	.toolchain = TOOLCHAIN_CC,
	.variant = VARIANT_PLAIN,
	/* Two runs with no tool: they catch programs that behave only when they notice a tool. */
	.runs = 2,
	.start_rank = 4,
	.available = plain_available,
	.run = plain_run,
};
