/* libFuzzer harness: hints_parse on arbitrary markdown. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "model/hints.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct hints h = HINTS_INIT;
	struct diag d = DIAG_INIT;
	enum rl_err e;

	if (!text)
		return 0;
	e = hints_parse(text, &h, &d);
	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_NOMEM);
	FUZZ_REQUIRE(h.nr >= 0 && h.nr <= HINTS_MAX);
	/* Hints 1..nr exist; none after them. */
	for (int i = 0; i < HINTS_MAX; i++) {
		FUZZ_REQUIRE((i < h.nr) == (h.items[i] != NULL));
		fuzz_touch(h.items[i]);
	}
	hints_release(&h);
	free(text);
	return 0;
}
