/* Grading: a folder of student submissions against the course. */
#ifndef RACELAB_GRADE_H
#define RACELAB_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/course.h"
#include "model/error.h"
#include "model/manifest.h"
#include "model/result.h"

/* One student: their folder, where their exercises/ was found, and one result per exercise. */
struct grade_student {
	char *name;          /* the folder's name */
	char *dir;           /* absolute path of the folder */
	char *exercises_dir; /* their exercises/ (see grade_find_exercises) */
	struct result_set results; /* results.student is the name */
	enum rl_err err;     /* RL_ERR_OK, or why this student could not be graded at all */
	char errmsg[1024];
};
#define GRADE_STUDENT_INIT { .results = RESULT_SET_INIT }

struct grade_class {
	struct grade_student *items; /* sorted by name; only the shard's students */
	size_t nr;
};
#define GRADE_CLASS_INIT { NULL, 0 }

/* Called after each student is graded, from the grading thread, never concurrently. */
typedef void grade_progress_fn(void *ctx, const struct grade_student *s, size_t done, size_t total);

struct grade_opts {
	const char *submissions; /* one folder per student */
	const char *support_dir; /* for check_opts.support_dir */
	const char *graphs_dir;  /* graphs go to graphs_dir/NAME/ (NULL: ROOT/graphs/grade/NAME/) */
	int jobs;                /* students graded in parallel (>= 1) */
	int check_jobs;          /* check_opts.jobs of each check (0: 1, so jobs bounds the load) */
	int shard_index, shard_count; /* grade every shard_count-th student from shard_index (1-based) */
	int timeout_s;           /* 0: each manifest's */
	/*
	 * grade_run() refuses (RL_ERR_TOOL) to grade a class whose runs would see beyond their
	 * workspace (sandbox_view_unavailable()) unless this is set.
	 */
	bool allow_unisolated;
	grade_progress_fn *progress;  /* may be NULL */
	void *progress_ctx;
};
#define GRADE_OPTS_INIT { .jobs = 1, .shard_index = 1, .shard_count = 1 }

/*
 * For a student who started before the ladder was renumbered (issue 17): the folder in
 * exercises_dir whose old slug names m now (see course_find_renamed: an old 21-name for
 * 13-name), the first in name order. Writes its path to buf and returns true; false (buf
 * untouched) when there is none. Symlinks are not followed.
 */
bool grade_renumbered_folder(const char *exercises_dir, const struct course *c,
			     const struct manifest *m, char *buf, size_t len);

/*
 * Finds the exercises/ of a submission: dir/exercises if present, else the shallowest directory
 * named exercises within 4 levels (the name order breaks ties), else a directory that itself holds
 * NN-slug folders of the course (a student who handed in the exercises' contents), else dir
 * itself. Hidden directories and symlinks are not followed. *out is malloc'd.
 */
enum rl_err grade_find_exercises(const char *dir, const struct course *c, char **out,
				 struct diag *d);

/* Parses "I/N" with 1 <= I <= N. */
enum rl_err grade_parse_shard(const char *s, int *index, int *count, struct diag *d);
/* Whether the student at 0-based position pos (in name order) belongs to shard index of count. */
bool grade_shard_selects(size_t pos, int index, int count);

/*
 * The student folders of dir (not hidden, directories or symlinks to them), sorted by name, then
 * filtered by the shard. *names is a malloc'd array of malloc'd strings.
 */
enum rl_err grade_list_students(const char *dir, int shard_index, int shard_count, char ***names,
				size_t *n, struct diag *d);

/*
 * Grades every student of the shard: for each exercise of c, pipeline_check with the student's
 * copy of that exercise as the overlay (only editable files are taken); an exercise folder the
 * student lacks is a fail with 0 points and a note, without a run. A student whose grading fails
 * internally gets err set and the others go on. Returns an error only when grading could not start
 * (bad options, no submissions folder, a pthread failure).
 */
