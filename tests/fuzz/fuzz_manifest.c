/*
 * libFuzzer harness: manifest_load_text on arbitrary bytes. The text stands for the exercise.ini
 * of tests/fixtures/manifests/good (or of $FUZZ_MANIFEST_DIR, for a copy of the harness run
 * elsewhere), so a manifest naming prog.c passes the file checks and the fuzzer reaches the
 * validation after parsing.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "model/manifest.h"

#ifndef FUZZ_MANIFEST_DIR
#error "FUZZ_MANIFEST_DIR must name an exercise directory"
#endif

static void check_list(char *const *list, size_t n, size_t max)
{
	FUZZ_REQUIRE(n <= max);
	for (size_t i = 0; i < n; i++)
		FUZZ_REQUIRE(list[i] && list[i][0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	struct manifest m = MANIFEST_INIT;
	struct diag d = DIAG_INIT;
	enum rl_err e;

	if (!dir)
		dir = getenv("FUZZ_MANIFEST_DIR") ? getenv("FUZZ_MANIFEST_DIR") : FUZZ_MANIFEST_DIR;
	e = manifest_load_text(&m, dir, (const char *)data, size, &d);

	if (e == RL_ERR_OK) {
		FUZZ_REQUIRE(m.dir && m.slug && m.title && m.concept);
		FUZZ_REQUIRE(m.nsources > 0);
		check_list(m.sources, m.nsources, MANIFEST_MAX_FILES);
		check_list(m.editable, m.neditable, MANIFEST_MAX_FILES);
		check_list(m.common, m.ncommon, MANIFEST_MAX_FILES);
		check_list(m.args, m.nargs, MANIFEST_MAX_ARGS);
		check_list(m.baseline_args, m.nbaseline_args, MANIFEST_MAX_ARGS);
		FUZZ_REQUIRE(m.runs >= 1 && m.timeout_s >= 1);
		FUZZ_REQUIRE(m.expect_kinds < (1u << FK__COUNT));
		FUZZ_REQUIRE(!(m.min_speedup > 0) || m.nbaseline_args > 0);
		fuzz_touch(m.cflags);
		fuzz_touch(m.libs);
		fuzz_touch(m.stdout_regex);
		(void)manifest_is_editable(&m, "prog.c");
	} else {
		/* A refused manifest is released by the loader and explained in d. */
		FUZZ_REQUIRE(d.code != RL_ERR_OK && d.msg[0]);
		FUZZ_REQUIRE(!m.dir && !m.title && !m.nsources);
	}
	manifest_release(&m);
	return 0;
}
