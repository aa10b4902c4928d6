/* racelab grade: grade a class of submissions, or this tree for CI autograding (--self). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "grade/grade.h"
#include "report/report.h"
#include "model/util.h"
#include "run/workspace.h"

static const char usage_text[] =
	"usage: racelab grade --submissions DIR [options]\n"
	"       racelab grade --self [--overlay DIR] [options]\n"
	"       racelab grade --merge --out DIR [--csv FILE] SHARD_DIR...\n"
	"\n"
	"Grades a class: DIR holds one folder per student, each their copy of exercises/ or a tree\n"
	"that contains it. Only the files each manifest marks editable are taken from a submission and\n"
	"overlaid on a pristine copy of the exercise; other files are ignored and named.\n"
	"\n"
	"  --submissions DIR  the class: one folder per student\n"
	"  --jobs N           students graded in parallel (default 1)\n"
	"  --shard I/N        grade only every N-th student, starting with the I-th (name order)\n"
	"  --csv FILE         write the gradebook: one row per student, one column per exercise,\n"
	"                     then total and max\n"
	"  --out DIR          write STUDENT.json (findings JSON schema 1 plus \"student\") and the\n"
	"                     --format reports of each student there; graphs in DIR/graphs/STUDENT/;\n"
	"                     and shard.json, what --merge needs to put the shards back together\n"
	"  --format FMT       also write STUDENT.txt (text), .junit.xml (junit), .tap (tap),\n"
	"                     .gradescope.json (gradescope) or .html (html, and the class dashboard\n"
	"                     DIR/index.html) in --out; may be repeated (default text)\n"
	"\n"
	"  --self             grade this kit as one submission, for CI: writes DIR/junit.xml,\n"
	"                     DIR/results.json (Gradescope), DIR/racelab.json and DIR/tap.txt in\n"
	"                     --out DIR (default reports) and the --format report (default text) on\n"
	"                     standard output\n"
	"  --overlay DIR      with --self: take the editable files from the submission in DIR\n"
	"                     instead of checking the kit's exercises as they stand\n"
	"\n"
	"  --merge            merge the --out folders of the shards of one class (--shard 1/N ...\n"
	"                     N/N) into --out DIR: every student's reports and graphs, the gradebook\n"
	"                     DIR/grades.csv, the dashboard DIR/index.html and DIR/shard.json.\n"
	"                     Refused (exit 2, one line saying which) for shards of another course\n"
	"                     version or split, a shard missing or given twice, a student twice\n"
	"\n"
	"  --timeout S        seconds each run may take (default: the manifest's)\n"
	"  --strict           exit 1 when any exercise is not passed (CI policy)\n"
	"  --allow-unisolated grade a class even where runs cannot be confined to their own\n"
	"                     workspace (no bubblewrap or user namespaces): each report says so\n"
	"  -h, --help         this text\n"
	"\n"
	"Scores: a pass earns the exercise's points; a fail whose only failing findings are too-slow\n"
	"earns points minus its [perf] points; anything else earns 0.\n"
	"\n"
	"Exit status: 0 everything graded (whatever the grades; with --strict, all passed),\n"
	"1 with --strict when an exercise is not passed, 2 usage or manifest error, 3 internal error\n"
	"or missing tool (the reports are still written).\n";

#define MAX_FORMATS 8

struct grade_cli {
	const char *submissions, *overlay, *csv, *out, *shard;
	char **merge_dirs;
	size_t nmerge;
	const char *formats[MAX_FORMATS];
	size_t nformats;
	bool self, strict, progress, jobs_set, merge;
	struct grade_opts opts;
};

static int usage_error(const char *fmt, const char *arg)
{
	fputs("racelab grade: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see racelab grade --help)\n", stderr);
	return 2;
}

/* Writes one report of s to path; on failure prints why and returns false. */
/* The kit's root, which graph paths inside it are relative to (set once the course is loaded). */
static const char *graph_base;

static bool write_report(const char *path, const char *format, const struct result_set *s)
{
	const struct report_ops *w = report_find(format);
	struct report_opts ro = { .color = false, .quote_source = true, .suite = "racelab",
				  .repeat_cmd = cli_repeat_check, .graph_base = graph_base };
	struct diag d = DIAG_INIT;
	FILE *f;
	bool ok;

	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "racelab grade: %s: %s\n", path, strerror(errno));
		return false;
	}
	ok = w && w->write(f, s, &ro, &d) == RL_ERR_OK;
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "racelab grade: %s: %s\n", path, d.msg[0] ? d.msg : "write failed");
	return ok;
}

