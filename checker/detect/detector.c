/* What the detectors share: deciding whether a stack frame's file is one of the student's. */
#include "detector.h"

#include <string.h>

bool source_set_contains(const struct source_set *s, const char *path)
{
	const char *base;

	if (!s || !path)
		return false;
	/* Manifests name sources by basename; tools print whatever path the compiler saw. */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < s->nr; i++) {
		const char *f = s->files[i] ? strrchr(s->files[i], '/') : NULL;

		if (s->files[i] && !strcmp(f ? f + 1 : s->files[i], base))
			return true;
	}
	return false;
}
