/*
 * Checking one exercise, in one direction: private copy -> build variants -> sandboxed runs ->
 * raw tool outputs -> findings -> verdict and score. Nothing here prints; the CLI reports.
 */
#include "pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/build.h"
#include "detect/detector.h"
#include "graph/graph.h"
#include "detect/plain/functional.h"
#include "evidence.h"
#include "perf.h"
#include "plan.h"
#include "reconcile.h"
#include "schedule.h"
#include "graph/timeline.h"
#include "model/util.h"
#include "model/verdict.h"
#include "run/sandbox_view.h"
#include "run/workspace.h"


/* One detector run with the private paths it writes to. s comes first: see run_proves_failure(). */
struct job {
	struct sched_run s;
	char tooldir[PATH_MAX], stdout_path[PATH_MAX], stderr_path[PATH_MAX];
	char graph_prefix[PATH_MAX];
	/* The functional check of the run, made once as it ends (run_proves_failure()). */
	struct finding_list functional;
	enum rl_err functional_err;
};
_Static_assert(offsetof(struct job, s) == 0, "a job's sched_run is its start");

/* Everything one check needs, shared by check and analyze. */
struct check_ctx {
	const struct manifest *m;
	const char *root;
	const char *support_dir;
	const char *graphs_dir;
	const char *name;        /* exercise slug or analyzed file's name */
	long seed;
	int jobs;
	/* The raw timeline of the first traced run, for a check that passes; "" none. */
	char first_timeline[PATH_MAX + 16];
	int timeout_ms;
	struct workspace ws;
	const char *sources[MANIFEST_MAX_FILES * 2 + 1];
	char source_store[MANIFEST_MAX_FILES][PATH_MAX];
	const char *basenames[MANIFEST_MAX_FILES + 1];
	struct source_set srcset;
	char bins[VARIANT__COUNT][PATH_MAX];
	bool built[VARIANT__COUNT];
	const char *args[MANIFEST_MAX_ARGS + 1];
	const char *command[MANIFEST_MAX_ARGS + 1]; /* build = shared-object: the manifest's run */
	char tool_notes[1024];   /* why a tool could not check this program, for the result's note */
	bool analyze;            /* racelab analyze: the replay command names the file */
	struct manifest own;     /* the manifest with the options' explore, when they set one */
	/* The controlled schedules (plan.h): how many ran, how many failed, the first that did. */
	int explored, explore_failed;
	long explore_first;
};

static void ctx_sources(struct check_ctx *c)
{
	const struct manifest *m = c->m;
	size_t n = 0;

	for (size_t i = 0; i < m->nsources; i++) {
		c->sources[n++] = m->sources[i];
		c->basenames[i] = m->sources[i];
	}
	for (size_t i = 0; i < m->ncommon; i++) {
		snprintf(c->source_store[i], PATH_MAX, "common/%s", m->common[i]);
		c->sources[n++] = c->source_store[i];
	}
	c->sources[n] = NULL;
	/* Support files are not the student's: locations skip them to find the student's frame. */
	c->basenames[m->nsources] = NULL;
	c->srcset.files = c->basenames;
	c->srcset.nr = m->nsources;
	for (size_t i = 0; i < m->nargs; i++)
		c->args[i] = m->args[i];
	c->args[m->nargs] = NULL;
	for (size_t i = 0; i < m->nrun; i++)
		c->command[i] = m->run[i];
	c->command[m->nrun] = NULL;
}

static enum rl_err job_setup(struct check_ctx *c, struct job *j, const struct detector_ops *ops,
			     long seed, int timeout_ms, size_t index, struct diag *d)
{
	const struct manifest *m = c->m;

	memset(j, 0, sizeof(*j));
	j->s.ops = ops;
	j->s.keep_when_stuck = ops->reports_when_capped;
	snprintf(j->tooldir, sizeof(j->tooldir), "%s/%s-%zu", c->ws.tools, ops->name, index);
	if (mkdir(j->tooldir, 0700))
		return diag_set(d, RL_ERR_IO, "%s: %s", j->tooldir, strerror(errno));
	snprintf(j->stdout_path, sizeof(j->stdout_path), "%s/stdout", j->tooldir);
	snprintf(j->stderr_path, sizeof(j->stderr_path), "%s/stderr", j->tooldir);
	snprintf(j->graph_prefix, sizeof(j->graph_prefix), "%s/graph", j->tooldir);
	j->s.run.binary = c->bins[ops->variant];
	j->s.run.workdir = c->ws.work;
	j->s.run.tooldir = j->tooldir;
	j->s.run.args = c->args;
	j->s.run.command = m->shared_object ? c->command : NULL;
	j->s.run.sources = &c->srcset;
	j->s.run.timeout_ms = timeout_ms;
	j->s.run.seed = seed;
	j->s.run.graph_prefix = j->graph_prefix;
	j->s.run.limits.starvation_ms = m->starvation_ms;
	j->s.run.limits.hold_blocking_ms = m->hold_blocking_ms;
	j->s.run.limits.hang_ms = m->hang_ms;
	j->s.run.support_dir = c->support_dir;
	j->s.run.stdout_path = j->stdout_path;
	j->s.run.stderr_path = j->stderr_path;
	j->s.run.threads_seen = -1;
	return RL_ERR_OK;
}

