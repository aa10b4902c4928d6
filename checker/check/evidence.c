/* The pipeline's evidence bookkeeping, kept apart to be tested without running any tool. */
#include "evidence.h"

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
