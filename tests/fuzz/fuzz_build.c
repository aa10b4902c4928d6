/* libFuzzer harness: build_parse_errors on arbitrary compiler output. */
#include <stdint.h>
#include <stdlib.h>

#include "run/build.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct finding_list l = FINDING_LIST_INIT;
	enum rl_err e;

	if (!text)
		return 0;
	e = build_parse_errors(text, &l);
	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_NOMEM);
	/* Whatever the output, a failed build is reported: exactly one build-error. */
	FUZZ_REQUIRE(e != RL_ERR_OK || (l.nr == 1 && l.items[0].kind == FK_BUILD_ERROR));
	fuzz_check_findings(&l);
	finding_list_release(&l);
	free(text);
	return 0;
}
