/* CUDA exercises: building with nvcc and checking with compute-sanitizer (racecheck, synccheck). */
#ifndef RACELAB_CUDA_H
#define RACELAB_CUDA_H

#include <stdbool.h>

#include "detect/detector.h"
#include "model/error.h"
#include "model/findings.h"
#include "detect/plain/functional.h"
#include "run/spawn.h"

/*
 * True when nvcc is found: $NVCC, then PATH, then /usr/local/cuda/bin/nvcc. Otherwise false with
 * d set to a one-line "install the CUDA toolkit" message (d may be NULL).
 */
bool cuda_available(struct diag *d);

/* True when a CUDA device node exists (/dev/nvidia0 ...) and `nvidia-smi -L` lists a GPU. */
bool cuda_device_present(void);

struct cuda_spec {
	const char *workdir;          /* sources are relative to it; the program's cwd */
	const char *tooldir;          /* the binary and the tools' outputs go here */
	const char *const *sources;   /* NULL-terminated, .cu (and .c) files */
	const char *cflags;           /* extra nvcc flags, blank-separated; may be NULL */
	const char *libs;             /* extra link flags; may be NULL */
	const char *const *args;      /* program arguments (argv[1..]), NULL-terminated; may be NULL */
	const struct source_set *srcs;/* the student's files, for locating findings */
	const struct functional_expect *expect; /* the plain run's expectations; NULL: none */
	int timeout_ms;               /* per run; compute-sanitizer is 10-100x slower than a run */
};

struct cuda_outcome {
	bool built;              /* nvcc succeeded (false: a build-error finding was added) */
	bool skipped;            /* nothing could be checked: see reason */
	char reason[160];        /* "no CUDA device", "nvcc not found" */
	struct spawn_result run; /* the plain run, when one happened */
};

/*
 * Builds the exercise with nvcc (-g -lineinfo, so reports carry file:line) and, when a GPU is
 * present, runs it once plainly (functional check, tool "run"), then under
 * `compute-sanitizer --tool racecheck` and `--tool synccheck`, appending findings to out.
 * Without nvcc or without a device, o->skipped is set with the reason and RL_ERR_OK returned: a
 * CUDA exercise is then reported `skipped`, never failed. Errors only when a tool could not be
 * started at all.
 */
enum rl_err cuda_check(const struct cuda_spec *s, struct cuda_outcome *o, struct finding_list *out,
		       struct diag *d);

/*
 * Parses compute-sanitizer's text output (any tool). racecheck hazards and race reports become
 * data-race findings; synccheck errors lock-misuse; memcheck errors crash. Locations are the
 * first device-code "in FILE:LINE" of each report whose FILE is in srcs (host frames are used
 * only when no device frame is). Findings carry TOOL(CUDA).
 */
enum rl_err cuda_parse_sanitizer(const char *text, const struct source_set *srcs,
				 struct finding_list *out);

/* Parses nvcc's "file.cu(LINE): error: MSG" diagnostics: the first becomes a build-error. */
enum rl_err cuda_parse_nvcc_errors(const char *text, struct finding_list *out);

#endif
