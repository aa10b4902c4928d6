/* The verdict and the score of one exercise, from its findings and its manifest (verdict.h). */
#include "verdict.h"

bool verdict_finding_fails(const struct manifest *m, const struct finding *f)
{
	return f->severity == SEV_ERROR || (m->fail_on & (1u << f->kind));
}

void verdict_apply_fail_on(const struct manifest *m, struct finding_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		if (verdict_finding_fails(m, &l->items[i]))
			l->items[i].severity = SEV_ERROR;
}

enum verdict verdict_of(const struct finding_list *l)
{
	return finding_list_errors(l) ? VERDICT_FAIL : VERDICT_PASS;
}

int verdict_score(const struct manifest *m, const struct exercise_result *r)
{
	bool only_slow = false;

	if (r->verdict == VERDICT_PASS)
		return m->points;
	if (r->verdict != VERDICT_FAIL || m->perf_points <= 0)
		return 0;
	for (size_t i = 0; i < r->findings.nr; i++) {
		const struct finding *f = &r->findings.items[i];

		if (!verdict_finding_fails(m, f))
			continue;
		if (f->kind != FK_TOO_SLOW)
			return 0;
		only_slow = true;
	}
	/* A fail with no failing finding at all has no evidence of a fix: no partial credit. */
	if (!only_slow)
		return 0;
	return m->points > m->perf_points ? m->points - m->perf_points : 0;
}