static bool run_explains_hang(void *ctx, const struct sched_run *r)
{
	(void)ctx;
	return evidence_explains_hang(&r->found);
}

/*
 * Makes the run's functional check, unless a detector ended the run itself, and keeps it for
 * collect_job(). The run fails the check whatever the others find when it reported an error that
 * reconcile.c believes from one tool alone (not a lock-order inversion, nor a data-race seen only
 * by Helgrind), or when the program misbehaved.
 */
static bool run_proves_failure(void *ctx, struct sched_run *r)
{
	const struct check_ctx *c = ctx;
	struct job *j = (struct job *)r; /* every task's run is a job's first member (add_run()) */
	struct functional_expect e = { c->m->exit_status, c->m->stdout_regex,
				       (r->run.timeout_ms + 999) / 1000 };
	bool fails = false;

	/* A tool that cannot check this program (see collect_job()): its run says nothing. */
	if (r->err == RL_ERR_UNSUPPORTED)
		return false;
	/* Killed at its timeout: blocked or busy decides what it is (evidence.h). */
	if (!evidence_explains_hang(&r->found) && r->run.result.timed_out)
		j->functional_err = evidence_timeout_finding(&r->run.result, e.timeout_s,
							     c->analyze, &j->functional);
	else if (!evidence_explains_hang(&r->found))
		j->functional_err = functional_check(&e, &r->run.result, j->stdout_path,
						     j->stderr_path, TOOL(RUN), &j->functional);
	if (r->err != RL_ERR_OK)
		return false;
	for (size_t i = 0; i < r->found.nr && !fails; i++) {
		const struct finding *f = &r->found.items[i];

		fails = f->severity == SEV_ERROR && f->kind != FK_LOCK_ORDER &&
			!(f->kind == FK_DATA_RACE && f->tools == TOOL(HELGRIND));
	}
	return fails || (j->functional_err == RL_ERR_OK && finding_list_errors(&j->functional) > 0);
}

/* In analyze, a run that ran out of time while busy: its tool's other runs would too. */
static bool run_too_slow(void *ctx, const struct sched_run *r)
{
	const struct check_ctx *c = ctx;

	return c->analyze && r->err != RL_ERR_UNSUPPORTED && !r->skipped &&
	       evidence_timeout_busy(&r->run.result) && !evidence_explains_hang(&r->found);
}

/*
 * A detector that can draw the run's timeline leaves it raw at PREFIX.timeline: every finding of
 * the run (its own and the functional check's) points at it until publishing renders it.
 */
static enum rl_err attach_timeline(struct job *j)
{
	char raw[PATH_MAX + 16];
	struct finding_list *lists[] = { &j->functional, &j->s.found };

	snprintf(raw, sizeof(raw), "%s.timeline", j->graph_prefix);
	if (access(raw, R_OK))
		return RL_ERR_OK;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->nr; i++)
			if (!lists[k]->items[i].timeline &&
			    !(lists[k]->items[i].timeline = strdup(raw)))
				return RL_ERR_NOMEM;
	return RL_ERR_OK;
}

/*
 * Collects one job's findings and its functional check (made by run_proves_failure()). A run
 * whose tool could not check this program (the tool crashed in its own code, not the program's)
 * adds no finding, only a note for the result (*notes, at most note_len bytes).
 */
