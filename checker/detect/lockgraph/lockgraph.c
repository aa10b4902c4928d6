/* The lock tracer detector: runs a program under liblockgraph.so and explains what it recorded. */
#include "lockgraph.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/graph.h"
#include "lockgraph_int.h"
#include "model/manifest.h"
#include "run/spawn.h"
#include "model/util.h"
#include "detect/detector_int.h"

/* The manifest's defaults, for callers that leave limits at 0 (model/manifest.h). */
#define DEFAULT_STARVE_MS MANIFEST_STARVATION_MS
#define DEFAULT_HOLD_MS MANIFEST_HOLD_BLOCKING_MS
#define DEFAULT_HANG_MS MANIFEST_HANG_MS

/* ---- naming things ---- */

const char *lgd_tname(int num, char *buf)
{
	if (num == 0)
		return "main";
	snprintf(buf, 16, "T%d", num);
	return buf;
}

static const struct lg_frame *frame_of(const struct lg_symbols *s, uint64_t pc)
{
	size_t lo = 0, hi = s ? s->nframes : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->frames[mid].pc == pc)
			return &s->frames[mid];
		if (s->frames[mid].pc < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}


struct lgd_place lgd_place_of(const struct lg_analysis *a, const struct lg_symbols *s,
			     const struct lg_site *site)
{
	struct lgd_place p = { false, NULL, 0, NULL }, any = p;

	for (unsigned i = 0; i < site->n; i++) {
		const struct lg_frame *f = frame_of(s, site->pc[i]);

		if (!f || !f->file)
			continue;
		if (detector_frame_is_students(a->sources, f->file, NULL, NULL)) {
			p.have = true;
			p.file = path_base(f->file);
			p.line = f->line;
			p.func = f->function;
			return p;
		}
		if (!any.have) {
			any.have = true;
			any.file = path_base(f->file);
			any.line = f->line;
			any.func = f->function;
		}
	}
	return any;
}

const char *lgd_place_str(const struct lgd_place *p, char *buf, size_t len)
{
	if (!p->have)
		snprintf(buf, len, "an unknown place");
	else
		snprintf(buf, len, "%s:%d", p->file, p->line);
	return buf;
}

static const char *kind_word(enum lg_obj_kind k)
{
	static const char *const words[] = { "mutex", "rwlock", "condition", "semaphore",
					     "barrier", "GIL", "spinlock" };

	return (unsigned)k < LGK__COUNT ? words[k] : "lock";
}

/* "mutex `lock_a`", "condition `not_empty`", or "mutex L3 (first used at bank.c:20)". */
void lgd_obj_name(const struct lg_trace *t, const struct lg_symbols *s,
		     const struct lg_analysis *a, unsigned id, char *buf, size_t len)
{
	const struct lg_obj_rec *o = lg_trace_obj(t, id);
	struct lgd_place p;
	char where[300];

	if (!o) {
		snprintf(buf, len, "lock L%u", id);
		return;
	}
	/* The tracer's pseudo-lock for CPython's GIL (tracer/gil.c): one per process, no address. */
	if (o->kind == LGK_GIL) {
		snprintf(buf, len, "the `GIL` (CPython)");
		return;
	}
	if (o->in_exe && lgd_name_of(s, o->addr)) {
		snprintf(buf, len, "%s `%s`", kind_word(o->kind), lgd_name_of(s, o->addr));
		return;
	}
	if (o->in_exe && s) {
		for (size_t i = 0; i < s->ndata; i++) {
			const struct lg_datasym *d = &s->data[i];

			if (o->addr >= d->addr && o->addr < d->addr + d->size) {
				if (o->addr == d->addr)
					snprintf(buf, len, "%s `%s`", kind_word(o->kind), d->name);
				else
					snprintf(buf, len, "%s `%s+%llu`", kind_word(o->kind), d->name,
						 (unsigned long long)(o->addr - d->addr));
				return;
			}
		}
	}
	p = lgd_place_of(a, s, &o->site);
	snprintf(buf, len, "%s L%u (first used at %s)", kind_word(o->kind), id,
		 lgd_place_str(&p, where, sizeof(where)));
}

