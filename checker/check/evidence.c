/* The pipeline's evidence bookkeeping, kept apart to be tested without running any tool. */
#include "evidence.h"

#include <stdio.h>
#include <string.h>

bool evidence_explains_hang(const struct finding_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		if ((l->items[i].kind == FK_DEADLOCK || l->items[i].kind == FK_HANG) &&
		    !(l->items[i].tools & TOOL(RUN)))
			return true;
	return false;
}

bool evidence_run_complete(const struct spawn_result *r)
{
	return !r->timed_out && !r->limit_hit && !r->term_signal;
}

unsigned evidence_complete_tools(unsigned complete, const struct sched_run *r)
{
	if (!r->skipped && !evidence_run_complete(&r->run.result))
		complete &= ~r->ops->tool;
	return complete;
}

void evidence_drop_unexplained_hangs(struct finding_list *l)
{
	size_t w = 0;

	if (!evidence_explains_hang(l))
		return;
	for (size_t i = 0; i < l->nr; i++) {
		if (l->items[i].kind == FK_HANG && l->items[i].tools == TOOL(RUN)) {
			finding_release(&l->items[i]);
			continue;
		}
		l->items[w++] = l->items[i];
	}
	l->nr = w;
}

/*
 * The last second before the kill says more than the whole run: a tool's start-up (Valgrind
 * translating the program) is CPU time, and a blocked program's threads use none (0 ms in the
 * window, measured on hang_* of tests/analyze/). A twentieth of one core is the line: on a 2-core
 * machine at load 6, ok_cpu_3s under Helgrind got 140-300 ms of its last second; at load 16, two
 * spinning threads under TSan got 200 ms.
 */
bool evidence_timeout_busy(const struct spawn_result *r)
{
	if (!r->timed_out)
		return false;
	if (r->busy_window_ms > 0)
		return r->busy_cpu_ms * 20 >= r->busy_window_ms;
	return r->wall_ms > 0 && r->cpu_ms * 2 >= r->wall_ms;
}

enum rl_err evidence_timeout_finding(const struct spawn_result *r, int timeout_s, bool analyze,
				     struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	bool window = r->busy_window_ms > 0;
	double cpu_s = (window ? r->busy_cpu_ms : r->cpu_ms) / 1000.0;
	double span_s = (window ? r->busy_window_ms : r->wall_ms) / 1000.0;
	char msg[512];
	int n;

	if (!evidence_timeout_busy(r)) {
		snprintf(msg, sizeof(msg), "did not finish within %d s and was killed", timeout_s);
		return finding_list_add1(out, FK_HANG, TOOL(RUN), NULL, 0, msg);
	}
	/* The numbers differ from run to run: the runs merge on the words before them (key_len). */
	if (analyze) {
		/*
		 * From outside, a long computation and a busy-wait on a flag nobody sets look alike
		 * (tests/lockgraph/sched/nosync.c): say both, and how to tell them apart.
		 */
		n = snprintf(msg, sizeof(msg), "did not finish within %d s and was killed while its "
			     "threads were running (no thread was blocked): too slow for the limit, or "
			     "a loop that never ends; ", timeout_s);
		snprintf(msg + n, sizeof(msg) - (size_t)n, "%.1f s of CPU in its last %.1f s; only "
			 "what ran was checked: raise the limit with --timeout %d to tell the two apart",
			 cpu_s, span_s, timeout_s * 6);
		f.kind = FK_TOO_SLOW;
		f.severity = SEV_WARNING;
	} else {
		n = snprintf(msg, sizeof(msg), "did not finish within %d s and was killed while its "
			     "threads were running (a loop that never ends, or too slow for this "
			     "exercise's limit); ", timeout_s);
		snprintf(msg + n, sizeof(msg) - (size_t)n, "%.1f s of CPU in its last %.1f s",
			 cpu_s, span_s);
		f.kind = FK_HANG;
		f.severity = SEV_ERROR;
	}
	f.tools = TOOL(RUN);
	f.key_len = (size_t)n;
	if (!(f.message = strdup(msg)))
		return RL_ERR_NOMEM;
	return finding_list_add(out, &f);
}