static enum rl_err collect_job(struct job *j, struct finding_list *all, int *threads_seen,
			       char *notes, size_t note_len, struct diag *d)
{
	enum rl_err err;

	if (j->s.skipped)
		return RL_ERR_OK;
	if (j->s.err == RL_ERR_UNSUPPORTED) {
		if (!strstr(notes, j->s.diag.msg))
			buf_appendf(notes, note_len, "%s%s", notes[0] ? "; " : "", j->s.diag.msg);
		return RL_ERR_OK;
	}
	if (j->s.err == RL_ERR_TOOL || j->s.err == RL_ERR_PARSE) {
		char msg[1200];

		/* A tool that cannot run at all is racelab's error, not the student's. */
		if (j->s.ops->verify && !j->s.ops->verify(d))
			return RL_ERR_TOOL;
		/*
		 * The program ran but the tool's report is missing or damaged while the tool works, so
		 * the likeliest cause is the program itself (it re-exec'd without LD_PRELOAD, wrote
		 * into the tool's file, planted a .valgrindrc): fail closed, so that no grade rests on
		 * evidence that is not there.
		 */
		snprintf(msg, sizeof(msg), "no valid %s report for this run (%s): the program "
			 "interfered with the tool, or the tool failed", j->s.ops->name, j->s.diag.msg);
		err = finding_list_add1(all, FK_WRONG_OUTPUT, j->s.ops->tool, NULL, 0, msg);
		if (err != RL_ERR_OK)
			return diag_set(d, err, "out of memory");
	} else if (j->s.err != RL_ERR_OK) {
		return diag_set(d, j->s.err, "%s", j->s.diag.msg);
	}
	if (j->s.run.threads_seen > *threads_seen)
		*threads_seen = j->s.run.threads_seen;
	for (size_t i = 0; i < j->s.found.nr; i++)
		if (j->s.found.items[i].seed < 0 && j->s.run.seed >= 0)
			j->s.found.items[i].seed = j->s.run.seed;
	if (j->functional_err != RL_ERR_OK)
		return diag_set(d, j->functional_err, "out of memory");
	/* A controlled schedule replays: its program's failure gets the seed that shows it again. */
	for (size_t i = 0; j->s.run.controlled && i < j->functional.nr; i++)
		if (j->functional.items[i].seed < 0)
			j->functional.items[i].seed = j->s.run.seed;
	err = attach_timeline(j);
	if (err == RL_ERR_OK)
		err = finding_list_merge(all, &j->functional);
	if (err == RL_ERR_OK)
		err = finding_list_merge(all, &j->s.found);
	return err == RL_ERR_OK ? RL_ERR_OK : diag_set(d, err, "out of memory");
}

static enum rl_err check_threads(struct check_ctx *c, int threads_seen, struct finding_list *all)
{
	char msg[200];

	if (!c->m->min_threads || threads_seen < 0 || threads_seen >= c->m->min_threads)
		return RL_ERR_OK;
	snprintf(msg, sizeof(msg),
		 "created %d thread(s) besides main; this exercise needs at least %d (keep the "
		 "concurrency, fix the synchronisation)", threads_seen, c->m->min_threads);
	return finding_list_add1(all, FK_WRONG_OUTPUT, TOOL(LOCKGRAPH), NULL, 0, msg);
}

/* Adds one run of ops to the check's tasks. */
static enum rl_err add_run(struct check_ctx *c, struct job *jobs, size_t *njobs,
			   struct sched_task *tasks, size_t *ntasks, const struct detector_ops *ops,
			   long seed, struct diag *d)
{
	struct job *j = &jobs[*njobs];
	enum rl_err err = job_setup(c, j, ops, seed, c->timeout_ms, *njobs, d);

	if (err != RL_ERR_OK)
		return err;
	tasks[(*ntasks)++] = (struct sched_task){ NULL, &j->s };
	(*njobs)++;
	return RL_ERR_OK;
}

/*
 * The check's builds and runs, in the order they start (see schedule.c): gcc's build first, so
 * that the first runs (those of the plain variant: Helgrind, the first tracer seed) start while
 * clang still builds the TSan variant; then the runs in the plan's order (plan.c, with each
 * backend's start_rank saying why it goes where it goes); last the -O2 build, needed only for the
 * speed check of a program found correct.
 */
