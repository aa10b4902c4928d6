/*
 * The Gradescope writer: results.json as Gradescope's autograder reads it. Top level: score (the
 * total), max_score, execution_time (seconds), output (the summary and any notes), output_format
 * "text", and tests[], one per exercise, each with name, score, max_score, status ("passed" or
 * "failed"; skipped and error count as failed with 0 points), output (the diagnostics) and
 * visibility ("visible": students should see what to fix).
 */
#include "report_int.h"

#include <jansson.h>
#include <stdlib.h>

static void set(json_t *obj, const char *key, json_t *value, bool *failed)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		*failed = true;
}

/* Gradescope rejects what jansson refuses anyway: bytes that are not UTF-8 become '?'. */
static json_t *text(const char *s)
{
	char *clean = report_utf8_clean(s ? s : "");
	json_t *v;

	if (!clean)
		return NULL;
	v = json_string(clean);
	free(clean);
	return v;
}

static json_t *test_json(const struct exercise_result *r, const struct report_opts *o, bool *failed)
{
	json_t *t = json_object();
	char *body = report_text_capture(r, REPORT_CAPTURE_VERDICT | REPORT_CAPTURE_NOTE, o);

	if (!t || !body) {
		json_decref(t);
		free(body);
		*failed = true;
		return NULL;
	}
	set(t, "name", text(r->name), failed);
	set(t, "score", json_integer(r->score), failed);
	set(t, "max_score", json_integer(r->max_score), failed);
	set(t, "status", json_string(r->verdict == VERDICT_PASS ? "passed" : "failed"), failed);
	set(t, "output", text(body), failed);
	set(t, "visibility", json_string("visible"), failed);
	free(body);
	return t;
}

static enum rl_err gradescope_write(FILE *out, const struct result_set *s,
				    const struct report_opts *o, struct diag *d)
{
	json_t *root = json_object(), *tests = json_array();
	char *summary = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	bool failed = !root || !tests;
	int score, max;
	long ms = 0;
	enum rl_err err = RL_ERR_OK;

	for (size_t i = 0; !failed && i < s->nr; i++) {
		json_t *t = test_json(&s->items[i], o, &failed);

		ms += s->items[i].duration_ms;
		if (t && json_array_append_new(tests, t) != 0)
			failed = true;
	}
	mem = open_memstream(&summary, &len);
	if (!mem) {
		failed = true;
	} else {
		struct report_opts plain = { .color = false };

		report_text_summary(mem, s, &plain);
		for (size_t i = 0; i < s->nr; i++)
			if (s->items[i].note)
				fprintf(mem, "%s: %s\n", s->items[i].name, s->items[i].note);
		if (fclose(mem) != 0)
			failed = true;
	}
	result_set_score(s, &score, &max);
	if (root) {
		set(root, "score", json_integer(score), &failed);
		set(root, "max_score", json_integer(max), &failed);
		set(root, "execution_time", json_integer((ms + 999) / 1000), &failed);
		set(root, "output", text(summary), &failed);
		set(root, "output_format", json_string("text"), &failed);
		set(root, "visibility", json_string("visible"), &failed);
		set(root, "tests", tests, &failed);
		tests = NULL; /* owned by root now, even when the set failed */
	}
	if (failed) {
		err = diag_set(d, RL_ERR_NOMEM, "out of memory building the Gradescope report");
		goto out;
	}
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
		err = diag_set(d, RL_ERR_IO, "could not write the Gradescope report");
		goto out;
	}
	fputc('\n', out);
	err = report_check_stream(out, d);
out:
	free(summary);
	json_decref(tests);
	json_decref(root);
	return err;
}

const struct report_ops report_gradescope_ops = { "gradescope", ".gradescope.json", gradescope_write };