/*
 * Grades one student: s->name (NULL: no graphs subfolder, no "student" in reports) and either
 * s->dir (their folder: s->exercises_dir is found in it) or s->exercises_dir, or neither (the
 * kit's exercises are checked as they stand: racelab grade --self). Appends one result per
 * exercise of c to s->results. Returns an error only for an internal failure.
 */
enum rl_err grade_student_run(const struct course *c, const struct grade_opts *o,
			      struct grade_student *s, struct diag *d);
void grade_student_release(struct grade_student *s);

enum rl_err grade_run(const struct course *c, const struct grade_opts *o, struct grade_class *out,
		      struct diag *d);
void grade_class_release(struct grade_class *g);

/*
 * A gradebook's column: one exercise. Taken from the course when grading, from the shards' own
 * record when merging (racelab grade --merge), so a merge needs no course. Strings are borrowed.
 */
struct grade_column {
	const char *slug, *title;
	int points;
};
/* The course's exercises as columns: a malloc'd array of c->nr (NULL on OOM). */
struct grade_column *grade_columns(const struct course *c);

/* The result of exercise slug in s, or NULL. */
const struct exercise_result *grade_result_named(const struct result_set *s, const char *slug);
/* Whether r is the "not submitted" fail of an exercise folder the student did not hand in. */
bool grade_not_submitted(const struct exercise_result *r);
/* The kind of r's main finding (its first error, else its first warning), or -1 when none. */
int grade_main_kind(const struct exercise_result *r);

/*
 * The class dashboard (index.html): a sortable student x exercise grid (pass, fail with the main
 * finding kind, not submitted), each exercise's pass rate and most common finding, and with
 * link_students a link from each graded student to STUDENT.html beside it. Everything from the
 * submissions is escaped; the page's only script is its own sorter.
 */
enum rl_err grade_write_dashboard(FILE *out, const struct grade_column *cols, size_t ncols,
				  const struct grade_class *g, bool link_students, struct diag *d);

/*
 * Shards (racelab grade --shard I/N --out DIR) leave a record, DIR/shard.json: the course version,
 * I and N, the exercises (the gradebook's columns) and the students, each with whether they could
 * be graded and which exercises they did not hand in. The course version is a hash of what decides
 * a grade: each manifest and the sources it is graded with (16 hex digits into buf).
 */
void grade_course_version(const struct course *c, char *buf, size_t len);
enum rl_err grade_write_shard(const char *dir, const char *version, int index, int count,
			      const struct grade_column *cols, size_t ncols,
			      const struct grade_class *g, struct diag *d);

/* A class merged from its shards' folders. */
struct grade_merged {
	struct grade_class class;  /* every student, name order; each s->dir is their shard's folder */
	const char **dirs;         /* dirs[k]: the folder student k's reports are in (borrowed) */
	struct grade_column *cols; /* the exercises */
	size_t ncols;
	char version[64];          /* the course version every shard was graded against */
	void *record;              /* the first shard's record, which the columns' strings are in */
};
#define GRADE_MERGED_INIT { .class = GRADE_CLASS_INIT }

/*
 * Reads the shards in dirs (each the --out folder of one racelab grade --shard run) and their
 * students' findings JSON back into one class. Refuses, RL_ERR_USAGE with one line in d that says
 * which: a folder without a shard record, shards of different course versions or splits, a shard
 * given twice, a missing shard, a student in two shards.
 */
enum rl_err grade_merge(const char *const *dirs, size_t n, struct grade_merged *m,
			struct diag *d);
void grade_merged_release(struct grade_merged *m);

/* Writes s as one CSV field (RFC 4180: quoted when it holds a comma, quote, CR or LF). */
void grade_csv_field(FILE *out, const char *s);
/*
 * The gradebook: a header "student,<slug>...,total,max" and one row per student with the score of
 * each exercise. A student who could not be graded has empty cells.
 */
enum rl_err grade_write_csv(FILE *out, const struct course *c, const struct grade_class *g,
			    struct diag *d);
/* The same from columns (a merge has no course). */
enum rl_err grade_write_csv_columns(FILE *out, const struct grade_column *cols, size_t ncols,
				    const struct grade_class *g, struct diag *d);

#endif