static enum rl_err plan_check(struct check_ctx *c, const bool need[VARIANT__COUNT],
			      const struct plan_run *runs, size_t nruns, struct job *jobs,
			      size_t *njobs, struct sched_build *builds, struct sched_task *tasks,
			      size_t *ntasks, struct diag *d)
{
	static const char *const names[VARIANT__COUNT] = { "prog-tsan", "prog", "prog-opt" };
	enum rl_err err = RL_ERR_OK;

	for (int v = 0; v < VARIANT__COUNT; v++) {
		/*
		 * A shared object goes where its interpreter looks (the program's directory); the
		 * manifest allows it one variant only (model/manifest.c), so the name is free.
		 */
		if (c->m->shared_object)
			snprintf(c->bins[v], PATH_MAX, "%s/%s", c->ws.work, c->m->module);
		else
			snprintf(c->bins[v], PATH_MAX, "%s/%s", c->ws.bin, names[v]);
		builds[v] = (struct sched_build){ (enum build_variant)v, c->bins[v], false, false,
						  FINDING_LIST_INIT, RL_ERR_OK, DIAG_INIT, "" };
	}
	if (need[VARIANT_PLAIN])
		tasks[(*ntasks)++] = (struct sched_task){ &builds[VARIANT_PLAIN], NULL };
	if (need[VARIANT_TSAN])
		tasks[(*ntasks)++] = (struct sched_task){ &builds[VARIANT_TSAN], NULL };
	for (size_t i = 0; i < nruns && err == RL_ERR_OK; i++) {
		if (runs[i].spare)
			continue;
		err = add_run(c, jobs, njobs, tasks, ntasks, runs[i].ops, runs[i].seed, d);
		if (err == RL_ERR_OK)
			jobs[*njobs - 1].s.run.controlled = runs[i].explore || runs[i].search;
	}
	if (need[VARIANT_OPT])
		tasks[(*ntasks)++] = (struct sched_task){ &builds[VARIANT_OPT], NULL };
	/* The default schedule search last, on the cores the rest leaves idle (plan.h). */
	for (size_t i = 0; i < nruns && err == RL_ERR_OK; i++) {
		if (!runs[i].spare)
			continue;
		err = add_run(c, jobs, njobs, tasks, ntasks, runs[i].ops, runs[i].seed, d);
		if (err == RL_ERR_OK) {
			jobs[*njobs - 1].s.run.controlled = true;
			jobs[*njobs - 1].s.spare = true;
		}
	}
	return err;
}

/* Whether the tools that build variant v for an enabled backend work (their verify proofs). */
static bool verify_variant_tools(const struct check_ctx *c, enum build_variant v, struct diag *d)
{
	for (size_t i = 0; detector_table[i]; i++) {
		const struct detector_ops *ops = detector_table[i];

		if (ops->variant == v && ops->verify && detector_enabled(ops, c->m) && !ops->verify(d))
			return false;
	}
	return true;
}

/* Adds line to the notes on what a tool could not do (the result's note). */
static void note_tool(struct check_ctx *c, const char *line)
{
	if (!strstr(c->tool_notes, line))
		buf_appendf(c->tool_notes, sizeof(c->tool_notes), "%s%s",
			    c->tool_notes[0] ? "; " : "", line);
}

/*
 * What the builds say: a compiler that cannot run is an error; a compile error is the check's one
 * finding (*ok false). A TSan build that fails where gcc's succeeded may be a broken TSan rather
 * than the student's code: the tool is verified before the student is blamed.
 */
static enum rl_err collect_builds(struct check_ctx *c, struct sched_build *builds,
				  struct finding_list *found, bool *ok, struct diag *d)
{
	enum rl_err err = RL_ERR_OK;

	*ok = true;
	for (int v = 0; v < VARIANT__COUNT && err == RL_ERR_OK; v++) {
		struct sched_build *b = &builds[v];

		c->built[v] = b->built;
		if (!b->done)
			continue;
		/* gcc's TSan stood in for clang's: clang's refusal must be the program's, not a
		 * broken clang (its probe, as below). */
		if (b->note[0] && b->built && !verify_variant_tools(c, (enum build_variant)v, d))
			return RL_ERR_TOOL;
		if (b->note[0])
			note_tool(c, b->note);
		if (b->err != RL_ERR_OK) {
			err = diag_set(d, b->err, "%s", b->diag.msg);
		} else if (!b->built && *ok) {
			if (v != VARIANT_PLAIN && builds[VARIANT_PLAIN].built &&
			    !verify_variant_tools(c, (enum build_variant)v, d))
				return RL_ERR_TOOL;
			/* clang refused what gcc built: TSan cannot check it, the others still decide. */
			if (v == VARIANT_TSAN && builds[VARIANT_PLAIN].built && b->found.nr) {
				char why[700], line[900];

				build_error_line(&b->found.items[0], why, sizeof(why));
				snprintf(line, sizeof(line), "ThreadSanitizer could not check it: clang "
					 "could not build it (%s)", why);
				note_tool(c, line);
				continue;
			}
			/* One compile error is enough: the other variants would report the same one. */
			*ok = false;
			err = finding_list_merge(found, &b->found);
			if (err != RL_ERR_OK)
				err = diag_set(d, err, "out of memory");
		}
	}
	return err;
}

