/*
 * The JSON writer: findings JSON schema 1, exactly as design.md section 4 sets it out. Every key of
 * the schema is always present; what is unknown is null (a location's function or thread, a
 * finding's graph or seed), so a consumer never has to test for a missing key. The one addition is
 * a top-level "student" (after "racelab") when the set was graded for a student (racelab grade).
 */
#include "report_int.h"

#include <jansson.h>
#include <stdlib.h>

#ifndef RACELAB_VERSION
#define RACELAB_VERSION "0.0.0"
#endif

/* jansson's setters return -1 on failure (and steal the value): collect failures in one flag. */
static void set(json_t *obj, const char *key, json_t *value, bool *failed)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		*failed = true;
}

static void push(json_t *arr, json_t *value, bool *failed)
{
	if (!value || json_array_append_new(arr, value) != 0)
		*failed = true;
}

/* A JSON string even from bytes that are not UTF-8 (they become '?'): jansson refuses those. */
static json_t *text(const char *s)
{
	json_t *v;
	char *clean;

	if (!s)
		s = "";
	v = json_string(s);
	if (v)
		return v;
	clean = report_utf8_clean(s);
	if (!clean)
		return NULL;
	v = json_string(clean);
	free(clean);
	return v;
}

static json_t *string_or_null(const char *s)
{
	return s ? text(s) : json_null();
}

static json_t *location_json(const struct location *loc, bool *failed)
{
	json_t *o = json_object();

	if (!o) {
		*failed = true;
		return NULL;
	}
	set(o, "file", string_or_null(loc->file), failed);
	set(o, "line", loc->line > 0 ? json_integer(loc->line) : json_null(), failed);
	set(o, "function", string_or_null(loc->function), failed);
	set(o, "thread", string_or_null(loc->thread), failed);
	return o;
}

static json_t *finding_json(const struct finding *f, bool *failed)
{
	json_t *o = json_object(), *tools = json_array(), *locs = json_array();

	if (!o || !tools || !locs) {
		json_decref(o);
		json_decref(tools);
		json_decref(locs);
		*failed = true;
		return NULL;
	}
	for (int bit = 0; bit < TOOL__COUNT; bit++)
		if (f->tools & (1u << bit))
			push(tools, json_string(tool_name((enum tool_bit)bit)), failed);
	for (size_t i = 0; i < f->nlocs; i++)
		push(locs, location_json(&f->locs[i], failed), failed);
	set(o, "kind", json_string(finding_kind_name(f->kind)), failed);
	set(o, "tools", tools, failed);
	set(o, "message", text(f->message), failed);
	set(o, "locations", locs, failed);
	set(o, "graph", string_or_null(f->graph), failed);
	/* An addition to schema 1 (README): the page of the run's timeline, or null. */
	set(o, "timeline", string_or_null(f->timeline), failed);
	set(o, "seed", f->seed >= 0 ? json_integer(f->seed) : json_null(), failed);
	return o;
}

static json_t *result_json(const struct exercise_result *r, bool *failed)
{
	json_t *o = json_object(), *findings = json_array();

	if (!o || !findings) {
		json_decref(o);
		json_decref(findings);
		*failed = true;
		return NULL;
	}
	for (size_t i = 0; i < r->findings.nr; i++)
		push(findings, finding_json(&r->findings.items[i], failed), failed);
	set(o, "name", text(r->name), failed);
	set(o, "verdict", json_string(verdict_name(r->verdict)), failed);
	set(o, "score", json_integer(r->score), failed);
	set(o, "max_score", json_integer(r->max_score), failed);
	set(o, "duration_ms", json_integer(r->duration_ms), failed);
	/* What the verdict rests on beyond the findings ("found in 3 of 64 schedules", a tool that
	 * could not check the program, a run not isolated), as the text report prints it. */
	set(o, "note", string_or_null(r->note), failed);
	set(o, "findings", findings, failed);
	return o;
}

static json_t *set_json(const struct result_set *s, bool *failed)
{
	json_t *root = json_object(), *results = json_array(), *summary = json_object();
	int passed, nfailed, skipped, errors;

	if (!root || !results || !summary) {
		json_decref(root);
		json_decref(results);
		json_decref(summary);
		*failed = true;
		return NULL;
	}
	for (size_t i = 0; i < s->nr; i++)
		push(results, result_json(&s->items[i], failed), failed);
	result_set_counts(s, &passed, &nfailed, &skipped, &errors);
	set(summary, "passed", json_integer(passed), failed);
	set(summary, "failed", json_integer(nfailed), failed);
	set(summary, "skipped", json_integer(skipped), failed);
	set(summary, "errors", json_integer(errors), failed);

	set(root, "schema", json_integer(1), failed);
	set(root, "racelab", json_string(RACELAB_VERSION), failed);
	if (s->student)
		set(root, "student", text(s->student), failed);
	set(root, "results", results, failed);
	set(root, "summary", summary, failed);
	return root;
}

static enum rl_err json_write(FILE *out, const struct result_set *s, const struct report_opts *o,
			      struct diag *d)
{
	bool failed = false;
	json_t *root = set_json(s, &failed);
	enum rl_err err = RL_ERR_OK;

	if (failed) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory building the JSON report");
		goto out_root;
	}
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
		err = diag_set(d, RL_ERR_IO, "could not write the JSON report");
		goto out_root;
	}
	fputc('\n', out);
	err = report_check_stream(out, d);
out_root:
	json_decref(root);
	return err;
}

const struct report_ops report_json_ops = { "json", ".json", json_write };
