/*
 * The order a check's work runs in. On two cores the check is as fast as its slowest chain allows:
 * gcc's quick build, then Helgrind, on one core; clang's build, TSan, the plain runs and the
 * tracer's seeds on the other. One list in start order and "take the first task that can start"
 * give exactly that, and stay correct for any number of threads.
 */
#include "schedule.h"

#include <pthread.h>
#include <stdlib.h>

#include "model/util.h"

struct sched {
	struct sched_task *tasks;
	size_t n;
	bool *taken, *finished;
	const struct build_spec *spec;
	const struct sched_rules *rules;
	bool stuck;   /* a run explained a hang: other runs would only hang too */
	bool failing; /* a run proved the check fails: no speed check will follow */
	bool broken;  /* a build failed: the compile error is the whole report */
	unsigned slow; /* the tools a run of which ran out of time while busy (rules->too_slow) */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

/* A harness lock or condition that fails is a bug in racelab: stop rather than guess. */
static void must(int rc)
{
	if (rc)
		abort();
}

static const struct sched_build *build_of(const struct sched *s, enum build_variant v)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->tasks[i].build && s->tasks[i].build->variant == v)
			return s->tasks[i].build;
	return NULL;
}

/* True when a run not yet started needs variant v. */
static bool variant_wanted(const struct sched *s, enum build_variant v)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->taken[i] && s->tasks[i].run && s->tasks[i].run->ops->variant == v)
			return true;
	return false;
}

/*
 * Ends the runs under way: all of them after a failed build; after an explained hang, those that
 * would only hang too, while TSan and Helgrind get SCHED_KNOWN_HANG_MS from their start. Called
 * with the lock held.
 */
static void stop_runs(struct sched *s, bool all)
{
	long now = now_ms();

	for (size_t i = 0; i < s->n; i++) {
		struct sched_run *r = s->tasks[i].run;
		long cap;

		if (!r || !s->taken[i] || s->finished[i])
			continue;
		if (!all && r->keep_when_stuck) {
			cap = r->started_ms + SCHED_KNOWN_HANG_MS;
		} else {
			cap = now;
			r->skipped = true;
		}
		atomic_store(&r->cap, cap > 0 ? cap : 1);
	}
}

/*
 * Once no other work is left, the spare runs under way are stopped: they would only make the
 * check longer, and a stopped one is skipped (it counts as neither a passing nor a failing
 * schedule). Called with the lock held.
 */
static void stop_spare(struct sched *s)
{
	long now = now_ms();

	for (size_t i = 0; i < s->n; i++) {
		struct sched_run *r = s->tasks[i].run;

		if (!r || !r->spare || !s->taken[i] || s->finished[i])
			continue;
		r->skipped = true;
		atomic_store(&r->cap, now > 0 ? now : 1);
	}
}

/*
 * Once a run proves the check fails, the explored schedules still under way are stopped and the
 * others never start: the verdict is settled, and a program that hangs would make each of them
 * wait out its timeout (64 schedules of a program sleeping for ever took a minute). A stopped
 * schedule counts as neither passing nor failing, so "found in F of N" counts those that ran.
 * Called with the lock held.
 */
static void stop_explored(struct sched *s)
{
	long now = now_ms();

	for (size_t i = 0; i < s->n; i++) {
		struct sched_run *r = s->tasks[i].run;

		if (!r || !r->run.controlled || !s->taken[i] || s->finished[i])
			continue;
		r->skipped = true;
		atomic_store(&r->cap, now > 0 ? now : 1);
	}
}

/* Stops the runs of tool under way: another of its runs was too slow, so would they be. */
static void stop_tool(struct sched *s, unsigned tool)
{
	long now = now_ms();

	for (size_t i = 0; i < s->n; i++) {
		struct sched_run *r = s->tasks[i].run;

		if (!r || r->ops->tool != tool || !s->taken[i] || s->finished[i])
			continue;
		r->skipped = true;
		atomic_store(&r->cap, now > 0 ? now : 1);
	}
}

/* Marks task i as one that will never start. */
static void drop(struct sched *s, size_t i)
{
	s->taken[i] = s->finished[i] = true;
	if (s->tasks[i].run)
		s->tasks[i].run->skipped = true;
}

/* True while a task that is not a spare run is unfinished (a build counts too). */
static bool work_left(const struct sched *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->finished[i] && !(s->tasks[i].run && s->tasks[i].run->spare))
			return true;
	return false;
}