/*
 * Whether a controlled schedule failed: the program misbehaved (assertion, crash, wrong output,
 * a hang) or the tracer found it stuck. Evidence that needs a second tool (a lock-order
 * inversion) does not make the schedule a failing one.
 */
static bool schedule_failed(const struct job *j)
{
	if (j->functional_err == RL_ERR_OK && finding_list_errors(&j->functional) > 0)
		return true;
	for (size_t i = 0; i < j->s.found.nr; i++) {
		const struct finding *f = &j->s.found.items[i];

		if (f->severity == SEV_ERROR && (f->kind == FK_DEADLOCK || f->kind == FK_HANG ||
						 f->kind == FK_CRASH || f->kind == FK_ASSERTION))
			return true;
	}
	return false;
}

static void count_schedules(struct check_ctx *c, const struct job *jobs, size_t njobs)
{
	c->explored = c->explore_failed = 0;
	c->explore_first = -1;
	for (size_t i = 0; i < njobs; i++) {
		const struct job *j = &jobs[i];

		if (!j->s.run.controlled || j->s.skipped || j->s.err != RL_ERR_OK)
			continue;
		c->explored++;
		if (!schedule_failed(j))
			continue;
		c->explore_failed++;
		if (c->explore_first < 0 || j->s.run.seed < c->explore_first)
			c->explore_first = j->s.run.seed;
	}
}

/* "found in 7 of 50 schedules; replay with `racelab check 03 --seed 12`", into out->note. */
static void note_schedules(const struct check_ctx *c, struct exercise_result *out)
{
	char line[512], *both = NULL;

	if (!c->explore_failed)
		return;
	if (c->analyze)
		snprintf(line, sizeof(line), "found in %d of %d schedules; replay with `racelab "
			 "analyze --seed %ld %s`", c->explore_failed, c->explored,
			 c->explore_first, out->name ? out->name : c->name);
	else
		snprintf(line, sizeof(line), "found in %d of %d schedules; replay with `racelab "
			 "check %s --seed %ld`", c->explore_failed, c->explored, c->name,
			 c->explore_first);
	if (out->note && asprintf(&both, "%s; %s", out->note, line) >= 0) {
		free(out->note);
		out->note = both;
	} else if (!out->note) {
		out->note = strdup(line);
	}
}

