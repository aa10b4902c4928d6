/*
 * What the detectors share: the backend table, the rule for a student's frame, the bounds of a
 * run and its argv. A new backend is one folder under detect/ plus one line in detector_table.
 */
#include "detector.h"
#include "detector_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/util.h"

const struct detector_ops *const detector_table[] = {
	&lockgraph_detector, &tsan_detector, &helgrind_detector, &plain_detector, &cuda_detector,
	NULL,
};

const struct detector_ops *detector_find(const char *name)
{
	for (size_t i = 0; detector_table[i]; i++)
		if (!strcmp(detector_table[i]->name, name))
			return detector_table[i];
	return NULL;
}

bool detector_enabled(const struct detector_ops *ops, const struct manifest *m)
{
	if (ops->toolchain != (m->cuda ? TOOLCHAIN_CUDA : TOOLCHAIN_CC))
		return false;
	/* The manifest's [check] switches; a backend without one (the plain runs) always runs. */
	if (ops->tool == TOOL(TSAN))
		return m->detectors.tsan;
	if (ops->tool == TOOL(HELGRIND))
		return m->detectors.helgrind;
	if (ops->tool == TOOL(LOCKGRAPH))
		return m->detectors.lockgraph;
	return true;
}

bool source_set_contains(const struct source_set *s, const char *path)
{
	const char *base;

	if (!s || !path)
		return false;
	/* Manifests name sources by basename; tools print whatever path the compiler saw. */
	base = path_base(path);
	for (size_t i = 0; i < s->nr; i++)
		if (s->files[i] && !strcmp(path_base(s->files[i]), base))
			return true;
	return false;
}

/* Code loaded from the system or from Valgrind itself, never the student's. */
static bool obj_is_system(const char *obj)
{
	static const char *const prefixes[] = { "/usr/lib", "/lib", "/usr/libexec/valgrind",
						"/usr/local/lib" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (!strncmp(obj, prefixes[i], strlen(prefixes[i])))
			return true;
	return strstr(obj, "vgpreload_") != NULL;
}

bool detector_frame_is_students(const struct source_set *s, const char *file, const char *obj,
				const char *dir)
{
	if (!file || !file[0] || (obj && obj_is_system(obj)))
		return false;
	if (s && s->nr)
		return source_set_contains(s, file);
	return !dir || strncmp(dir, "./", 2) != 0;
}

struct spawn_limits detector_spawn_limits(int timeout_ms)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct spawn_limits l = { 0 };

	if (ncpu < 1)
		ncpu = 1;
	l.cpu_seconds = ((unsigned long)(timeout_ms + 999) / 1000 + 1) * (unsigned long)ncpu + 1;
	l.processes = 512;
	l.file_size = 256ul << 20;
	l.open_files = 1024;
	return l;
}

void detector_spawn_opts(struct detector_run *r, const char *const *argv,
			 const char *const *env, struct spawn_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->argv = argv;
	o->env = env;
	o->cwd = r->workdir;
	o->stdout_path = r->stdout_path;
	o->stderr_path = r->stderr_path;
	o->timeout_ms = r->timeout_ms;
	o->deadline_cap = r->deadline_cap;
	o->isolate = true;
	o->limits = detector_spawn_limits(r->timeout_ms);
	r->view_rw[0] = r->tooldir;
	r->view_rw[1] = NULL;
	o->view_rw = r->tooldir ? r->view_rw : NULL;
}

const char **detector_argv(const struct detector_run *r, const char *const *prefix)
{
	size_t np = 0, na = 0, n = 0;
	const char **argv;

	const char *const *rest = r->command ? r->command : r->args;

	while (prefix && prefix[np])
		np++;
	while (rest && rest[na])
		na++;
	argv = calloc(np + na + 2, sizeof(*argv));
	if (!argv)
		return NULL;
	for (size_t i = 0; i < np; i++)
		argv[n++] = prefix[i];
	if (!r->command)
		argv[n++] = r->binary;
	for (size_t i = 0; i < na; i++)
		argv[n++] = rest[i];
	argv[n] = NULL;
	return argv;
}
