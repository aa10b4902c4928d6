/* The outcome of checking one exercise (or one analyzed program): verdict, score, findings. */
#ifndef RACELAB_RESULT_H
#define RACELAB_RESULT_H

#include <stdbool.h>

#include "findings.h"

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_SKIPPED, VERDICT_ERROR };

struct exercise_result {
	char *name;              /* "03-bank-deadlock", or the file name for analyze */
	char *title;             /* may be NULL */
	char *dir;               /* directory whose sources the locations refer to (for quoting lines) */
	enum verdict verdict;
	int score, max_score;
	long duration_ms;
	struct finding_list findings;
	unsigned tools_ran;      /* TOOL(...) bits of the detectors that ran */
	char *note;              /* one line: why skipped / error message / which files were ignored */
};
#define EXERCISE_RESULT_INIT { .findings = FINDING_LIST_INIT }

struct result_set {
	struct exercise_result *items;
	size_t nr, alloc;
	char *student;           /* grading: the student's name (folder), else NULL */
};
#define RESULT_SET_INIT { NULL, 0, 0, NULL }

const char *verdict_name(enum verdict v);
void exercise_result_release(struct exercise_result *r);
/* Appends r, taking ownership (r is zeroed). */
enum rl_err result_set_add(struct result_set *s, struct exercise_result *r);
void result_set_release(struct result_set *s);
void result_set_counts(const struct result_set *s, int *passed, int *failed, int *skipped,
		       int *errors);
void result_set_score(const struct result_set *s, int *score, int *max_score);

#endif