/* Builds the variants and runs the detectors; *built false means a compile error in all. */
static enum rl_err run_check(struct check_ctx *c, const bool need[VARIANT__COUNT],
			     struct finding_list *all, bool *built, unsigned *ran,
			     unsigned *complete, struct diag *d)
{
	const struct sched_rules rules = { run_explains_hang, run_proves_failure, c,
					   run_too_slow };
	struct build_spec spec = { c->ws.work, c->sources, c->m->cflags, c->m->libs, c->ws.tools,
				   c->m->shared_object };
	struct sched_build builds[VARIANT__COUNT];
	struct sched_task tasks[PLAN_MAX_RUNS + VARIANT__COUNT];
	struct plan_run runs[PLAN_MAX_RUNS];
	size_t nruns = plan_runs(c->m, c->seed, c->jobs, runs, ran);
	struct job *jobs = calloc(nruns + 1, sizeof(*jobs));
	size_t njobs = 0, ntasks = 0;
	int threads_seen = -1;
	enum rl_err err;

	*built = false;
	if (!jobs)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	err = plan_check(c, need, runs, nruns, jobs, &njobs, builds, tasks, &ntasks, d);
	if (err == RL_ERR_OK)
		err = sched_execute(tasks, ntasks, &spec, c->jobs, &rules, d);
	if (err == RL_ERR_OK)
		err = collect_builds(c, builds, all, built, d);
	/* A variant that did not build: its tools did not run, as far as reconcile is concerned. */
	for (size_t i = 0; i < njobs && *built; i++)
		if (!c->built[jobs[i].s.ops->variant])
			*ran &= ~jobs[i].s.ops->tool;
	*complete = *ran;
	count_schedules(c, jobs, njobs);
	for (size_t i = 0; i < njobs; i++)
		*complete = evidence_complete_tools(*complete, &jobs[i].s);
	/* A tool that could not check the program did not run, as far as reconcile is concerned. */
	for (size_t i = 0; i < njobs; i++)
		if (!jobs[i].s.skipped && jobs[i].s.err == RL_ERR_UNSUPPORTED) {
			*ran &= ~jobs[i].s.ops->tool;
			*complete &= ~jobs[i].s.ops->tool;
		}
	for (size_t i = 0; i < njobs && !c->first_timeline[0]; i++) {
		snprintf(c->first_timeline, sizeof(c->first_timeline), "%s.timeline",
			 jobs[i].graph_prefix);
		if (jobs[i].s.skipped || access(c->first_timeline, R_OK))
			c->first_timeline[0] = '\0';
	}
	/* Collected in the table's order whatever the start order (see detector_table). */
	for (size_t k = 0; detector_table[k]; k++)
		for (size_t i = 0; i < njobs && err == RL_ERR_OK && *built; i++)
			if (jobs[i].s.ops == detector_table[k])
				err = collect_job(&jobs[i], all, &threads_seen, c->tool_notes,
						  sizeof(c->tool_notes), d);
	for (size_t i = 0; i < njobs; i++) {
		finding_list_release(&jobs[i].s.found);
		finding_list_release(&jobs[i].functional);
	}
	for (int v = 0; v < VARIANT__COUNT; v++)
		finding_list_release(&builds[v].found);
	free(jobs);
	if (err == RL_ERR_OK && *built)
		err = check_threads(c, threads_seen, all);
	return err;
}

static bool tools_available(const struct manifest *m, struct diag *d)
{
	/* The interpreter that runs a shared object is a tool like the compilers. */
	if (m->shared_object && access(m->run[0], X_OK)) {
		diag_missing_tool(d, "%s not found", m->run[0]);
		return false;
	}
	for (size_t i = 0; detector_table[i]; i++) {
		const struct detector_ops *ops = detector_table[i];

		if (ops->available && detector_enabled(ops, m) && !ops->available(d))
			return false;
	}
	return true;
}

/* The heart of check and analyze, once the workspace holds the sources. */
static enum rl_err check_workspace(struct check_ctx *c, struct exercise_result *out,
				   struct diag *d)
{
	const struct manifest *m = c->m;
	bool need[VARIANT__COUNT] = { false, false, m->min_speedup > 0 || m->max_seconds > 0 };
	bool built;
	unsigned complete = 0;
	enum rl_err err;

	/* The variants the enabled backends run (the plain runs' always: they have no switch). */
	for (size_t i = 0; detector_table[i]; i++)
		if (detector_table[i]->run && detector_enabled(detector_table[i], m))
			need[detector_table[i]->variant] = true;
	ctx_sources(c);
	/* Said in the result, so that a pass is not read as TSan's (manifest.c refuses tsan = on). */
	if (m->shared_object)
		snprintf(c->tool_notes, sizeof(c->tool_notes), "TSan%s did not check this program: "
			 "%s is not built for %s", m->detectors.helgrind ? "" : " and Helgrind",
			 m->run[0], m->detectors.helgrind ? "it" : "them");
	trace("tools check");
	if (!tools_available(m, d)) {
		out->verdict = VERDICT_ERROR;
		return RL_ERR_TOOL;
	}
	err = run_check(c, need, &out->findings, &built, &out->tools_ran, &complete, d);
	if (c->tool_notes[0] && !out->note)
		out->note = strdup(c->tool_notes);
	if (err != RL_ERR_OK || !built)
		goto done;
	trace("runs collected");
	evidence_drop_unexplained_hangs(&out->findings);
	err = reconcile_findings_ex(&out->findings, out->tools_ran, complete, NULL, d);
	if (err != RL_ERR_OK)
		goto done;
	verdict_apply_fail_on(m, &out->findings);
	note_schedules(c, out);
	/* Speed is judged only for a program that is otherwise right: a racy fast one earns nothing. */
	if (!finding_list_errors(&out->findings) && need[VARIANT_OPT] && c->built[VARIANT_OPT]) {
		struct perf_spec ps = { c->bins[VARIANT_OPT], c->ws.work, c->ws.tools, c->args,
					(const char *const *)m->baseline_args, m->nbaseline_args,
					m->min_speedup, m->max_seconds, c->timeout_ms };

		err = perf_check(&ps, &out->findings, d);
		if (err != RL_ERR_OK)
			goto done;
	}
done:
	graph_publish(&out->findings, c->graphs_dir, c->name, c->root);
	timeline_publish(&out->findings, c->graphs_dir, c->name, c->root, c->ws.work);
	/* A check that passes still shows how its threads took turns: its first traced schedule. */
	if (err == RL_ERR_OK && !finding_list_errors(&out->findings) && c->first_timeline[0])
		timeline_publish_pass(c->first_timeline, c->graphs_dir, c->name, c->ws.work);
	finding_list_sort(&out->findings);
	if (err == RL_ERR_OK)
		out->verdict = verdict_of(&out->findings);
	else
		out->verdict = VERDICT_ERROR;
	return err;
}