static void progress(void *ctx, const struct grade_student *s, size_t done, size_t total)
{
	int score, max;

	(void)ctx;
	result_set_score(&s->results, &score, &max);
	fprintf(stderr, "\r[%zu/%zu] %-24.24s %4d/%-4d%s", done, total, s->name, score, max,
		done == total ? "\n" : "");
	fflush(stderr);
}

static bool any_error(const struct result_set *s, bool *all_pass)
{
	bool err = false;

	for (size_t i = 0; i < s->nr; i++) {
		if (s->items[i].verdict == VERDICT_ERROR)
			err = true;
		if (s->items[i].verdict != VERDICT_PASS && s->items[i].verdict != VERDICT_SKIPPED)
			*all_pass = false;
	}
	return err;
}

static int grade_self(struct grade_cli *g, const struct course *c)
{
	static const char *const files[][2] = {
		{ "junit.xml", "junit" }, { "results.json", "gradescope" },
		{ "racelab.json", "json" }, { "tap.txt", "tap" },
	};
	struct grade_student s = GRADE_STUDENT_INIT;
	const char *out = g->out ? g->out : "reports";
	const char *format = g->nformats ? g->formats[0] : "text";
	struct report_opts ro = { .quote_source = true, .suite = "racelab",
				  .repeat_cmd = cli_repeat_check };
	struct diag d = DIAG_INIT;
	bool all_pass = true, written = true;
	int rc = 0;

	if (g->overlay) {
		if (grade_find_exercises(g->overlay, c, &s.exercises_dir, &d) != RL_ERR_OK)
			return cli_error(&d);
	}
	g->opts.check_jobs = g->opts.jobs;
	if (grade_student_run(c, &g->opts, &s, &d) != RL_ERR_OK) {
		rc = cli_error(&d);
		goto out;
	}
	if (mkdir_p(out, 0755) != 0) {
		fprintf(stderr, "racelab grade: %s: %s\n", out, strerror(errno));
		rc = 3;
		goto out;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", out, files[i][0]);
		written &= write_report(path, files[i][1], &s.results);
	}
	ro.color = !strcmp(format, "text") && cli_use_color(stdout);
	if (report_find(format)->write(stdout, &s.results, &ro, &d) != RL_ERR_OK)
		written = false;
	if (any_error(&s.results, &all_pass) || !written)
		rc = 3;
	else if (g->strict && !all_pass)
		rc = 1;
out:
	grade_student_release(&s);
	return rc;
}

static bool write_student_files(const struct grade_cli *g, const struct grade_student *s)
{
	char path[PATH_MAX];
	bool ok = true, json_done = false;

	for (size_t i = 0; i <= g->nformats; i++) {
		/* JSON always, then each --format (text alone when none was given). */
		const char *f = i == 0 ? "json" : g->formats[i - 1];

		if (!strcmp(f, "json")) {
			if (json_done)
				continue;
			json_done = true;
		}
		snprintf(path, sizeof(path), "%s/%s%s", g->out, s->name, report_find(f)->suffix);
		ok &= write_report(path, f, &s->results);
	}
	return ok;
}

static bool wants_format(const struct grade_cli *g, const char *name)
{
	for (size_t i = 0; i < g->nformats; i++)
		if (!strcmp(g->formats[i], name))
			return true;
	return false;
}

/* DIR/index.html, the class dashboard, linking each student's DIR/STUDENT.html. */
static bool write_dashboard(const struct grade_cli *g, const struct course *c,
			    const struct grade_class *class)
{
	struct grade_column *cols = grade_columns(c);
	struct diag d = DIAG_INIT;
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/index.html", g->out);
	f = cols ? fopen(path, "w") : NULL;
	if (!f) {
		fprintf(stderr, "racelab grade: %s: %s\n", path, strerror(cols ? errno : ENOMEM));
		free(cols);
		return false;
	}
	ok = grade_write_dashboard(f, cols, c->nr, class, true, &d) == RL_ERR_OK;
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "racelab grade: %s: %s\n", path, d.msg[0] ? d.msg : "write failed");
	free(cols);
	return ok;
}

