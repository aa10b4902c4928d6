/*
 * libFuzzer harness: helgrind_parse_xml_partial (a document cut short by a stopped run) and
 * helgrind_xml_has_relock (read while the document still grows) on arbitrary bytes.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "detect/helgrind/helgrind.h"

static const char *const files[] = { "hg_relock.c", "hg_counter.c", "hg_lockorder.c" };
static const struct source_set src = { files, sizeof(files) / sizeof(files[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct finding_list l = FINDING_LIST_INIT, whole = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT, d2 = DIAG_INIT;
	bool complete = false;
	enum rl_err e;

	e = helgrind_parse_xml_partial((const char *)data, size, &src, &l, &complete, &d);
	FUZZ_REQUIRE(e == RL_ERR_OK || l.nr == 0);
	FUZZ_REQUIRE(e == RL_ERR_OK || d.code != RL_ERR_OK);
	fuzz_check_findings(&l);
	/* A document the partial parser calls complete is one the strict parser accepts, alike. */
	if (e == RL_ERR_OK && complete) {
		FUZZ_REQUIRE(helgrind_parse_xml((const char *)data, size, &src, &whole, &d2) ==
			     RL_ERR_OK);
		FUZZ_REQUIRE(whole.nr == l.nr);
	}
	finding_list_release(&whole);
	finding_list_release(&l);
	(void)helgrind_xml_has_relock((const char *)data, size);
	return 0;
}
