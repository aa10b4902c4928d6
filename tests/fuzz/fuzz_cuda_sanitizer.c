/* libFuzzer harness: cuda_parse_sanitizer on arbitrary text. */
#include <stdint.h>
#include <stdlib.h>

#include "detect/cuda/cuda.h"
#include "fuzz_common.h"

/* The sources of the recorded fixtures (exercises/22-cuda-reduction, divergent_barrier.cu). */
static const char *const files[] = { "reduction.cu", "divergent_barrier.cu" };
static const struct source_set src = { files, sizeof(files) / sizeof(files[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Odd lengths are read with the fixtures' sources, even ones with none (nothing matches):
	 * both paths, one parse per input. */
	const struct source_set *sp = size & 1 ? &src : NULL;
	char *text = fuzz_cstring(data, size);
	struct finding_list l = FINDING_LIST_INIT;
	enum rl_err e;

	if (!text)
		return 0;
	e = cuda_parse_sanitizer(text, sp, &l);
	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_NOMEM);
	fuzz_check_findings(&l);
	finding_list_release(&l);
	free(text);
	return 0;
}