/* DIR/shard.json: what racelab grade --merge needs to put the shards of a class together. */
static bool write_shard_record(const struct grade_cli *g, const struct course *c,
			       const struct grade_class *class)
{
	struct grade_column *cols = grade_columns(c);
	struct diag d = DIAG_INIT;
	char version[64];

	if (!cols) {
		fprintf(stderr, "racelab grade: out of memory\n");
		return false;
	}
	grade_course_version(c, version, sizeof(version));
	if (grade_write_shard(g->out, version, g->opts.shard_index, g->opts.shard_count, cols,
			      c->nr, class, &d) != RL_ERR_OK) {
		cli_error(&d);
		free(cols);
		return false;
	}
	free(cols);
	return true;
}

static int grade_class(struct grade_cli *g, const struct course *c)
{
	struct grade_class class = GRADE_CLASS_INIT;
	struct report_opts ro = { .color = cli_use_color(stdout), .repeat_cmd = cli_repeat_check };
	struct diag d = DIAG_INIT;
	char graphs[PATH_MAX];
	bool all_pass = true, trouble = false;
	int rc = 0;

	if (g->out) {
		if (mkdir_p(g->out, 0755) != 0) {
			fprintf(stderr, "racelab grade: %s: %s\n", g->out, strerror(errno));
			return 3;
		}
		snprintf(graphs, sizeof(graphs), "%s/graphs", g->out);
		g->opts.graphs_dir = graphs;
	}
	g->opts.submissions = g->submissions;
	g->opts.check_jobs = 1;
	if (g->progress) {
		g->opts.progress = progress;
	}
	if (grade_run(c, &g->opts, &class, &d) != RL_ERR_OK)
		return cli_error(&d);
	if (class.nr == 0)
		fprintf(stderr, "racelab grade: no student folders in %s%s\n", g->submissions,
			g->opts.shard_count > 1 ? " for this shard" : "");

	for (size_t k = 0; k < class.nr; k++) {
		const struct grade_student *s = &class.items[k];

		if (s->err != RL_ERR_OK) {
			printf("%s: not graded: %s\n", s->name, s->errmsg);
			trouble = true;
			continue;
		}
		report_text_summary(stdout, &s->results, &ro);
		for (size_t i = 0; i < s->results.nr; i++) {
			const struct exercise_result *r = &s->results.items[i];

			if (r->note)
				printf("  %s: %s\n", r->name, r->note);
		}
		trouble |= any_error(&s->results, &all_pass);
		if (g->out && !write_student_files(g, s))
			trouble = true;
	}
	if (g->out && wants_format(g, "html") && !write_dashboard(g, c, &class))
		trouble = true;
	if (g->out && !write_shard_record(g, c, &class))
		trouble = true;
	if (g->csv) {
		FILE *f = !strcmp(g->csv, "-") ? stdout : fopen(g->csv, "w");

		if (!f) {
			fprintf(stderr, "racelab grade: %s: %s\n", g->csv, strerror(errno));
			trouble = true;
		} else {
			if (grade_write_csv(f, c, &class, &d) != RL_ERR_OK) {
				cli_error(&d);
				trouble = true;
			}
			if (f != stdout && fclose(f) != 0)
				trouble = true;
		}
	}
	if (trouble)
		rc = 3;
	else if (g->strict && !all_pass)
		rc = 1;
	grade_class_release(&class);
	return rc;
}

