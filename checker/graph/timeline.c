/* The timeline model of a traced run, and its raw form between a detector and publishing. */
#include "timeline.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

/* Bounds on what a raw file may hold (the tracer writes at most 16384 events). */
#define TL_MAX_EVENTS 20000
#define TL_MAX_ITEMS 8192
#define TL_LINE_MAX 1024

static const char *const type_names[] = {
#define TL_NAME(e, s) s,
	TL_TYPE_MAP(TL_NAME)
#undef TL_NAME
};

/* In the order of the tracer's LG_WIRE_WAITS and LG_WIRE_BLOCK_CALLS (trace_wire.h). */
static const char *const wait_words[] = { "none", "mutex", "rdlock", "wrlock", "cond",
					  "sem", "barrier", "join" };
static const char *const block_calls[] = { "sleep", "usleep", "nanosleep", "read", "write",
					   "poll" };

const char *timeline_type_name(int type)
{
	return type >= 0 && type < TL__COUNT ? type_names[type] : "?";
}

int timeline_type_parse(const char *name)
{
	for (int i = 0; i < TL__COUNT; i++)
		if (!strcmp(name, type_names[i]))
			return i;
	return -1;
}

const char *timeline_block_call(unsigned arg)
{
	return arg < sizeof(block_calls) / sizeof(*block_calls) ? block_calls[arg] : "call";
}

const char *timeline_wait_word(unsigned arg)
{
	return arg < sizeof(wait_words) / sizeof(*wait_words) ? wait_words[arg] : "?";
}