void lgd_obj_bare(const struct lg_trace *t, const struct lg_symbols *s,
		  const struct lg_analysis *a, unsigned id, char *buf, size_t len)
{
	char full[400], *q1, *q2;

	lgd_obj_name(t, s, a, id, full, sizeof(full));
	q1 = strchr(full, '`');
	q2 = q1 ? strchr(q1 + 1, '`') : NULL;
	if (q1 && q2)
		snprintf(buf, len, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
	else
		snprintf(buf, len, "L%u", id);
}

/* Short name for graph boxes: its kind over "lock_a" or "L3". */
void lgd_obj_short(const struct lg_trace *t, const struct lg_symbols *s,
		   const struct lg_analysis *a, unsigned id, char *buf, size_t len)
{
	const struct lg_obj_rec *o = lg_trace_obj(t, id);
	char bare[400];

	lgd_obj_bare(t, s, a, id, bare, sizeof(bare));
	snprintf(buf, len, "%s\n%s", o ? kind_word(o->kind) : "lock", bare);
}


/* ---- building findings ---- */

enum rl_err lgd_add_loc(struct finding *f, const struct lgd_place *p, int thread)
{
	char tb[16];

	if (!p->have || f->nlocs >= FINDING_MAX_LOCS)
		return RL_ERR_OK;
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == p->line && f->locs[i].file && !strcmp(f->locs[i].file, p->file))
			return RL_ERR_OK;
	if (location_set(&f->locs[f->nlocs], p->file, p->line, 0, p->func,
			 thread >= 0 ? lgd_tname(thread, tb) : NULL) != RL_ERR_OK)
		return RL_ERR_NOMEM;
	f->nlocs++;
	return RL_ERR_OK;
}

enum rl_err lgd_finish(struct finding *f, enum finding_kind kind, const char *msg,
			  const struct lg_analysis *a, const char *graph, struct finding_list *out)
{
	f->kind = kind;
	f->severity = finding_default_severity(kind);
	f->tools = TOOL(LOCKGRAPH);
	f->seed = a->seed;
	if (!(f->message = strdup(msg)) || (graph && !(f->graph = strdup(graph)))) {
		finding_release(f);
		return RL_ERR_NOMEM;
	}
	return finding_list_add(out, f);
}

/*
 * Writes g's DOT text to PREFIX.KIND.dot in the run's private directory; *path is NULL when there
 * is no prefix or writing failed. It is rendered later, by graph_publish(), and only when the
 * finding survives reconcile.
 */
enum rl_err lgd_draw(const struct graph *g, const struct lg_analysis *a, enum finding_kind kind,
			char **path)
{
	char *base;
	struct diag dd = DIAG_INIT;
	enum rl_err e;

	*path = NULL;
	if (!a->graph_prefix)
		return RL_ERR_OK;
	if (!(base = malloc(strlen(a->graph_prefix) + 32)))
		return RL_ERR_NOMEM;
	/* The graphs directory may not exist yet. */
	strcpy(base, a->graph_prefix);
	if (strrchr(base, '/') && strrchr(base, '/') != base) {
		*strrchr(base, '/') = '\0';
		mkdir_p(base, 0755);
	}
	sprintf(base, "%s.%s", a->graph_prefix, finding_kind_name(kind));
	e = graph_write_dot(g, base, path, &dd);
	free(base);
	/* A picture that could not be drawn never hides the finding. */
	return e == RL_ERR_NOMEM ? e : RL_ERR_OK;
}

enum rl_err lg_trace_findings(const struct lg_trace *t, const struct lg_symbols *s,
			      const struct lg_analysis *a, struct finding_list *out,
			      struct diag *d)
{
	struct lg_analysis eff = *a;
	unsigned locks[64];
	size_t nlocks = 0;
	enum rl_err e;

