/* One plain run of an exercise with its output (run_once.h). */
#include "run_once.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect/detector.h"
#include "detect/plain/functional.h"
#include "model/util.h"
#include "run/build.h"
#include "run/workspace.h"

enum rl_err run_once(const struct manifest *m, const struct check_opts *o, struct run_once *r,
		     struct diag *d)
{
	struct workspace ws = WORKSPACE_INIT;
	const char *sources[MANIFEST_MAX_FILES * 2 + 1], *args[MANIFEST_MAX_ARGS + 1];
	char common[MANIFEST_MAX_FILES][PATH_MAX], bin[PATH_MAX], outp[PATH_MAX], errp[PATH_MAX];
	struct detector_run dr;
	struct spawn_opts so;
	size_t n = 0;
	enum rl_err err;

	memset(r, 0, sizeof(*r));
	if (m->cuda)
		return diag_set(d, RL_ERR_USAGE, "%s is a CUDA exercise: `racelab check %s` builds and "
				"runs it where a GPU is found", m->slug, m->slug);
	for (size_t i = 0; i < m->nsources; i++)
		sources[n++] = m->sources[i];
	for (size_t i = 0; i < m->ncommon; i++) {
		snprintf(common[i], PATH_MAX, "common/%s", m->common[i]);
		sources[n++] = common[i];
	}
	sources[n] = NULL;
	for (size_t i = 0; i < m->nargs; i++)
		args[i] = m->args[i];
	args[m->nargs] = NULL;
	if ((err = workspace_create(&ws, d)) != RL_ERR_OK)
		return err;
	err = workspace_populate(&ws, m, o->root, o->overlay_dir, NULL, 0, d);
	if (err != RL_ERR_OK)
		goto out_remove;
	if (m->shared_object && access(m->run[0], X_OK)) {
		err = diag_missing_tool(d, "%s not found", m->run[0]);
		goto out_remove;
	}
	/* A shared object goes where its interpreter looks for it: the program's directory. */
	if (m->shared_object)
		snprintf(bin, sizeof(bin), "%s/%s", ws.work, m->module);
	else
		snprintf(bin, sizeof(bin), "%s/prog", ws.bin);
	{
		struct build_spec spec = { ws.work, sources, m->cflags, m->libs, ws.tools,
					   m->shared_object };

		err = build_variant(&spec, VARIANT_PLAIN, bin, &r->built, &r->findings, d);
	}
	if (err != RL_ERR_OK || !r->built)
		goto out_remove;
	snprintf(outp, sizeof(outp), "%s/stdout", ws.tools);
	snprintf(errp, sizeof(errp), "%s/stderr", ws.tools);
	memset(&dr, 0, sizeof(dr));
	dr.binary = bin;
	dr.workdir = ws.work;
	dr.args = args;
	dr.timeout_ms = (o->timeout_s > 0 ? o->timeout_s : m->timeout_s) * 1000;
	dr.stdout_path = outp;
	dr.stderr_path = errp;
	{
		const char *argv[MANIFEST_MAX_ARGS + 2] = { bin };
		struct functional_expect e = { m->exit_status, m->stdout_regex,
					       dr.timeout_ms / 1000 };

		for (size_t i = 0; i < m->nargs; i++)
			argv[i + 1] = m->args[i];
		for (size_t i = 0; m->shared_object && i <= m->nrun; i++)
			argv[i] = i < m->nrun ? m->run[i] : NULL;
		detector_spawn_opts(&dr, argv, NULL, &so);
		if ((err = spawn_run(&so, &r->result, d)) != RL_ERR_OK)
			goto out_remove;
		r->out = read_file_capped(outp, RUN_ONCE_OUTPUT_CAP, NULL);
		r->err = read_file_capped(errp, RUN_ONCE_OUTPUT_CAP, NULL);
		err = functional_check(&e, &r->result, outp, errp, TOOL(RUN), &r->findings);
		if (err != RL_ERR_OK)
			diag_set(d, err, "out of memory");
	}
out_remove:
	workspace_remove(&ws);
	return err;
}

void run_once_release(struct run_once *r)
{
	free(r->out);
	free(r->err);
	finding_list_release(&r->findings);
	memset(r, 0, sizeof(*r));
}
