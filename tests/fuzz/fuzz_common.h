/*
 * What every harness shares: the contracts a parser's output must keep whatever the input
 * (a violated one aborts, so libFuzzer reports it like a crash), and a NUL-terminated copy of the
 * input for the parsers that take C strings.
 */
#ifndef RACELAB_FUZZ_COMMON_H
#define RACELAB_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/findings.h"

#define FUZZ_REQUIRE(cond)                                                   \
	do {                                                                 \
		if (!(cond))                                                 \
			abort();                                             \
	} while (0)

/* Reading every byte of a string lets ASan catch one that is unterminated or freed. */
static inline size_t fuzz_touch(const char *s)
{
	return s ? strlen(s) : 0;
}

/*
 * findings.h: a message is one line; locations are at most FINDING_MAX_LOCS. Reports render the
 * message and file names into text, JSON and JUnit, so a newline smuggled in from a tool's output
 * (which the program under test can imitate) would forge report lines.
 */
static inline void fuzz_check_findings(struct finding_list *l)
{
	FUZZ_REQUIRE(l->nr <= l->alloc);
	for (size_t i = 0; i < l->nr; i++) {
		const struct finding *f = &l->items[i];

		FUZZ_REQUIRE((unsigned)f->kind < FK__COUNT);
		FUZZ_REQUIRE(f->nlocs <= FINDING_MAX_LOCS);
		FUZZ_REQUIRE(f->count >= 1);
		FUZZ_REQUIRE(!f->message || !strchr(f->message, '\n'));
		fuzz_touch(f->message);
		fuzz_touch(f->graph);
		for (size_t j = 0; j < f->nlocs; j++) {
			const struct location *loc = &f->locs[j];

			FUZZ_REQUIRE(!loc->file || !strchr(loc->file, '\n'));
			fuzz_touch(loc->function);
			fuzz_touch(loc->thread);
		}
	}
	/* Reports sort findings before they print them. */
	finding_list_sort(l);
}

/* A NUL-terminated copy (the input may hold NULs: the parser then sees the text before the first). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
