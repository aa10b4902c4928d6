/*
 * libFuzzer harness: lg_trace_parse on arbitrary bytes (the tracer's file is one the program
 * under test can write), then the analysis that turns the parsed records into findings, since
 * it walks ids and edges the parser let through.
 */
#include <stdint.h>

#include "fuzz_common.h"
#include "detect/lockgraph/lockgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct lg_symbols s = LG_SYMBOLS_INIT;
	struct lg_analysis a = { .sources = NULL, .seed = 1, .graph_prefix = NULL };
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	enum rl_err e = lg_trace_parse(&t, (const char *)data, size, &d);

	FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_PARSE || e == RL_ERR_NOMEM);
	FUZZ_REQUIRE(e == RL_ERR_OK || d.code != RL_ERR_OK);
	if (e == RL_ERR_OK) {
		for (size_t i = 0; i < t.nobjs; i++)
			FUZZ_REQUIRE(lg_trace_obj(&t, t.objs[i].id) != NULL);
		(void)lg_trace_obj(&t, 0);
		diag_clear(&d);
		e = lg_trace_findings(&t, &s, &a, &l, &d);
		FUZZ_REQUIRE(e == RL_ERR_OK || e == RL_ERR_NOMEM);
		fuzz_check_findings(&l);
	}
	finding_list_release(&l);
	lg_trace_release(&t);
	return 0;
}
