/* Small helpers shared by modules: reading capped files, joining paths, monotonic time. */
#ifndef RACELAB_UTIL_H
#define RACELAB_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads at most cap bytes of path into a NUL-terminated buffer (caller frees); NULL if it cannot
 * be opened (a symlink is not followed). *len (may be NULL) receives the length.
 */
char *read_file_capped(const char *path, size_t cap, size_t *len);

/*
 * True when the file at path (read up to 256 MiB) contains any of the NULL-terminated names: an
 * executable's dynamic section names the libraries it links (libomp.so.5, libgomp.so.1) as plain
 * strings, so a search finds them without an ELF parser. False when it cannot be read.
 */
bool file_mentions_any(const char *path, const char *const *names);

/* qsort's comparison for an array of C strings (char *), in strcmp order. */
int strcmp_ptrs(const void *a, const void *b);

/* True when path is a directory (or a symlink to one). */
bool path_is_dir(const char *path);

/* Milliseconds of a monotonic clock. */
long now_ms(void);

/*
 * A developer's timeline: with RACELAB_TRACE set in the environment, writes one line to stderr,
 * "racelab: +MS msg", MS counted from the first call. Otherwise does nothing. Thread-safe.
 */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends a formatted string to the NUL-terminated buf of len bytes; a full buffer stays full. */
void buf_appendf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The directory of the running executable into buf (where liblockgraph.so is built); "." if unknown. */
const char *exe_dir(char *buf, size_t len);

/*
 * True when an executable named name is on PATH (or name, holding a '/', is one); its path goes
 * to found (len bytes). An unset or empty PATH means /usr/local/bin:/usr/bin:/bin.
 */
bool find_on_path(const char *name, char *found, size_t len);
/* The same search in path (a PATH value; NULL or empty: the default above). */
bool path_search(const char *name, const char *path, char *found, size_t len);

/*
 * Grows *arr_ptr (an array of *n elements of sz bytes, NULL when empty) by one zeroed element and
 * returns it; NULL when out of memory or when *n has reached max (bounded input stays bounded).
 * Capacity doubles, kept implicit in *n (powers of two).
 */
void *array_push(void *arr_ptr, size_t *n, size_t sz, size_t max);

/* The last component of path (after its last '/'), or path itself: a pointer into path. */
const char *path_base(const char *path);

/* mkdir -p; returns 0 or -1 with errno. */
int mkdir_p(const char *path, unsigned mode);

#endif