/* A copy without tabs, newlines or other control bytes: the raw form's fields stay fields. */
static char *clean_dup(const char *s)
{
	char *c = s ? strdup(s) : NULL;

	for (char *p = c; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

enum rl_err timeline_add_obj(struct timeline *tl, unsigned id, const char *kind, const char *name)
{
	struct tl_obj *o = array_push(&tl->objs, &tl->nobjs, sizeof(*o), TL_MAX_ITEMS);

	if (!o)
		return RL_ERR_NOMEM;
	o->id = id;
	o->kind = clean_dup(kind ? kind : "lock");
	o->name = clean_dup(name ? name : "?");
	if (!o->kind || !o->name)
		return RL_ERR_NOMEM;
	return RL_ERR_OK;
}

int timeline_add_site(struct timeline *tl, const char *file, int line, const char *func)
{
	struct tl_site *s;

	for (size_t i = 0; i < tl->nsites; i++) {
		s = &tl->sites[i];
		if (s->line == line && !strcmp(s->file ? s->file : "", file ? file : "") &&
		    !strcmp(s->func ? s->func : "", func ? func : ""))
			return (int)i;
	}
	s = array_push(&tl->sites, &tl->nsites, sizeof(*s), TL_MAX_ITEMS);
	if (!s)
		return -1;
	s->line = line;
	s->file = file ? clean_dup(file) : NULL;
	s->func = func ? clean_dup(func) : NULL;
	return (int)(tl->nsites - 1);
}

enum rl_err timeline_add_event(struct timeline *tl, const struct tl_event *ev)
{
	struct tl_event *e = array_push(&tl->events, &tl->nevents, sizeof(*e), TL_MAX_EVENTS);

	if (!e)
		return RL_ERR_NOMEM;
	*e = *ev;
	return RL_ERR_OK;
}

enum rl_err timeline_add_count(struct timeline *tl, const struct tl_count *c)
{
	struct tl_count *p = NULL;

	for (size_t i = 0; i < tl->ncounts && !p; i++)
		if (tl->counts[i].thread == c->thread)
			p = &tl->counts[i];
	if (!p && !(p = array_push(&tl->counts, &tl->ncounts, sizeof(*p), TL_MAX_ITEMS)))
		return RL_ERR_NOMEM;
	p->thread = c->thread;
	p->events += c->events;
	p->acq += c->acq;
	p->waits += c->waits;
	return RL_ERR_OK;
}

const struct tl_obj *timeline_obj(const struct timeline *tl, unsigned id)
{
	for (size_t i = 0; id && i < tl->nobjs; i++)
		if (tl->objs[i].id == id)
			return &tl->objs[i];
	return NULL;
}

static int cmp_event(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void timeline_sort(struct timeline *tl)
{
	if (tl->nevents)
		qsort(tl->events, tl->nevents, sizeof(*tl->events), cmp_event);
}

void timeline_release(struct timeline *tl)
{
	for (size_t i = 0; i < tl->nobjs; i++) {
		free(tl->objs[i].kind);
		free(tl->objs[i].name);
	}
	for (size_t i = 0; i < tl->nsites; i++) {
		free(tl->sites[i].file);
		free(tl->sites[i].func);
	}
	free(tl->objs);
	free(tl->sites);
	free(tl->events);
	free(tl->counts);
	memset(tl, 0, sizeof(*tl));
	tl->seed = -1;
}

/* ---- the raw form ---- */

#define TL_MAGIC "racelab-timeline 1"

enum rl_err timeline_save(const struct timeline *tl, const char *path, struct diag *d)
{
	FILE *fp = fopen(path, "w");

	if (!fp)
		return diag_set(d, RL_ERR_IO, "cannot write %s", path);
	fprintf(fp, TL_MAGIC "\nmeta\t%ld\t%" PRIu64 "\t%d\n", tl->seed, tl->total, tl->stuck);
	for (size_t i = 0; i < tl->nobjs; i++)
		fprintf(fp, "obj\t%u\t%s\t%s\n", tl->objs[i].id, tl->objs[i].kind, tl->objs[i].name);
	for (size_t i = 0; i < tl->nsites; i++)
		fprintf(fp, "site\t%s\t%d\t%s\n", tl->sites[i].file ? tl->sites[i].file : "-",
			tl->sites[i].line, tl->sites[i].func ? tl->sites[i].func : "-");
	for (size_t i = 0; i < tl->ncounts; i++)
		fprintf(fp, "count\t%d\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n", tl->counts[i].thread,
			tl->counts[i].events, tl->counts[i].acq, tl->counts[i].waits);
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct tl_event *e = &tl->events[i];

		fprintf(fp, "ev\t%" PRIu64 "\t%" PRIu64 "\t%d\t%s\t%u\t%u\t%d\n", e->seq, e->ns,
			e->thread, timeline_type_name(e->type), e->obj, e->arg, e->site);
	}
	if (fclose(fp))
		return diag_set(d, RL_ERR_IO, "cannot write %s", path);
	return RL_ERR_OK;
}

/* Splits line at tabs into at most max fields; returns how many. */
static int split(char *line, char **f, int max)
{
	int n = 0;

	for (char *p = line; n < max;) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	*v = strtoull(s, &end, 10);
	return !*end;
}

static bool parse_int(const char *s, long min, long max, long *v)
{
	char *end;

	*v = strtol(s, &end, 10);
	return *s && !*end && *v >= min && *v <= max;
}

static enum rl_err load_line(struct timeline *tl, char *line)
{
	char *f[8] = { NULL }; /* split sets f[0..n-1]; the rest only read after n is checked */
	int n = split(line, f, 8);
	uint64_t a, b;
	long x, y, z, s;

	if (!strcmp(f[0], "meta") && n == 4 && parse_int(f[1], -1, LONG_MAX, &x) &&
	    parse_u64(f[2], &a) && parse_int(f[3], 0, 1, &y)) {
		tl->seed = x;
		tl->total = a;
		tl->stuck = y;
	} else if (!strcmp(f[0], "obj") && n == 4 && parse_int(f[1], 1, UINT32_MAX, &x)) {
		return timeline_add_obj(tl, (unsigned)x, f[2], f[3]);
	} else if (!strcmp(f[0], "site") && n == 4 && parse_int(f[2], 0, INT32_MAX, &x)) {
		if (timeline_add_site(tl, strcmp(f[1], "-") ? f[1] : NULL, (int)x,
				      strcmp(f[3], "-") ? f[3] : NULL) < 0)
			return RL_ERR_NOMEM;
	} else if (!strcmp(f[0], "count") && n == 5 && parse_int(f[1], 0, INT32_MAX, &x)) {
		struct tl_count c = { (int)x, 0, 0, 0 };

		if (parse_u64(f[2], &c.events) && parse_u64(f[3], &c.acq) && parse_u64(f[4], &c.waits))
			return timeline_add_count(tl, &c);
	} else if (!strcmp(f[0], "ev") && n == 8 && parse_u64(f[1], &a) && parse_u64(f[2], &b) &&
		   parse_int(f[3], 0, INT32_MAX, &x) && timeline_type_parse(f[4]) >= 0 &&
		   parse_int(f[5], 0, UINT32_MAX, &y) && parse_int(f[6], 0, 65535, &z) &&
		   parse_int(f[7], -1, (long)tl->nsites - 1, &s)) {
		struct tl_event e = { a, b, (int)x, timeline_type_parse(f[4]), (unsigned)y,
				      (unsigned)z, (int)s };

		return timeline_add_event(tl, &e);
	}
	return RL_ERR_OK; /* a bad line is skipped */
}

enum rl_err timeline_load(struct timeline *tl, const char *path, struct diag *d)
{
	size_t len = 0;
	char *text = read_file_capped(path, 8u << 20, &len), *save = NULL, *line;
	enum rl_err e = RL_ERR_OK;

	if (!text)
		return diag_set(d, RL_ERR_IO, "cannot read %s", path);
	line = strtok_r(text, "\n", &save);
	if (!line || strcmp(line, TL_MAGIC)) {
		free(text);
		return diag_set(d, RL_ERR_PARSE, "%s is not a timeline", path);
	}
	while (e == RL_ERR_OK && (line = strtok_r(NULL, "\n", &save)))
		if (strlen(line) < TL_LINE_MAX)
			e = load_line(tl, line);
	free(text);
	timeline_sort(tl);
	return e == RL_ERR_OK ? RL_ERR_OK : diag_set(d, e, "out of memory");
}
