/*
 * The controlled scheduler's records in a trace (tracer/sched.c writes them, trace_wire.h says
 * what they mean): the schedule's parameters, its decisions in order, and how it ended. Kept in
 * struct lg_schedule for whoever shows a schedule; no finding comes from them alone.
 */
#include <stdlib.h>
#include <string.h>

#include "lockgraph_int.h"
#include "tracer/trace_wire.h"

static int schedend(struct lg_schedule *s, char **tok, int n)
{
	long fair;

	if (n != 6 || !lgd_num_kv(tok[1], "steps", &s->steps) ||
	    !lgd_num_kv(tok[2], "switches", &s->switches) || !lgd_num_kv(tok[3], "preempts", &s->preempts) ||
	    !lgd_num_kv(tok[4], "fair", &fair))
		return 0;
	if (strcmp(tok[5], "recorded=all") && strcmp(tok[5], "recorded=partial"))
		return 0;
	s->fair = fair != 0;
	s->partial = !strcmp(tok[5], "recorded=partial");
	s->ended = true;
	return 1;
}

static int decision(struct lg_schedule *s, char **tok, int n)
{
	struct lg_decision d = { 0 };
	unsigned long step;
	struct lg_decision *p;

	if (n != 5 || !lgd_parse_ulong(tok[1], 10, 1ul << 40, &step) ||
	    !lgd_parse_thread(tok[2], &d.thread) || strlen(tok[3]) >= sizeof(d.call) ||
	    !lgd_parse_site(tok[4], "f", &d.site))
		return 0;
	/* Decisions come in order: a step going back is not the tracer's. */
	if (s->ndecisions && (long)step < s->decisions[s->ndecisions - 1].step)
		return 0;
	d.step = (long)step;
	strcpy(d.call, tok[3]);
	p = lgd_push(&s->decisions, &s->ndecisions, sizeof(*p));
	if (!p)
		return -1;
	*p = d;
	return 1;
}

int lgd_schedule_line(struct lg_trace *t, char **tok, int n)
{
	struct lg_schedule *s = &t->sched;
	const char *r = tok[0];
	long v;

	if (!strcmp(r, LG_REC_SCHEDCFG)) {
		if (n != 5 || strcmp(tok[1], "pct") || !lgd_num_kv(tok[2], "depth", &v) ||
		    !lgd_num_kv(tok[3], "steps", &s->k) || strncmp(tok[4], "change=", 7))
			return 0;
		s->depth = (int)v;
		s->controlled = true;
		return 1;
	}
	if (!strcmp(r, LG_REC_SCHED))
		return s->controlled ? decision(s, tok, n) : 0;
	if (!strcmp(r, LG_REC_SCHEDEND))
		return s->controlled ? schedend(s, tok, n) : 0;
	if (!strcmp(r, LG_REC_PREEMPT) || !strcmp(r, LG_REC_SCHEDFAIR))
		return s->controlled ? 1 : 0; /* counted in schedend; the step is in the record */
	if (!strcmp(r, LG_REC_SCHEDOFF)) {
		if (!s->controlled)
			return 0;
		s->off = true;
		return 1;
	}
	return 0;
}

void lgd_schedule_release(struct lg_schedule *s)
{
	free(s->decisions);
	memset(s, 0, sizeof(*s));
}
