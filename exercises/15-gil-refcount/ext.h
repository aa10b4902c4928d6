/* A C extension module for the toy interpreter: saving documents to disk. */
#ifndef EXT_H
#define EXT_H

#include "gil.h"

/* A document object: interpreter state, so its fields and count are guarded by the GIL. */
struct doc_obj {
	struct obj base;
	char text[64];
	int saves;
};

/*
 * Writes doc to fd. Called with the GIL held, returns with it held; the caller keeps its own
 * reference to doc for the whole call. Returns 0, or -1 when the write failed.
 */
int ext_save(struct doc_obj *doc, int fd);

#endif
