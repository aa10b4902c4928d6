/*
 * A timeline in the Chrome Trace Event format (chrome://tracing, Perfetto, speedscope): one
 * track per thread, lock holds, waits and blocking calls as complete ("X") events, signals,
 * posts and thread starts as instants ("i"), thread names as metadata ("M").
 */
#include "timeline.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* An interval begun and not yet ended on one thread. */
struct open {
	int thread, type; /* TL_ACQ, TL_WAIT or TL_BLOCK */
	unsigned obj;
	uint64_t ns;
	int site;
	bool used;
};

#define MAX_OPEN 256

static const char *obj_name(const struct timeline *tl, unsigned id, char *buf, size_t len)
{
	const struct tl_obj *o = timeline_obj(tl, id);

	if (o)
		snprintf(buf, len, "%s %s", o->kind, o->name);
	else if (id)
		snprintf(buf, len, "L%u", id);
	else
		snprintf(buf, len, "-");
	return buf;
}

static json_t *args_of(const struct timeline *tl, int site)
{
	json_t *a = json_object();
	char where[600];

	if (site >= 0 && (size_t)site < tl->nsites && tl->sites[site].file) {
		snprintf(where, sizeof(where), "%s:%d", tl->sites[site].file, tl->sites[site].line);
		json_object_set_new(a, "at", json_string(where));
		if (tl->sites[site].func)
			json_object_set_new(a, "function", json_string(tl->sites[site].func));
	}
	return a;
}

static void add(json_t *evs, const char *ph, const char *name, const char *cat, int tid,
		double ts_us, double dur_us, json_t *args)
{
	json_t *e = json_object();

	json_object_set_new(e, "name", json_string(name));
	json_object_set_new(e, "cat", json_string(cat));
	json_object_set_new(e, "ph", json_string(ph));
	json_object_set_new(e, "pid", json_integer(1));
	json_object_set_new(e, "tid", json_integer(tid));
	json_object_set_new(e, "ts", json_real(ts_us));
	if (!strcmp(ph, "X"))
		json_object_set_new(e, "dur", json_real(dur_us));
	if (!strcmp(ph, "i"))
		json_object_set_new(e, "s", json_string("t"));
	json_object_set_new(e, "args", args ? args : json_object());
	json_array_append_new(evs, e);
}

/* The open interval of thread th of the given type (and object, for holds), or NULL. */
static struct open *find_open(struct open *o, size_t n, int th, int type, unsigned obj)
{
	for (size_t i = n; i-- > 0;)
		if (o[i].used && o[i].thread == th && o[i].type == type &&
		    (type != TL_ACQ || o[i].obj == obj))
			return &o[i];
	return NULL;
}

static void open_one(struct open *o, size_t *n, const struct tl_event *e, int type)
{
	size_t i;

	for (i = 0; i < *n && o[i].used; i++)
		;
	if (i == *n) {
		if (*n == MAX_OPEN)
			return;
		(*n)++;
	}
	o[i] = (struct open){ e->thread, type, e->obj, e->ns, e->site, true };
}

