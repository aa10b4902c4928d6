/* A private temporary copy of an exercise for one check: work/ (the program's cwd), tools/, bin/. */
#ifndef RACELAB_WORKSPACE_H
#define RACELAB_WORKSPACE_H

#include <stddef.h>

#include "model/error.h"
#include "model/manifest.h"

struct workspace {
	char *base;  /* $TMPDIR/racelab.XXXXXX, mode 0700 */
	char *work;  /* base/work: exercise files, common/ support files; the program's cwd */
	char *tools; /* base/t-XXXXXX: tool outputs, a random name the program is never told */
	char *bin;   /* base/bin: the built variants */
};
#define WORKSPACE_INIT { NULL, NULL, NULL, NULL }

enum rl_err workspace_create(struct workspace *ws, struct diag *d);

/*
 * Copies the regular files of m->dir into work/ and the manifest's common files into work/common/.
 * With overlay_dir, then copies over it only the files m marks editable (regular files, no
 * symlinks, at most 1 MiB each). note (may be NULL) receives a one-line account of the files that
 * were ignored (present in overlay_dir, not editable, and different from the exercise's own) and
 * of the editable files that were missing.
 */
enum rl_err workspace_populate(struct workspace *ws, const struct manifest *m, const char *root,
			       const char *overlay_dir, char *note, size_t note_len, struct diag *d);

/*
 * Copies arbitrary source files (analyze) into work/ under their basenames, and with them the
 * headers (*.h) of each file's own folder, as its author's compiler finds `#include "x.h"` there:
 * regular files only (no symlink followed), at most WORKSPACE_MAX_HEADERS, 1 MiB each; a header
 * already copied (from another folder, or a named file) is not replaced.
 */
#define WORKSPACE_MAX_HEADERS 64
enum rl_err workspace_add_files(struct workspace *ws, const char *const *files, size_t n,
				struct diag *d);

/* Removes base and everything below it (never following symlinks); frees the paths. */
void workspace_remove(struct workspace *ws);

/* Copies one regular file (no symlinks followed), at most max_bytes; mode 0644. */
enum rl_err copy_file(const char *from, const char *to, size_t max_bytes, struct diag *d);

#endif
