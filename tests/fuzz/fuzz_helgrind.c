/* libFuzzer harness: helgrind_parse_xml on arbitrary bytes. */
#include <stdint.h>

#include "fuzz_common.h"
#include "detect/helgrind/helgrind.h"

/* The sources of the recorded fixtures (tests/fixtures/src/hg_*.c). */
static const char *const files[] = {
	"hg_counter.c", "hg_lockorder.c", "hg_relock.c", "hg_unlock_unlocked.c",
	"hg_unlock_foreign.c", "hg_destroy_locked.c", "hg_condvar.c", "hg_condvar_late_signal.c",
	"hg_gated_inversion.c", "hg_glibc_mix.c", "hg_omp.c", "hg_omp_race.c",
	"hg_thread_exit_locked.c", "hg_atomic_publish.c",
};
static const struct source_set src = { files, sizeof(files) / sizeof(files[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Odd lengths are read with the fixtures' sources, even ones with none (frames outside the
	 * system libraries count): both ways of picking locations, one parse per input. */
	const struct source_set *sp = size & 1 ? &src : NULL;
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	enum rl_err e = helgrind_parse_xml((const char *)data, size, sp, &l, &d);

	/* A refused document leaves the list as it was: empty here. */
	FUZZ_REQUIRE(e == RL_ERR_OK || l.nr == 0);
	FUZZ_REQUIRE(e == RL_ERR_OK || d.code != RL_ERR_OK);
	fuzz_check_findings(&l);
	finding_list_release(&l);
	return 0;
}