/* The first task that can start, or NULL; *wait says whether one may become startable. */
static struct sched_task *next_task(struct sched *s, bool *wait)
{
	*wait = false;
	for (size_t i = 0; i < s->n; i++) {
		struct sched_task *t = &s->tasks[i];
		const struct sched_build *b;

		if (s->taken[i])
			continue;
		if (t->build) {
			if (s->broken || ((s->stuck || s->failing) &&
					  !variant_wanted(s, t->build->variant))) {
				drop(s, i);
				continue;
			}
			s->taken[i] = true;
			return t;
		}
		if (s->broken || (s->stuck && !t->run->keep_when_stuck) ||
		    (t->run->spare && !work_left(s)) || (s->failing && t->run->run.controlled)) {
			drop(s, i);
			continue;
		}
		if (s->slow & t->run->ops->tool) {
			drop(s, i);
			continue;
		}
		b = build_of(s, t->run->ops->variant);
		if (!b || (b->done && !b->built)) {
			drop(s, i);
			continue;
		}
		if (!b->done) {
			*wait = true;
			continue;
		}
		if (s->stuck && t->run->run.timeout_ms > SCHED_KNOWN_HANG_MS)
			t->run->run.timeout_ms = SCHED_KNOWN_HANG_MS;
		t->run->started_ms = now_ms();
		s->taken[i] = true;
		return t;
	}
	return NULL;
}

static void execute(struct sched *s, struct sched_task *t)
{
	if (t->build) {
		struct sched_build *b = t->build;

		trace("build %d start", (int)b->variant);
		b->err = build_variant_noted(s->spec, b->variant, b->out_path, &b->built, &b->found,
					     b->note, sizeof(b->note), &b->diag);
		trace("build %d done%s", (int)b->variant, b->built ? "" : " (failed)");
	} else {
		struct sched_run *r = t->run;

		trace("%s seed %ld start", r->ops->name, r->run.seed);
		r->err = r->ops->run(&r->run, &r->found, &r->diag);
		trace("%s seed %ld done (program %ld ms)", r->ops->name, r->run.seed,
		      r->run.result.wall_ms);
	}
}

/*
 * Records what a finished task means for the others; hang and fails are the rules' judgement of a
 * run. Called with the lock held.
 */
static void finish(struct sched *s, struct sched_task *t, bool hang, bool fails, bool slow)
{
	if (!work_left(s))
		stop_spare(s);
	if (t->build) {
		t->build->done = true;
		/*
		 * Only the TSan build may fail alone: clang refused what gcc may build, and the
		 * detectors on gcc's build still decide (pipeline.c says TSan could not check).
		 */
		if (t->build->err != RL_ERR_OK ||
		    (!t->build->built && t->build->variant != VARIANT_TSAN)) {
			s->broken = true;
			stop_runs(s, true);
		}
		return;
	}
	if (t->run->skipped)
		return;
	if (fails && !s->failing) {
		s->failing = true;
		stop_explored(s);
	}
	if (hang && !s->stuck) {
		s->stuck = true;
		stop_runs(s, false);
	}
	if (slow && !(s->slow & t->run->ops->tool)) {
		s->slow |= t->run->ops->tool;
		stop_tool(s, t->run->ops->tool);
	}
}

static void *worker(void *arg)
{
	struct sched *s = arg;

	must(pthread_mutex_lock(&s->lock));
	for (;;) {
		bool wait, hang = false, fails = false, slow = false;
		struct sched_task *t = next_task(s, &wait);

		if (!t) {
			if (!wait)
				break;
			must(pthread_cond_wait(&s->changed, &s->lock));
			continue;
		}
		must(pthread_mutex_unlock(&s->lock));
		execute(s, t);
		if (t->run) {
			hang = s->rules->explains_hang(s->rules->ctx, t->run);
			fails = s->rules->proves_failure(s->rules->ctx, t->run);
			slow = s->rules->too_slow && s->rules->too_slow(s->rules->ctx, t->run);
		}
		must(pthread_mutex_lock(&s->lock));
		s->finished[t - s->tasks] = true;
		finish(s, t, hang, fails, slow);
		must(pthread_cond_broadcast(&s->changed));
	}
	must(pthread_mutex_unlock(&s->lock));
	return NULL;
}

enum rl_err sched_execute(struct sched_task *tasks, size_t n, const struct build_spec *spec,
			  int threads, const struct sched_rules *rules, struct diag *d)
{
	struct sched s = { tasks, n, calloc(n + 1, sizeof(bool)), calloc(n + 1, sizeof(bool)),
			   spec, rules, false, false, false, 0, PTHREAD_MUTEX_INITIALIZER,
			   PTHREAD_COND_INITIALIZER };
	pthread_t tids[8];
	int started = 0;

	if (!s.taken || !s.finished) {
		free(s.taken);
		free(s.finished);
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (tasks[i].run) {
			atomic_init(&tasks[i].run->cap, 0);
			tasks[i].run->run.deadline_cap = &tasks[i].run->cap;
		}
	}
	if (threads < 1)
		threads = 1;
	if (threads > 8)
		threads = 8;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	/* Fewer threads than asked is slower, never wrong: this one works through the list too. */
	for (int i = 1; i < threads; i++) {
		if (pthread_create(&tids[started], NULL, worker, &s))
			break;
		started++;
	}
	worker(&s);
	for (int i = 0; i < started; i++)
		must(pthread_join(tids[i], NULL));
	must(pthread_cond_destroy(&s.changed));
	must(pthread_mutex_destroy(&s.lock));
	free(s.taken);
	free(s.finished);
	return RL_ERR_OK;
}
