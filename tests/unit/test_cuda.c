/* Tests of the CUDA module: parsing real compute-sanitizer and nvcc outputs, and the skip path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect/cuda/cuda.h"
#include "model/util.h"

#include <time.h>

static const char *const student[] = { "reduction.cu" };
static const struct source_set srcs = { student, 1 };

static char *fixture(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/cuda/h100/%s", FIXTURES_DIR, name);
	text = read_file_capped(path, 1u << 22, NULL);
	assert_non_null(text);
	return text;
}

static bool has_loc(const struct finding *f, const char *file, int line)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == line && !strcmp(f->locs[i].file, file))
			return true;
	return false;
}

/* The default (analysis) report: four race reports, all between lines 17/20 of the kernel. */
static void test_racecheck_analysis(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	char *text = fixture("racecheck-analysis-reduction-broken.txt");

	(void)state;
	assert_int_equal(cuda_parse_sanitizer(text, &srcs, &l), RL_ERR_OK);
	assert_true(l.nr >= 2);
	for (size_t i = 0; i < l.nr; i++) {
		assert_int_equal(l.items[i].kind, FK_DATA_RACE);
		assert_int_equal(l.items[i].tools, TOOL(CUDA));
		assert_true(l.items[i].nlocs >= 1);
		assert_true(has_loc(&l.items[i], "reduction.cu", 20));
		assert_non_null(strstr(l.items[i].message, "Race reported"));
	}
	/* The first report is the load (line 17) racing with the first reduction step (line 20). */
	assert_true(has_loc(&l.items[0], "reduction.cu", 17));
	finding_list_release(&l);
	free(text);
}

/* Hazard mode prints one report per byte; equal ones merge, and host frames are not used. */
static void test_racecheck_hazard(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	char *text = fixture("racecheck-hazard-reduction-broken.txt");

	(void)state;
	assert_int_equal(cuda_parse_sanitizer(text, &srcs, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_DATA_RACE);
	assert_true(l.items[0].count > 1);
	assert_true(has_loc(&l.items[0], "reduction.cu", 17));
	assert_true(has_loc(&l.items[0], "reduction.cu", 20));
	assert_false(has_loc(&l.items[0], "reduction.cu", 13)); /* the host launch frame */
	finding_list_release(&l);
	free(text);
}

static void test_clean_outputs(void **state)
{
	const char *names[] = { "racecheck-reduction-fixed.txt", "synccheck-reduction-broken.txt" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct finding_list l = FINDING_LIST_INIT;
		char *text = fixture(names[i]);

		assert_int_equal(cuda_parse_sanitizer(text, &srcs, &l), RL_ERR_OK);
		assert_int_equal(l.nr, 0);
		finding_list_release(&l);
		free(text);
	}
}

/* A synccheck report in the older layout of NVIDIA's documentation ("at 0x.. in FILE:LINE:fn"). */
static void test_synccheck_doc_format(void **state)
{
	const char *text = "========= COMPUTE-SANITIZER\n"
			   "========= Barrier error detected. Divergent thread(s) in warp\n"
			   "=========     at 0x4b0 in /tmp/w/reduction.cu:16:half_barrier(int *)\n"
			   "=========     by thread (32,0,0) in block (0,0,0)\n"
			   "=========\n"
			   "========= ERROR SUMMARY: 1 error\n";
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	assert_int_equal(cuda_parse_sanitizer(text, &srcs, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_true(has_loc(&l.items[0], "reduction.cu", 16));
	finding_list_release(&l);
}

/* The real synccheck report of a barrier in divergent code (recorded on an H100). */
static void test_synccheck_recorded(void **state)
{
	const char *const files[] = { "divergent_barrier.cu" };
	const struct source_set ss = { files, 1 };
	struct finding_list l = FINDING_LIST_INIT;
	char *text = fixture("synccheck-divergent-barrier.txt");

	(void)state;
	assert_int_equal(cuda_parse_sanitizer(text, &ss, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1); /* one report per thread, all merged */
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_true(l.items[0].count > 1);
	assert_true(has_loc(&l.items[0], "divergent_barrier.cu", 16));
	assert_non_null(strstr(l.items[0].message, "Barrier error"));
	finding_list_release(&l);
	free(text);
}

static void test_nvcc_error(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	char *text = fixture("nvcc-error.txt");

	(void)state;
	assert_int_equal(cuda_parse_nvcc_errors(text, &l), RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_BUILD_ERROR);
	assert_string_equal(l.items[0].locs[0].file, "bad.cu");
	assert_int_equal(l.items[0].locs[0].line, 3);
	assert_non_null(strstr(l.items[0].message, "undefined_name"));
	finding_list_release(&l);
	free(text);
}

/* Without nvcc the check is skipped, never failed. */
/*
 * Found while fuzzing: each report line was searched for " in " with strstr, which scans the rest
 * of the log, so a program printing many marked lines (its output shares the sanitizer's file)
 * made parsing quadratic: 3 MB took minutes. Now linear: a 4 MB log (the read cap) parses in
 * milliseconds; the bound leaves room for slow sanitizer builds and busy machines.
 */
static void test_long_report_is_linear(void **state)
{
	static const char head[] = "========= Error: Race reported between Write access at "
				   "k()+0x10 in reduction.cu:17\n";
	static const char cont[] = "=========     x\n";
	size_t n = 250000, len = strlen(head) + n * strlen(cont);
	char *text = malloc(len + 1), *p = text;
	struct finding_list l = FINDING_LIST_INIT;
	struct timespec a, b;

	(void)state;
	assert_non_null(text);
	p = stpcpy(p, head);
	for (size_t i = 0; i < n; i++)
		p = stpcpy(p, cont);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(cuda_parse_sanitizer(text, &srcs, &l), RL_ERR_OK);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 5000);
	assert_int_equal(l.nr, 1);
	assert_true(has_loc(&l.items[0], "reduction.cu", 17));
	finding_list_release(&l);
	free(text);
}

static void test_skip_without_nvcc(void **state)
{
	const char *const sources[] = { "reduction.cu", NULL };
	struct cuda_spec s = { .workdir = "/tmp", .tooldir = "/tmp", .sources = sources,
			       .srcs = &srcs, .timeout_ms = 1000 };
	struct cuda_outcome o;
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	char *old;

	(void)state;
	if (access("/usr/local/cuda/bin/nvcc", X_OK) == 0) {
		/* The fallback path would find it: the no-nvcc path cannot be shown here. */
		print_message("skipped: nvcc installed in /usr/local/cuda, so the no-nvcc case cannot run\n");
		skip();
	}
	old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	unsetenv("NVCC");
	assert_int_equal(cuda_check(&s, &o, &l, &d), RL_ERR_OK);
	assert_true(o.skipped);
	assert_string_equal(o.reason, "nvcc not found");
	assert_false(cuda_available(&d));
	if (old)
		setenv("PATH", old, 1);
	free(old);
	finding_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_racecheck_analysis),
		cmocka_unit_test(test_racecheck_hazard),
		cmocka_unit_test(test_clean_outputs),
		cmocka_unit_test(test_synccheck_doc_format),
		cmocka_unit_test(test_synccheck_recorded),
		cmocka_unit_test(test_nvcc_error),
		cmocka_unit_test(test_long_report_is_linear),
		cmocka_unit_test(test_skip_without_nvcc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