	if (eff.limits.starvation_ms <= 0)
		eff.limits.starvation_ms = DEFAULT_STARVE_MS;
	if (eff.limits.hold_blocking_ms <= 0)
		eff.limits.hold_blocking_ms = DEFAULT_HOLD_MS;
	if (eff.limits.hang_ms <= 0)
		eff.limits.hang_ms = DEFAULT_HANG_MS;
	e = lgd_snapshot_findings(t, s, &eff, out, locks, &nlocks);
	if (e == RL_ERR_OK)
		e = lgd_order_findings(t, s, &eff, locks, nlocks, out);
	if (e == RL_ERR_OK)
		e = lgd_starvation_findings(t, s, &eff, locks, nlocks, out);
	if (e == RL_ERR_OK)
		e = lgd_starve_rules(t, s, &eff, DEFAULT_STARVE_MS, locks, nlocks, out);
	if (e == RL_ERR_OK)
		e = lgd_misuse_findings(t, s, &eff, out);
	if (e == RL_ERR_OK)
		e = lgd_fork_findings(t, s, &eff, out);
	if (e != RL_ERR_OK)
		return diag_set(d, e, "cannot build the lock tracer's findings: %s", rl_err_message(e));
	return RL_ERR_OK;
}

/* ---- the detector ---- */

static bool lockgraph_available(struct diag *d)
{
	char path[PATH_MAX];

	/* The tracer itself is ours; call sites become file:line through binutils' addr2line. */
	if (!find_on_path("addr2line", path, sizeof(path))) {
		diag_missing_tool(d, "addr2line (binutils) not found");
		return false;
	}
	return true;
}

/* The environment of one traced run. */
struct lg_env {
	char preload[PATH_MAX + 16], out[PATH_MAX + 32], seed[48], hang[48], starve[48], hold[48];
	char module[PATH_MAX + 32];
	const char *env[10];
};

static enum rl_err env_init(struct lg_env *v, const struct detector_run *r, const char *out_path,
			    struct diag *d)
{
	char lib[PATH_MAX];
	size_t n = 0;

	if (!r->support_dir)
		return diag_set(d, RL_ERR_TOOL, "no support directory for liblockgraph.so");
	snprintf(lib, sizeof(lib), "%s/liblockgraph.so", r->support_dir);
	if (access(lib, R_OK) != 0)
		return diag_set(d, RL_ERR_TOOL, "%s not found: build the `lockgraph` target", lib);
	/* LD_PRELOAD splits on spaces and colons: such a path cannot be preloaded. */
	if (strpbrk(lib, " :") || strpbrk(out_path, "\n"))
		return diag_set(d, RL_ERR_TOOL, "cannot preload %s (space or colon in the path)", lib);
	snprintf(v->preload, sizeof(v->preload), "LD_PRELOAD=%s", lib);
	snprintf(v->out, sizeof(v->out), "RACELAB_LOCKGRAPH_OUT=%s", out_path);
	snprintf(v->hang, sizeof(v->hang), "RACELAB_LOCKGRAPH_HANG_MS=%d",
		 r->limits.hang_ms > 0 ? r->limits.hang_ms : DEFAULT_HANG_MS);
	snprintf(v->starve, sizeof(v->starve), "RACELAB_LOCKGRAPH_STARVE_MS=%d",
		 r->limits.starvation_ms > 0 ? r->limits.starvation_ms : DEFAULT_STARVE_MS);
	snprintf(v->hold, sizeof(v->hold), "RACELAB_LOCKGRAPH_HOLD_MS=%d",
		 r->limits.hold_blocking_ms > 0 ? r->limits.hold_blocking_ms : DEFAULT_HOLD_MS);
	v->env[n++] = v->preload;
	v->env[n++] = v->out;
	v->env[n++] = v->hang;
	v->env[n++] = v->starve;
	v->env[n++] = v->hold;
	/* An interpreter's run: the student's code is the shared object it loads (tracer/core.c). */
	if (r->command) {
		snprintf(v->module, sizeof(v->module), "RACELAB_LOCKGRAPH_MODULE=%s",
			 path_base(r->binary));
		v->env[n++] = v->module;
	}
	if (r->seed >= 0) {
		snprintf(v->seed, sizeof(v->seed), "RACELAB_LOCKGRAPH_SEED=%ld", r->seed);
		v->env[n++] = v->seed;
		/* A controlled run: the tracer schedules every thread itself (tracer/sched.c). */
		if (r->controlled)
			v->env[n++] = "RACELAB_LOCKGRAPH_SCHED=pct";
	}
	v->env[n] = NULL;
	return RL_ERR_OK;
}

