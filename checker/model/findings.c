/* Findings: the vocabulary, ownership of their strings, and the merging list. */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
#define FK_NAME(e, s) s,
	FINDING_KIND_MAP(FK_NAME)
#undef FK_NAME
};

static const char *const tool_names[] = {
#define TOOL_NAME(e, s) s,
	TOOL_MAP(TOOL_NAME)
#undef TOOL_NAME
};

const char *finding_kind_name(enum finding_kind k)
{
	return (unsigned)k < FK__COUNT ? kind_names[k] : "unknown";
}

int finding_kind_parse(const char *name)
{
	for (int i = 0; i < FK__COUNT; i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

const char *tool_name(enum tool_bit bit)
{
	return (unsigned)bit < TOOL__COUNT ? tool_names[bit] : "unknown";
}

enum severity finding_default_severity(enum finding_kind k)
{
	return k == FK_THREAD_LEAK ? SEV_WARNING : SEV_ERROR;
}

/* strdup that treats NULL as "no string"; *ok is cleared on allocation failure. */
static char *dup_or_null(const char *s, bool *ok)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*ok = false;
	return p;
}

static void location_release(struct location *loc)
{
	free(loc->file);
	free(loc->function);
	free(loc->thread);
	memset(loc, 0, sizeof(*loc));
}

enum rl_err location_set(struct location *loc, const char *file, int line, int column,
			 const char *function, const char *thread)
{
	bool ok = true;
	struct location n = { dup_or_null(file, &ok), line, column, dup_or_null(function, &ok),
			      dup_or_null(thread, &ok) };

	if (!ok) {
		location_release(&n);
		return RL_ERR_NOMEM;
	}
	location_release(loc);
	*loc = n;
	return RL_ERR_OK;
}

void finding_release(struct finding *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nlocs && i < FINDING_MAX_LOCS; i++)
		location_release(&f->locs[i]);
	free(f->message);
	free(f->graph);
	free(f->timeline);
	memset(f, 0, sizeof(*f));
	f->seed = -1;
}

enum rl_err finding_copy(struct finding *dst, const struct finding *src)
{
	bool ok = true;

	*dst = *src;
	dst->message = dup_or_null(src->message, &ok);
	dst->graph = dup_or_null(src->graph, &ok);
	dst->timeline = dup_or_null(src->timeline, &ok);
	for (size_t i = 0; i < src->nlocs; i++) {
		dst->locs[i].file = dup_or_null(src->locs[i].file, &ok);
		dst->locs[i].function = dup_or_null(src->locs[i].function, &ok);
		dst->locs[i].thread = dup_or_null(src->locs[i].thread, &ok);
	}
	if (!ok) {
		finding_release(dst);
		return RL_ERR_NOMEM;
	}
	return RL_ERR_OK;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool finding_has_place(const struct finding *f, const struct location *l)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == l->line && str_eq(f->locs[i].file, l->file))
			return true;
	return false;
}

bool finding_places_within(const struct finding *a, const struct finding *b)
{
	for (size_t i = 0; i < a->nlocs; i++)
		if (!finding_has_place(b, &a->locs[i]))
			return false;
	return true;
}

/* Messages that quote a run's output compare by the part before the quote (key_len). */
static bool same_message(const struct finding *a, const struct finding *b)
{
	if (a->key_len && a->key_len == b->key_len && a->message && b->message)
		return !strncmp(a->message, b->message, a->key_len);
	return str_eq(a->message, b->message);
}

/* Same kind and the same set of file:line places, in any order: the same bug seen twice. */
static bool same_finding(const struct finding *a, const struct finding *b)
{
	if (a->kind != b->kind)
		return false;
	if (!finding_places_within(a, b) || !finding_places_within(b, a))
		return false;
	/*
	 * Without locations, the same message is the same finding; so is the same kind seen by two
	 * different tools (a hang that TSan's run and Helgrind's run both had to be killed for).
	 */
	if (!a->nlocs && !b->nlocs)
		return same_message(a, b) || !(a->tools & b->tools);
	return true;
}

void finding_fold(struct finding *dst, struct finding *src)
{
	dst->tools |= src->tools;
	dst->count += src->count;
	if (!dst->graph && src->graph) {
		dst->graph = src->graph;
		src->graph = NULL;
	}
	if (!dst->timeline && src->timeline) {
		dst->timeline = src->timeline;
		src->timeline = NULL;
	}
	if (dst->seed < 0)
		dst->seed = src->seed;
	if (src->severity == SEV_ERROR)
		dst->severity = SEV_ERROR;
	finding_release(src);
}

enum rl_err finding_list_add(struct finding_list *l, struct finding *f)
{
	for (size_t i = 0; i < l->nr; i++) {
		struct finding *e = &l->items[i];

		if (!same_finding(e, f))
			continue;
		finding_fold(e, f);
		return RL_ERR_OK;
	}
	if (l->nr == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 8;
		struct finding *p = realloc(l->items, n * sizeof(*p));

		if (!p) {
			finding_release(f);
			return RL_ERR_NOMEM;
		}
		l->items = p;
		l->alloc = n;
	}
	l->items[l->nr++] = *f;
	memset(f, 0, sizeof(*f));
	f->seed = -1;
	return RL_ERR_OK;
}

enum rl_err finding_list_merge(struct finding_list *dst, const struct finding_list *src)
{
	for (size_t i = 0; i < src->nr; i++) {
		struct finding c;
		enum rl_err e = finding_copy(&c, &src->items[i]);

		if (e == RL_ERR_OK)
			e = finding_list_add(dst, &c);
		if (e != RL_ERR_OK)
			return e;
	}
	return RL_ERR_OK;
}

bool finding_list_has_kind(const struct finding_list *l, enum finding_kind k)
{
	for (size_t i = 0; i < l->nr; i++)
		if (l->items[i].kind == k)
			return true;
	return false;
}

size_t finding_list_errors(const struct finding_list *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++)
		n += l->items[i].severity == SEV_ERROR;
	return n;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	const char *fa = a->nlocs && a->locs[0].file ? a->locs[0].file : "";
	const char *fb = b->nlocs && b->locs[0].file ? b->locs[0].file : "";
	int c = strcmp(fa, fb);

	if (c)
		return c;
	if (a->nlocs && b->nlocs && a->locs[0].line != b->locs[0].line)
		return a->locs[0].line < b->locs[0].line ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

void finding_list_sort(struct finding_list *l)
{
	if (l->nr > 1)
		qsort(l->items, l->nr, sizeof(*l->items), cmp_finding);
}

void finding_list_release(struct finding_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		finding_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

enum rl_err finding_list_add1(struct finding_list *l, enum finding_kind kind, unsigned tools,
			      const char *file, int line, const char *message)
{
	struct finding f = FINDING_INIT;
	bool ok = true;

	f.kind = kind;
	f.severity = finding_default_severity(kind);
	f.tools = tools;
	f.message = dup_or_null(message, &ok);
	if (!ok)
		return RL_ERR_NOMEM;
	if (file || line) {
		if (location_set(&f.locs[0], file, line, 0, NULL, NULL) != RL_ERR_OK) {
			finding_release(&f);
			return RL_ERR_NOMEM;
		}
		f.nlocs = 1;
	}
	return finding_list_add(l, &f);
}