static void emit_events(const struct timeline *tl, json_t *evs, uint64_t t0)
{
	struct open open[MAX_OPEN];
	size_t nopen = 0;
	char name[400], nb[300];

	for (size_t i = 0; i < tl->nevents; i++) {
		const struct tl_event *e = &tl->events[i];
		double ts = (double)(e->ns - t0) / 1000.0;
		struct open *o = NULL;

		switch (e->type) {
		case TL_ACQ:
			if ((o = find_open(open, nopen, e->thread, TL_WAIT, 0))) {
				snprintf(name, sizeof(name), "wait %s", obj_name(tl, o->obj, nb, 300));
				add(evs, "X", name, "wait", e->thread, (double)(o->ns - t0) / 1000.0,
				    ts - (double)(o->ns - t0) / 1000.0, args_of(tl, o->site));
				o->used = false;
			}
			open_one(open, &nopen, e, TL_ACQ);
			break;
		case TL_REL:
			if ((o = find_open(open, nopen, e->thread, TL_ACQ, e->obj))) {
				snprintf(name, sizeof(name), "hold %s", obj_name(tl, e->obj, nb, 300));
				add(evs, "X", name, "hold", e->thread, (double)(o->ns - t0) / 1000.0,
				    ts - (double)(o->ns - t0) / 1000.0, args_of(tl, o->site));
				o->used = false;
			}
			break;
		case TL_WAIT:
			open_one(open, &nopen, e, TL_WAIT);
			break;
		case TL_WAKE:
			if ((o = find_open(open, nopen, e->thread, TL_WAIT, 0))) {
				snprintf(name, sizeof(name), "wait %s %s", timeline_wait_word(e->arg),
					 obj_name(tl, o->obj, nb, 300));
				add(evs, "X", name, "wait", e->thread, (double)(o->ns - t0) / 1000.0,
				    ts - (double)(o->ns - t0) / 1000.0, args_of(tl, o->site));
				o->used = false;
			}
			break;
		case TL_BLOCK:
			open_one(open, &nopen, e, TL_BLOCK);
			break;
		case TL_UNBLOCK:
			if ((o = find_open(open, nopen, e->thread, TL_BLOCK, 0))) {
				snprintf(name, sizeof(name), "%s()", timeline_block_call(e->arg));
				add(evs, "X", name, "blocking call", e->thread,
				    (double)(o->ns - t0) / 1000.0, ts - (double)(o->ns - t0) / 1000.0,
				    args_of(tl, o->site));
				o->used = false;
			}
			break;
		default:
			snprintf(name, sizeof(name), "%s %s", timeline_type_name(e->type),
				 e->obj ? obj_name(tl, e->obj, nb, 300) : "");
			add(evs, "i", name, "sync", e->thread, ts, 0, args_of(tl, e->site));
			break;
		}
	}
	/* Still open at the end (a deadlock): drawn up to the last event. */
	for (size_t i = 0; i < nopen; i++) {
		uint64_t end = tl->nevents ? tl->events[tl->nevents - 1].ns : t0;

		if (!open[i].used)
			continue;
		snprintf(name, sizeof(name), "%s %s (never ended)",
			 open[i].type == TL_ACQ ? "hold" : open[i].type == TL_WAIT ? "wait" : "call",
			 obj_name(tl, open[i].obj, nb, 300));
		add(evs, "X", name, "unfinished", open[i].thread, (double)(open[i].ns - t0) / 1000.0,
		    (double)(end - open[i].ns) / 1000.0, args_of(tl, open[i].site));
	}
}

enum rl_err timeline_write_trace_json(const struct timeline *tl, const struct timeline_focus *f,
				      const char *path, struct diag *d)
{
	json_t *root = json_object(), *evs = json_array(), *meta = json_object();
	uint64_t t0 = tl->nevents ? tl->events[0].ns : 0;
	bool seen[1024] = { false };
	int rc;

	for (size_t i = 0; i < tl->nevents; i++) {
		int th = tl->events[i].thread;
		char nm[16];
		json_t *a;

		if (th < 0 || th >= 1024 || seen[th])
			continue;
		seen[th] = true;
		a = json_object();
		if (th)
			snprintf(nm, sizeof(nm), "T%d", th);
		json_object_set_new(a, "name", json_string(th ? nm : "main"));
		add(evs, "M", "thread_name", "__metadata", th, 0, 0, a);
	}
	emit_events(tl, evs, t0);
	json_object_set_new(root, "traceEvents", evs);
	json_object_set_new(root, "displayTimeUnit", json_string("ms"));
	json_object_set_new(meta, "program", json_string(f->title ? f->title : ""));
	json_object_set_new(meta, "finding", f->message ? json_string(f->message) : json_null());
	json_object_set_new(meta, "seed", tl->seed >= 0 ? json_integer(tl->seed) : json_null());
	json_object_set_new(meta, "events_total", json_integer((json_int_t)tl->total));
	json_object_set_new(meta, "events_kept", json_integer((json_int_t)tl->nevents));
	json_object_set_new(root, "otherData", meta);
	rc = json_dump_file(root, path, JSON_COMPACT);
	json_decref(root);
	return rc ? diag_set(d, RL_ERR_IO, "cannot write %s", path) : RL_ERR_OK;
}