/*
 * A backend with its own toolchain (CUDA: nvcc and compute-sanitizer) checks the whole program
 * itself; a program it cannot check (no compiler, no device) is skipped, never failed.
 */
static enum rl_err check_whole(struct check_ctx *c, struct exercise_result *out, struct diag *d)
{
	const struct manifest *m = c->m;
	enum rl_err err = RL_ERR_OK;
	bool skipped = false;
	char reason[160] = "";

	ctx_sources(c);
	for (size_t i = 0; detector_table[i] && err == RL_ERR_OK; i++) {
		const struct detector_ops *ops = detector_table[i];
		struct detector_whole w = { c->ws.work, c->ws.tools, c->sources, m->cflags, m->libs,
					    c->args, &c->srcset, m->exit_status, m->stdout_regex,
					    c->timeout_ms, false, "" };

		if (!ops->check_whole || !detector_enabled(ops, m))
			continue;
		err = ops->check_whole(&w, &out->findings, d);
		out->tools_ran |= ops->tool;
		if (w.skipped) {
			skipped = true;
			snprintf(reason, sizeof(reason), "%s", w.reason);
		}
	}
	if (err != RL_ERR_OK) {
		out->verdict = VERDICT_ERROR;
		return err;
	}
	finding_list_sort(&out->findings);
	if (skipped && !out->findings.nr) {
		out->verdict = VERDICT_SKIPPED;
		out->note = strdup(reason);
		return RL_ERR_OK;
	}
	out->verdict = verdict_of(&out->findings);
	return RL_ERR_OK;
}

enum rl_err pipeline_check(const struct manifest *m, const struct check_opts *o,
			   struct exercise_result *out, struct diag *d)
{
	struct check_ctx *c = calloc(1, sizeof(*c));
	char note[1024] = "", graphs[PATH_MAX], support[PATH_MAX];
	long t0 = now_ms();
	enum rl_err err;

	memset(out, 0, sizeof(*out));
	out->name = strdup(m->slug);
	out->title = m->title ? strdup(m->title) : NULL;
	out->dir = strdup(o->overlay_dir ? o->overlay_dir : m->dir);
	out->max_score = m->points;
	if (!c || !out->name || !out->dir) {
		free(c);
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
	snprintf(graphs, sizeof(graphs), "%s/graphs", o->root);
	c->m = m;
	if (o->explore >= 0) {
		/* A shallow copy: it shares (and never frees) the manifest's strings. */
		c->own = *m;
		c->own.explore = o->explore;
		c->m = &c->own;
	}
	c->root = o->root;
	c->support_dir = o->support_dir ? o->support_dir : exe_dir(support,
									     sizeof(support));
	c->graphs_dir = o->graphs_dir ? o->graphs_dir : graphs;
	c->name = m->slug;
	c->seed = o->seed;
	c->jobs = o->jobs;
	c->timeout_ms = (o->timeout_s > 0 ? o->timeout_s : m->timeout_s) * 1000;

	err = workspace_create(&c->ws, d);
	if (err == RL_ERR_OK)
		err = workspace_populate(&c->ws, m, o->root, o->overlay_dir, note, sizeof(note), d);
	if (err == RL_ERR_OK && m->cuda) {
		err = check_whole(c, out, d);
	} else if (err == RL_ERR_OK) {
		err = check_workspace(c, out, d);
	}
	if (note[0]) {
		char *both = NULL;

		/* The overlay's account (ignored, missing files) comes first: graders look for it. */
		if (out->note && asprintf(&both, "%s; %s", note, out->note) >= 0) {
			free(out->note);
			out->note = both;
		} else if (!out->note) {
			out->note = strdup(note);
		}
	}
	if (err != RL_ERR_OK) {
		out->verdict = VERDICT_ERROR;
		if (!out->note)
			out->note = strdup(d->msg);
	}
	sandbox_view_note(&out->note);
	out->score = verdict_score(m, out);
	out->duration_ms = now_ms() - t0;
	workspace_remove(&c->ws);
	trace("check done");
	free(c);
	return err;
}

enum rl_err pipeline_analyze(const struct analyze_opts *o, struct exercise_result *out,
			     struct diag *d)
{
	struct manifest m = MANIFEST_INIT;
	struct check_ctx *c = calloc(1, sizeof(*c));
	char support[PATH_MAX], dir[PATH_MAX], name[256], stem[256];
	const char *base;
	long t0 = now_ms();
	enum rl_err err;
	size_t nargs = 0;