static int parse(struct grade_cli *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "submissions", required_argument, NULL, 'S' }, { "self", no_argument, NULL, 'M' },
		{ "overlay", required_argument, NULL, 'O' }, { "jobs", required_argument, NULL, 'j' },
		{ "csv", required_argument, NULL, 'c' },     { "out", required_argument, NULL, 'o' },
		{ "shard", required_argument, NULL, 's' },   { "format", required_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' }, { "strict", no_argument, NULL, 'x' },
		{ "allow-unisolated", no_argument, NULL, 'U' },
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 }
	};
	struct diag d = DIAG_INIT;
	long v;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'S':
			g->submissions = optarg;
			break;
		case 'M':
			g->self = true;
			break;
		case 'm':
			g->merge = true;
			break;
		case 'O':
			g->overlay = optarg;
			break;
		case 'j':
			if (!cli_number("grade", "--jobs", NULL, optarg, 1, 256, &v))
				return 2;
			g->opts.jobs = (int)v;
			g->jobs_set = true;
			break;
		case 'c':
			g->csv = optarg;
			break;
		case 'o':
			g->out = optarg;
			break;
		case 's':
			if (grade_parse_shard(optarg, &g->opts.shard_index, &g->opts.shard_count, &d))
				return usage_error("%s", d.msg);
			break;
		case 'f':
			if (!report_find(optarg)) {
				fprintf(stderr, "racelab grade: unknown format '%s' (%s)\n"
					"(see racelab grade --help)\n", optarg, report_names());
				return 2;
			}
			if (g->nformats == MAX_FORMATS)
				return usage_error("%s", "too many --format options");
			g->formats[g->nformats++] = optarg;
			break;
		case 't':
			if (!cli_number("grade", "--timeout", "seconds", optarg, 1, 3600, &v))
				return 2;
			g->opts.timeout_s = (int)v;
			break;
		case 'x':
			g->strict = true;
			break;
		case 'U':
			g->opts.allow_unisolated = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (g->merge) {
		if (g->self || g->submissions || g->overlay || g->opts.shard_count > 1)
			return usage_error("%s", "--merge takes only --out, --csv, --format and the "
					   "shards' folders");
		if (!g->out)
			return usage_error("%s", "--merge writes the class into --out DIR: give it");
		if (optind == argc)
			return usage_error("%s", "--merge needs the shards' folders");
		g->merge_dirs = &argv[optind];
		g->nmerge = (size_t)(argc - optind);
		return 0;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (g->self == !!g->submissions)
		return usage_error("%s", "give either --submissions DIR or --self");
	if (g->overlay && !g->self)
		return usage_error("%s", "--overlay goes with --self");
	if (g->self && (g->csv || g->opts.shard_count > 1))
		return usage_error("%s", "--csv and --shard grade a class: use --submissions");
	if (!g->self && g->nformats && !g->out)
		return usage_error("%s", "--format names the reports written in --out DIR: give --out");
	if (!g->self && !g->nformats)
		g->formats[g->nformats++] = "text";
	return 0;
}

/* Copies the regular files of from/ into to/, recursively (a student's graphs). */
static bool copy_tree(const char *from, const char *to)
{
	struct dirent **names = NULL;
	int n = scandir(from, &names, NULL, alphasort);
	bool ok = n >= 0 && mkdir_p(to, 0755) == 0;

	for (int i = 0; i < n; i++) {
		char a[PATH_MAX], b[PATH_MAX];
		struct diag d = DIAG_INIT;

		if (names[i]->d_name[0] != '.') {
			snprintf(a, sizeof(a), "%s/%s", from, names[i]->d_name);
			snprintf(b, sizeof(b), "%s/%s", to, names[i]->d_name);
			if (names[i]->d_type == DT_DIR)
				ok &= copy_tree(a, b);
			else if (names[i]->d_type == DT_REG)
				ok &= copy_file(a, b, 1u << 26, &d) == RL_ERR_OK;
		}
		free(names[i]);
	}
	free(names);
	return ok;
}

/*
 * A student's reports from their shard's folder into the merged one: one file per format racelab
 * writes, and their graphs. A student page missing in the shard (it ran without --format html) is
 * written from the findings JSON, so the dashboard links every student.
 */
static bool merge_student(const struct grade_cli *g, const struct grade_student *s,
			  const char *from)
{
	char list[256], *save = NULL, a[PATH_MAX], b[PATH_MAX];
	bool ok = true, html = false;

	snprintf(list, sizeof(list), "%s", report_names());
	for (char *f = strtok_r(list, ", ", &save); f; f = strtok_r(NULL, ", ", &save)) {
		struct diag d = DIAG_INIT;

		snprintf(a, sizeof(a), "%s/%s%s", from, s->name, report_find(f)->suffix);
		snprintf(b, sizeof(b), "%s/%s%s", g->out, s->name, report_find(f)->suffix);
		if (access(a, F_OK) != 0)
			continue;
		if (copy_file(a, b, 1u << 26, &d) != RL_ERR_OK) {
			fprintf(stderr, "racelab grade: %s: %s\n", a, d.msg);
			ok = false;
		}
		html |= !strcmp(f, "html");
	}
	snprintf(a, sizeof(a), "%s/graphs/%s", from, s->name);
	snprintf(b, sizeof(b), "%s/graphs/%s", g->out, s->name);
	if (access(a, F_OK) == 0 && !copy_tree(a, b)) {
		fprintf(stderr, "racelab grade: %s: could not copy the graphs\n", a);
		ok = false;
	}
	if (!html && s->err == RL_ERR_OK) {
		snprintf(b, sizeof(b), "%s/%s.html", g->out, s->name);
		ok &= write_report(b, "html", &s->results);
	}
	return ok;
}

