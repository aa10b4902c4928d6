/* The ThreadSanitizer detector's parts that other code and the tests use: the report parser. */
#ifndef RACELAB_TSAN_H
#define RACELAB_TSAN_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/detector.h"
#include "model/error.h"
#include "model/findings.h"

/*
 * Parses the text of one TSan log (clang 14, default stack format) and appends one finding per
 * report to out (tools = TOOL(TSAN); equal findings merge, see finding_list_add):
 *   data race, data race on vptr, race on ...      -> data-race
 *   lock-order-inversion (potential deadlock)      -> lock-order-inversion
 *   thread leak                                    -> thread-leak (warning)
 *   unlock of an unlocked mutex, double lock, destroy of a locked mutex, use of an invalid
 *   mutex, read (un)lock of a write locked mutex   -> lock-misuse
 *   signal-unsafe call, signal handler spoils errno-> lock-misuse, as a warning
 *   heap-use-after-free                            -> crash ("use after free" in the message)
 * Each location is the first frame of a stack whose file basename is in src (NULL or empty src:
 * any frame with a file); when no frame is in src, the first frame with a file. text need not be
 * NUL-terminated and may hold anything: garbage, NUL bytes, truncated or made-up reports never
 * crash or loop; at most TSAN_MAX_REPORTS reports per text are read.
 * Returns RL_ERR_NOMEM, or RL_ERR_TOOL (d set) when the log says ThreadSanitizer itself failed
 * ("FATAL: ThreadSanitizer: ..."); findings parsed before that stay in out.
 */
enum rl_err tsan_parse_log(const char *text, size_t len, const struct source_set *src,
			   struct finding_list *out, struct diag *d);

#define TSAN_MAX_REPORTS 500
#define TSAN_MAX_LOG_BYTES (16L << 20) /* bytes read of each log file */

/*
 * Parses every dir/PREFIX.<pid> file (a fork()ed program writes one per process), in name order
 * so results are stable. A missing directory or no file is no error (a clean run writes none).
 */
enum rl_err tsan_parse_dir(const char *dir, const char *prefix, const struct source_set *src,
			   struct finding_list *out, struct diag *d);

/* Where the run's TSAN_OPTIONS come from; paths may be NULL (option left out). */
struct tsan_env {
	const char *log_prefix;  /* log_path: TSan appends ".<pid>" */
	const char *symbolizer;  /* external_symbolizer_path */
	const char *suppressions;
	bool openmp;             /* the program uses libomp: Archer's options are added */
	bool report_crashes;     /* TSan reports a SEGV or SIGBUS with its stack (a diagnosis run) */
};

/*
 * Writes the TSAN_OPTIONS value into buf (every option is explained in tsan.c). Paths are quoted;
 * returns false when buf is too small or a path holds a quote or control character.
 */
bool tsan_options(const struct tsan_env *e, char *buf, size_t len);

/*
 * Whether text (a TSan log of a run made with report_crashes) holds a deadly-signal report whose
 * innermost frame is in the OpenMP runtime or in Archer, not in the program: then the module's
 * name ("libarcher.so") goes to module. Such a crash is the tool's, not the student's: LLVM 14's
 * Archer dereferences NULL in __kmp_fork_call for `omp teams` (and `omp target` on the host).
 */
bool tsan_log_runtime_crash(const char *text, size_t len, char *module, size_t n);

/* True when the ELF file at path needs LLVM's OpenMP runtime (libomp). */
bool tsan_binary_uses_openmp(const char *path);

/* The path of LLVM's Archer OMPT tool (libarcher.so), or NULL; searched once, then cached. */
const char *tsan_archer_path(void);

#endif