	memset(out, 0, sizeof(*out));
	if (!c)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	if (o->nfiles == 0 || o->nfiles > MANIFEST_MAX_FILES) {
		free(c);
		return diag_set(d, RL_ERR_USAGE, "analyze takes 1 to %d source files",
				MANIFEST_MAX_FILES);
	}
	base = strrchr(o->files[0], '/');
	base = base ? base + 1 : o->files[0];
	snprintf(name, sizeof(name), "%s", base);
	/* Graphs are named after the program without its extension: graphs/racy.deadlock.svg. */
	snprintf(stem, sizeof(stem), "%.*s", (int)strcspn(base, "."), base);
	snprintf(dir, sizeof(dir), "%.*s", base == o->files[0] ? 1 : (int)(base - o->files[0] - 1),
		 base == o->files[0] ? "." : o->files[0]);
	out->name = strdup(name);
	out->dir = realpath(dir, NULL);
	out->max_score = 0;

	/* A manifest built in memory: every detector on, any exit status other than 0 is wrong. */
	m.detectors = (struct manifest_detectors){ true, true, true };
	m.runs = o->runs > 0 ? o->runs : 3;
	/* analyze has no manifest to ask for more: it searches more by default, all of it. */
	m.explore = o->explore >= 0 ? o->explore : ANALYZE_EXPLORE;
	m.timeout_s = o->timeout_s > 0 ? o->timeout_s : 10;
	m.starvation_ms = MANIFEST_STARVATION_MS;
	/*
	 * With no teacher to set it, a lock held across a blocking call for a tenth of a second while
	 * another thread waits is already a stall a person notices (tests/analyze/lhb_sleep_under_lock:
	 * 150 ms); no race-free program of tests/analyze holds a contended lock across one that long.
	 */
	m.hold_blocking_ms = 100;
	m.hang_ms = MANIFEST_HANG_MS;
	m.cflags = (char *)o->cflags;
	m.libs = (char *)o->libs;
	m.slug = name;
	for (size_t i = 0; i < o->nfiles; i++) {
		const char *b = strrchr(o->files[i], '/');

		m.sources[m.nsources++] = (char *)(b ? b + 1 : o->files[i]);
	}
	for (; o->args && o->args[nargs] && nargs < MANIFEST_MAX_ARGS; nargs++)
		m.args[nargs] = (char *)o->args[nargs];
	m.nargs = nargs;

	c->m = &m;
	c->analyze = true;
	c->root = NULL;
	c->support_dir = o->support_dir ? o->support_dir : exe_dir(support,
									     sizeof(support));
	c->graphs_dir = o->graphs_dir ? o->graphs_dir : "graphs";
	c->name = stem;
	c->seed = o->seed;
	c->jobs = o->jobs;
	c->timeout_ms = m.timeout_s * 1000;

	err = workspace_create(&c->ws, d);
	if (err == RL_ERR_OK)
		err = workspace_add_files(&c->ws, o->files, o->nfiles, d);
	if (err == RL_ERR_OK)
		err = check_workspace(c, out, d);
	if (err != RL_ERR_OK) {
		out->verdict = VERDICT_ERROR;
		out->note = strdup(d->msg);
	}
	sandbox_view_note(&out->note);
	out->duration_ms = now_ms() - t0;
	workspace_remove(&c->ws);
	free(c);
	return err;
}
