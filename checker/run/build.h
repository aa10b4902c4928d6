/* Compiling a workspace's sources into the variants the detectors need. */
#ifndef RACELAB_BUILD_H
#define RACELAB_BUILD_H

#include <stdbool.h>

#include "model/error.h"
#include "model/findings.h"

/* The builds a check can ask for; each detector names the one it runs (detector_ops.variant). */
enum build_variant {
	VARIANT_TSAN,  /* clang -fsanitize=thread -g -O1 */
	VARIANT_PLAIN, /* gcc -g -O0: for Helgrind and the tracer */
	VARIANT_OPT,   /* gcc -O2: for performance checks */
	VARIANT__COUNT
};

struct build_spec {
	const char *workdir;            /* compile here; sources are relative to it */
	const char *const *sources;     /* NULL-terminated, relative to workdir */
	const char *cflags;             /* extra flags, blank-separated; may be NULL */
	const char *libs;               /* extra link flags; may be NULL */
	const char *tooldir;            /* compiler output goes here */
	bool shared;                    /* a shared object (-shared -fPIC) an interpreter loads */
};

/*
 * Builds one variant into out_path. A compile error is not a failure of racelab: it returns
 * RL_ERR_OK with *built = false and a build-error finding (file:line of the first error) in out.
 * Returns an error only when the compiler itself is missing (RL_ERR_TOOL) or cannot run.
 */
enum rl_err build_variant(const struct build_spec *s, enum build_variant v, const char *out_path,
			  bool *built, struct finding_list *out, struct diag *d);

/*
 * build_variant, and for VARIANT_TSAN a second chance: when clang cannot build the program (a GNU
 * extension), gcc's own -fsanitize=thread builds it (not for OpenMP programs, which need LLVM's
 * Archer); then *built is true, out gets no finding, and note (when not NULL) says so, naming
 * clang's error. When neither builds, out holds clang's error. With note NULL there is no
 * second chance (build_variant(), as TSan's probe uses it: it must test clang itself).
 */
enum rl_err build_variant_noted(const struct build_spec *s, enum build_variant v,
				const char *out_path, bool *built, struct finding_list *out,
				char *note, size_t note_len, struct diag *d);

/* "file.c:14: does not compile: ..." for a build-error finding, into buf. */
void build_error_line(const struct finding *f, char *buf, size_t len);

/* True when any source asks for OpenMP (a `#pragma omp` line): then -fopenmp is added. */
bool build_wants_openmp(const struct build_spec *s);

/* Parses compiler diagnostics: the first `file:line:col: error: msg` becomes a finding. */
enum rl_err build_parse_errors(const char *text, struct finding_list *out);

#endif