static bool same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

static int grade_merge_cmd(struct grade_cli *g)
{
	struct grade_merged m = GRADE_MERGED_INIT;
	struct diag d = DIAG_INIT;
	char path[PATH_MAX];
	bool ok = true;
	FILE *f;

	if (grade_merge((const char *const *)g->merge_dirs, g->nmerge, &m, &d) != RL_ERR_OK) {
		fprintf(stderr, "racelab grade: %s\n", d.msg);
		return cli_exit_code(d.code);
	}
	for (size_t i = 0; i < g->nmerge; i++)
		if (same_dir(g->merge_dirs[i], g->out)) {
			fprintf(stderr, "racelab grade: --out %s is one of the shards: merge into "
				"another folder\n", g->out);
			grade_merged_release(&m);
			return 2;
		}
	if (mkdir_p(g->out, 0755) != 0) {
		fprintf(stderr, "racelab grade: %s: %s\n", g->out, strerror(errno));
		grade_merged_release(&m);
		return 3;
	}
	for (size_t k = 0; k < m.class.nr; k++)
		ok &= merge_student(g, &m.class.items[k], m.dirs[k]);
	for (int i = 0; i < 2; i++) {
		/* The gradebook in DIR, and where --csv says too. */
		const char *to = i ? g->csv : path;

		snprintf(path, sizeof(path), "%s/grades.csv", g->out);
		if (!to)
			continue;
		f = !strcmp(to, "-") ? stdout : fopen(to, "w");
		if (!f || grade_write_csv_columns(f, m.cols, m.ncols, &m.class, &d) != RL_ERR_OK ||
		    (f != stdout && fclose(f) != 0)) {
			fprintf(stderr, "racelab grade: %s: %s\n", to, f ? d.msg : strerror(errno));
			ok = false;
		}
	}
	snprintf(path, sizeof(path), "%s/index.html", g->out);
	f = fopen(path, "w");
	if (!f || grade_write_dashboard(f, m.cols, m.ncols, &m.class, true, &d) != RL_ERR_OK ||
	    fclose(f) != 0) {
		fprintf(stderr, "racelab grade: %s: %s\n", path, f ? d.msg : strerror(errno));
		ok = false;
	}
	/* The merged class is one shard of one: it can be merged again, with other classes' too. */
	if (grade_write_shard(g->out, m.version, 1, 1, m.cols, m.ncols, &m.class, &d) !=
	    RL_ERR_OK) {
		cli_error(&d);
		ok = false;
	}
	printf("racelab grade: merged %zu shard%s, %zu student%s, into %s\n", g->nmerge,
	       g->nmerge == 1 ? "" : "s", m.class.nr, m.class.nr == 1 ? "" : "s", g->out);
	grade_merged_release(&m);
	return ok ? 0 : 3;
}

int cmd_grade(int argc, char **argv)
{
	struct grade_cli g = { .opts = GRADE_OPTS_INIT };
	struct course c = COURSE_INIT;
	int rc;

	rc = parse(&g, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (g.merge)
		return grade_merge_cmd(&g);
	g.opts.support_dir = cli_support_dir();
	g.progress = isatty(fileno(stderr));
	rc = cli_load_course(&c);
	if (rc)
		return rc;
	graph_base = c.root;
	if (g.self) {
		/* One submission: parallel detector runs instead, as racelab check does. */
		if (!g.jobs_set)
			g.opts.jobs = 2;
		rc = grade_self(&g, &c);
	} else {
		rc = grade_class(&g, &c);
	}
	course_release(&c);
	return rc;
}
