/* libFuzzer harness: tsan_parse_log on arbitrary bytes. */
#include <stdint.h>

#include "fuzz_common.h"
#include "detect/tsan/tsan.h"

/* The sources of the recorded fixtures, so frames can match and the "in src" paths run. */
static const char *const files[] = {
	"tsan_race.c", "tsan_lock_order.c", "tsan_thread_leak.c", "tsan_mutex_misuse.c",
	"tsan_double_lock.c", "tsan_uaf.c", "tsan_omp_race.c", "tsan_fork.c",
	"tsan_support_main.c", "tsan_signal.c",
};
static const struct source_set src = { files, sizeof(files) / sizeof(files[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Odd lengths are read with the fixtures' sources, even ones with none (any frame counts):
	 * both ways of picking locations are fuzzed at the cost of one parse per input. */
	const struct source_set *sp = size & 1 ? &src : NULL;
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	enum rl_err e = tsan_parse_log((const char *)data, size, sp, &l, &d);

	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_TOOL || e == RL_ERR_NOMEM);
	FUZZ_REQUIRE(e != RL_ERR_TOOL || d.code != RL_ERR_OK);
	FUZZ_REQUIRE(l.nr <= TSAN_MAX_REPORTS);
	fuzz_check_findings(&l);
	finding_list_release(&l);
	return 0;
}
