/* The programs of a folder, for `racelab analyze DIR`: which .c files build which program. */
#ifndef RACELAB_PROGRAMS_H
#define RACELAB_PROGRAMS_H

#include <stddef.h>

#include "model/error.h"
#include "model/manifest.h"

/* One program: its file defining main() first, then the folder's files that define none. */
struct program {
	char *files[MANIFEST_MAX_FILES];
	size_t nfiles;
};

struct program_set {
	struct program *items;
	size_t nr;
};
#define PROGRAM_SET_INIT { NULL, 0 }

/* At most this many programs in one folder: each is a whole analysis (seconds to a minute). */
#define PROGRAMS_MAX 64

/*
 * The programs of the .c files directly in dir (sorted by name), the way a homework folder is
 * laid out: each file that defines main() is a program of its own, built together with every
 * file that defines none (the shared helpers); a folder with one main() is one program of all its
 * files. Headers need nothing here: analyze copies those beside the sources. Errors (d set):
 * RL_ERR_NOTFOUND (no such folder, no .c file, no main()), RL_ERR_USAGE (too many files or
 * programs), RL_ERR_NOMEM.
 */
enum rl_err program_set_from_dir(const char *dir, struct program_set *out, struct diag *d);
void program_set_release(struct program_set *s);

/*
 * True when the C source text defines main(): a line that starts a definition of main (the return
 * type, if any, on that line or the one before; not a declaration ending in ';', not a call
 * inside a function body, which is indented). A heuristic, as a person scanning the folder
 * would judge, with no preprocessor.
 */
int program_text_defines_main(const char *text);

#endif