static enum rl_err lockgraph_run(struct detector_run *r, struct finding_list *out,
				 struct diag *d)
{
	struct lg_env *v = calloc(1, sizeof(*v));
	struct lg_trace t = LG_TRACE_INIT;
	struct lg_symbols s = LG_SYMBOLS_INIT;
	const char **argv = NULL;
	char out_path[PATH_MAX], *text = NULL;
	size_t len = 0;
	enum rl_err e;

	r->threads_seen = -1;
	if (!v)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (!(argv = detector_argv(r, NULL))) {
		e = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto free_env;
	}
	snprintf(out_path, sizeof(out_path), "%s/lockgraph.out", r->tooldir);
	unlink(out_path);
	if ((e = env_init(v, r, out_path, d)) != RL_ERR_OK)
		goto free_argv;
	{
		/* The run's view shows the tracer: "LD_PRELOAD=" + its path. */
		const char *const shown[] = { v->preload + 11, NULL };
		struct spawn_opts o;

		detector_spawn_opts(r, argv, v->env, &o);
		o.view_ro = shown;
		memset(&r->result, 0, sizeof(r->result));
		if ((e = spawn_run(&o, &r->result, d)) != RL_ERR_OK)
			goto free_argv;
	}
	text = read_file_capped(out_path, 64u << 20, &len);
	if (!text) {
		e = diag_set(d, RL_ERR_TOOL, "the lock tracer wrote nothing (is %s/liblockgraph.so "
			     "loadable, and the program dynamically linked?)", r->support_dir);
		goto free_argv;
	}
	if ((e = lg_trace_parse(&t, text, len, d)) != RL_ERR_OK) {
		if (e == RL_ERR_PARSE)
			e = RL_ERR_TOOL;
		goto free_trace;
	}
	/* The manifest's min_threads counts threads created, not alive at once (short-lived ones). */
	r->threads_seen = 0;
	for (size_t i = 0; i < t.nthreads; i++)
		r->threads_seen += t.threads[i].num > 0;
	if ((e = lg_symbols_load(&s, &t, r->binary, r->tooldir, d)) != RL_ERR_OK)
		goto free_trace;
	{
		struct lg_analysis a = { r->sources, r->limits, r->seed, r->graph_prefix };

		e = lg_trace_findings(&t, &s, &a, out, d);
		if (e == RL_ERR_OK)
			lgd_timeline_save(&t, &s, &a);
	}
	lg_symbols_release(&s);
free_trace:
	lg_trace_release(&t);
	free(text);
free_argv:
	free(argv);
free_env:
	free(v);
	return e;
}

const struct detector_ops lockgraph_detector = {
	.name = "lockgraph",
	.tool = TOOL(LOCKGRAPH),
	.toolchain = TOOLCHAIN_CC,
	.variant = VARIANT_PLAIN,
	.explains_hangs = true,
	.seeded = true,
	.explores = true,
	/* Early: a deadlock shows within hang_ms, and the runs that would only hang are stopped. */
	.start_rank = 2,
	.available = lockgraph_available,
	.run = lockgraph_run,
};
