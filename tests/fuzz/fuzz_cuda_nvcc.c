/* libFuzzer harness: cuda_parse_nvcc_errors on arbitrary text. */
#include <stdint.h>
#include <stdlib.h>

#include "detect/cuda/cuda.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct finding_list l = FINDING_LIST_INIT;
	enum rl_err e;

	if (!text)
		return 0;
	e = cuda_parse_nvcc_errors(text, &l);
	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_NOMEM);
	fuzz_check_findings(&l);
	finding_list_release(&l);
	free(text);
	return 0;
}
