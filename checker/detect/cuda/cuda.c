/* CUDA exercises: nvcc builds, a plain run, compute-sanitizer racecheck/synccheck and their parsing. */
#include "cuda.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/util.h"
#include "detect/detector_int.h"

/*
 * The output format parsed here was recorded from compute-sanitizer 2025.3.1 on an H100 (the
 * fixtures in tests/fixtures/cuda/h100/, with a README saying how), since the main machine has
 * no GPU; the older "at 0x.. in FILE:LINE:function" layout comes from NVIDIA's Compute Sanitizer
 * documentation (docs.nvidia.com/compute-sanitizer). Every line of a report starts with "=========":
 *
 *   ========= Error: Race reported between Write access at k(...)+0x1e0 in reduction.cu:17
 *   =========     and Read access at k(...)+0x120 in reduction.cu:20 [16384 hazards]
 *   =========
 *   ========= Error: Potential RAW hazard detected at __shared__ 0xa00 in block (8,0,0) :
 *   =========     Write Thread (192,0,0) at k(...)+0x1e0 in reduction.cu:17
 *   =========         Host Frame: k(int const*, long long*) in reduction.cu:13 [0x91d4] in b22
 *   ========= Barrier error detected. Divergent thread(s) in warp.          (synccheck)
 *   =========     at half_barrier(int *)+0x90 in divergent_barrier.cu:16
 *   ========= RACECHECK SUMMARY: 4 hazards displayed (3 errors, 1 warning)
 *
 * A report is a header line (one blank after the marker) followed by indented lines. Racecheck
 * "Warning" reports are hazards whose write did not change the value; they are still races.
 */

#define CS_MARK "========="
#define OUTPUT_CAP (4u << 20)

static const char *const nvcc_fallbacks[] = { "/usr/local/cuda/bin/nvcc", NULL };
static const char *const cs_fallbacks[] = { "/usr/local/cuda/bin/compute-sanitizer", NULL };

/* Finds an executable: an environment override, then PATH, then fixed fallbacks. */
static bool find_tool(const char *env, const char *name, const char *const *fallbacks, char *buf,
		      size_t len)
{
	const char *e = getenv(env);

	if (e && *e && access(e, X_OK) == 0) {
		snprintf(buf, len, "%s", e);
		return true;
	}
	if (getenv("PATH") && find_on_path(name, buf, len))
		return true;
	for (size_t i = 0; fallbacks[i]; i++) {
		if (access(fallbacks[i], X_OK) == 0) {
			snprintf(buf, len, "%s", fallbacks[i]);
			return true;
		}
	}
	return false;
}

bool cuda_available(struct diag *d)
{
	char nvcc[PATH_MAX];

	if (find_tool("NVCC", "nvcc", nvcc_fallbacks, nvcc, sizeof(nvcc)))
		return true;
	if (d)
		diag_set(d, RL_ERR_TOOL, "nvcc not found: install the CUDA toolkit (or set NVCC)");
	return false;
}

bool cuda_device_present(void)
{
	static const char *const argv[] = { "nvidia-smi", "-L", NULL };
	struct spawn_opts o = { .argv = argv, .timeout_ms = 10000 };
	struct spawn_result r;
	struct diag d = DIAG_INIT;
	struct stat st;

	/* The device node first: cheap, and nvidia-smi may exist on a machine without a GPU. */
	if (stat("/dev/nvidia0", &st) != 0 && stat("/dev/nvidiactl", &st) != 0)
		return false;
	if (spawn_run(&o, &r, &d) != RL_ERR_OK)
		return true; /* a device node and no nvidia-smi: let the program find out */
	return r.exited && r.status == 0;
}

/* "reduction.cu(17): error: identifier "x" is undefined" */
enum rl_err cuda_parse_nvcc_errors(const char *text, struct finding_list *out)
{
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n'), *paren = NULL, *err;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char file[256], msg[512];
		int lineno;

		for (const char *p = line; p < line + len; p++)
			if (*p == '(') {
				paren = p;
				break;
			}
		err = paren ? strstr(paren, "): error: ") : NULL;
		if (paren && err && err < line + len && (size_t)(paren - line) < sizeof(file) &&
		    sscanf(paren, "(%d)", &lineno) == 1) {
			const char *base;

			snprintf(file, sizeof(file), "%.*s", (int)(paren - line), line);
			base = strrchr(file, '/');
			snprintf(msg, sizeof(msg), "%.*s", (int)(line + len - (err + 10)), err + 10);
			return finding_list_add1(out, FK_BUILD_ERROR, TOOL(BUILD),
						 base ? base + 1 : file, lineno, msg);
		}
		line = nl ? nl + 1 : NULL;
	}
	return RL_ERR_OK;
}

/* The text of a sanitizer line after its marker, or NULL for any other line. */
static const char *after_mark(const char *line, size_t len)
{
	size_t m = strlen(CS_MARK);

	if (len < m || strncmp(line, CS_MARK, m) != 0)
		return NULL;
	return line + m;
}

/*
 * Appends to f every "in FILE:LINE" of [p, end) whose FILE is the student's. Handles the suffixes
 * seen in the wild: "file.cu:17", "file.cu:20 [16384 hazards]", "/abs/file.cu:16:kernel(int*)".
 */
static enum rl_err add_locations(struct finding *f, const char *p, const char *end,
				 const struct source_set *srcs)
{
	while (p < end) {
		/* Bounded by end: strstr would scan the rest of the log for every line (quadratic). */
		const char *in = memmem(p, (size_t)(end - p), " in ", 4);
		char tok[PATH_MAX];
		size_t n = 0;
		char *colon;
		int lineno;
		enum rl_err e;

		if (!in || in >= end)
			break;
		in += 4;
		while (in + n < end && !isspace((unsigned char)in[n]) && n + 1 < sizeof(tok))
			n++;
		memcpy(tok, in, n);
		tok[n] = '\0';
		p = in + n;
		/* The first ':' followed by a digit ends the file name. */
		for (colon = strchr(tok, ':'); colon && !isdigit((unsigned char)colon[1]);
		     colon = strchr(colon + 1, ':'))
			;
		if (!colon)
			continue;
		*colon = '\0';
		lineno = atoi(colon + 1);
		if (!source_set_contains(srcs, tok) || f->nlocs >= FINDING_MAX_LOCS)
			continue;
		{
			const char *base = strrchr(tok, '/');

			base = base ? base + 1 : tok;
			for (size_t i = 0; i < f->nlocs; i++)
				if (f->locs[i].line == lineno && !strcmp(f->locs[i].file, base))
					goto next;
			e = location_set(&f->locs[f->nlocs], base, lineno, 0, NULL, NULL);
			if (e != RL_ERR_OK)
				return e;
			f->nlocs++;
		}
next:;
	}
	return RL_ERR_OK;
}

static enum finding_kind classify(const char *header)
{
	if (strstr(header, "Race reported") || strstr(header, "hazard"))
		return FK_DATA_RACE;
	if (strstr(header, "arrier") || strstr(header, "synchroniz") || strstr(header, "sync "))
		return FK_LOCK_MISUSE;
	return FK_CRASH; /* memcheck: invalid reads/writes, hardware exceptions */
}

/*
 * Is this marked line the start of a report (rather than a continuation, summary or banner)?
 * rest is NUL-terminated at the end of the line.
 */
static bool is_header(const char *rest)
{
	if (rest[0] != ' ' || rest[1] == ' ' || rest[1] == '\0')
		return false;
	rest++;
	if (!strncmp(rest, "COMPUTE-SANITIZER", 17) || strstr(rest, "SUMMARY") ||
	    !strncmp(rest, "Target application returned", 27) ||
	    !strncmp(rest, "Program hit", 11) || !strncmp(rest, "This ", 5))
		return false;
	return !strncmp(rest, "Error:", 6) || !strncmp(rest, "Warning:", 8) ||
	       strstr(rest, "detected") != NULL || !strncmp(rest, "Invalid", 7);
}

/* Finishes one report: device locations first, host frames only if there were none. */
static enum rl_err flush_report(const char *hdr_line, const char *body, const char *body_end,
				const struct source_set *srcs, struct finding_list *out)
{
	struct finding f = FINDING_INIT;
	char hdr[1024], msg[300];
	const char *hdr_end, *text = hdr;
	const char *nl = strchr(hdr_line, '\n');
	enum rl_err e;

	/* A private, NUL-terminated copy of the header line, so searches stop at its end. */
	snprintf(hdr, sizeof(hdr), "%.*s",
		 (int)(nl ? (size_t)(nl - hdr_line) : strlen(hdr_line)), hdr_line);
	hdr_end = hdr + strlen(hdr);
	while (*text == ' ')
		text++;
	if (!strncmp(text, "Error: ", 7))
		text += 7;
	else if (!strncmp(text, "Warning: ", 9))
		text += 9;
	snprintf(msg, sizeof(msg), "%s: %.*s",
		 classify(hdr) == FK_DATA_RACE ? "shared-memory race" : "CUDA error",
		 (int)(hdr_end - text), text);
	f.kind = classify(hdr);
	f.severity = finding_default_severity(f.kind);
	f.tools = TOOL(CUDA);
	e = add_locations(&f, hdr, hdr_end, srcs);
	/* Device lines of the body (everything but "Host Frame:" lines). */
	for (const char *l = body; e == RL_ERR_OK && l && l < body_end;) {
		const char *eol = memchr(l, '\n', (size_t)(body_end - l));
		const char *le = eol ? eol : body_end;

		if (!memmem(l, (size_t)(le - l), "Host Frame", 10))
			e = add_locations(&f, l, le, srcs);
		l = eol ? eol + 1 : NULL;
	}
	for (const char *l = body; e == RL_ERR_OK && f.nlocs == 0 && l && l < body_end;) {
		const char *eol = memchr(l, '\n', (size_t)(body_end - l));

		e = add_locations(&f, l, eol ? eol : body_end, srcs);
		l = eol ? eol + 1 : NULL;
	}
	if (e == RL_ERR_OK)
		f.message = strdup(msg);
	if (e != RL_ERR_OK || !f.message) {
		finding_release(&f);
		return e != RL_ERR_OK ? e : RL_ERR_NOMEM;
	}
	return finding_list_add(out, &f);
}

enum rl_err cuda_parse_sanitizer(const char *text, const struct source_set *srcs,
				 struct finding_list *out)
{
	const char *hdr = NULL, *body = NULL, *body_end = NULL;
	enum rl_err e = RL_ERR_OK;

	for (const char *line = text; line && *line && e == RL_ERR_OK;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *mark = after_mark(line, len), *rest = NULL;
		char copy[1024];
		bool blank = true;

		/* A NUL-terminated copy of the line after the marker, so searches stop at its end. */
		if (mark) {
			snprintf(copy, sizeof(copy), "%.*s", (int)(line + len - mark), mark);
			rest = copy;
			blank = copy[strspn(copy, " ")] == '\0';
		}
		if (rest && !blank && rest[0] == ' ' && rest[1] == ' ' && hdr) {
			body_end = line + len; /* a continuation line of the current report */
		} else {
			if (hdr)
				e = flush_report(hdr, body, body_end, srcs, out);
			hdr = NULL;
			if (e == RL_ERR_OK && rest && !blank && is_header(rest)) {
				hdr = line + strlen(CS_MARK);
				body = nl ? nl + 1 : line + len;
				body_end = body;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	if (e == RL_ERR_OK && hdr)
		e = flush_report(hdr, body, body_end, srcs, out);
	return e;
}

/* Splits a blank-separated flag string into argv slots (modifies buf). Returns the count added. */
static size_t split_flags(char *buf, const char **argv, size_t room)
{
	size_t n = 0;

	for (char *tok = strtok(buf, " \t"); tok && n < room; tok = strtok(NULL, " \t"))
		argv[n++] = tok;
	return n;
}

#define MAX_ARGV 96

static enum rl_err build(const struct cuda_spec *s, const char *nvcc, const char *binary,
			 struct cuda_outcome *o, struct finding_list *out, struct diag *d)
{
	const char *argv[MAX_ARGV];
	char flags[1024] = "", libs[1024] = "", log[PATH_MAX];
	struct spawn_opts so = { .argv = argv, .cwd = s->workdir, .timeout_ms = 300000 };
	struct spawn_result r;
	size_t n = 0;
	char *text;
	enum rl_err e;

	/* -lineinfo makes racecheck name source lines; -G would too but changes the code. */
	argv[n++] = nvcc;
	argv[n++] = "-g";
	argv[n++] = "-lineinfo";
	argv[n++] = "-o";
	argv[n++] = binary;
	for (size_t i = 0; s->sources && s->sources[i] && n < MAX_ARGV - 40; i++)
		argv[n++] = s->sources[i];
	if (s->cflags)
		snprintf(flags, sizeof(flags), "%s", s->cflags);
	n += split_flags(flags, argv + n, 16);
	if (s->libs)
		snprintf(libs, sizeof(libs), "%s", s->libs);
	n += split_flags(libs, argv + n, 16);
	argv[n] = NULL;

	snprintf(log, sizeof(log), "%s/nvcc.log", s->tooldir);
	so.stdout_path = log;
	so.stderr_path = log;
	e = spawn_run(&so, &r, d);
	if (e != RL_ERR_OK)
		return e;
	o->built = r.exited && r.status == 0;
	if (o->built)
		return RL_ERR_OK;
	text = read_file_capped(log, OUTPUT_CAP, NULL);
	e = text ? cuda_parse_nvcc_errors(text, out) : RL_ERR_OK;
	if (e == RL_ERR_OK && !finding_list_has_kind(out, FK_BUILD_ERROR))
		e = finding_list_add1(out, FK_BUILD_ERROR, TOOL(BUILD), NULL, 0,
				      "nvcc failed (see nvcc.log)");
	free(text);
	return e;
}

/* One run of the program, plain or under compute-sanitizer; output into tooldir/NAME.txt. */
static enum rl_err run_one(const struct cuda_spec *s, const char *const *prefix, const char *binary,
			   const char *name, struct spawn_result *r, char *outpath, size_t outlen,
			   struct diag *d)
{
	const char *argv[MAX_ARGV];
	/*
	 * No namespaces and no address-space limit: the CUDA driver maps huge virtual ranges and
	 * needs the device nodes. Still a process group, a timeout and a scrubbed environment.
	 */
	struct spawn_opts so = { .argv = argv, .cwd = s->workdir, .timeout_ms = s->timeout_ms,
				 .output_cap = OUTPUT_CAP, .limits = { .file_size = 64u << 20 } };
	size_t n = 0;

	for (size_t i = 0; prefix && prefix[i]; i++)
		argv[n++] = prefix[i];
	argv[n++] = binary;
	for (size_t i = 0; s->args && s->args[i] && n < MAX_ARGV - 1; i++)
		argv[n++] = s->args[i];
	argv[n] = NULL;
	snprintf(outpath, outlen, "%s/%s.txt", s->tooldir, name);
	so.stdout_path = outpath;
	so.stderr_path = outpath;
	return spawn_run(&so, r, d);
}

enum rl_err cuda_check(const struct cuda_spec *s, struct cuda_outcome *o, struct finding_list *out,
		       struct diag *d)
{
	char nvcc[PATH_MAX], cs[PATH_MAX], binary[PATH_MAX], path[PATH_MAX], errpath[PATH_MAX];
	static const char *const tools[] = { "racecheck", "synccheck" };
	enum rl_err e;

	memset(o, 0, sizeof(*o));
	if (!find_tool("NVCC", "nvcc", nvcc_fallbacks, nvcc, sizeof(nvcc))) {
		o->skipped = true;
		snprintf(o->reason, sizeof(o->reason), "nvcc not found");
		return RL_ERR_OK;
	}
	snprintf(binary, sizeof(binary), "%s/cuda-program", s->tooldir);
	e = build(s, nvcc, binary, o, out, d);
	if (e != RL_ERR_OK || !o->built)
		return e;
	if (!cuda_device_present()) {
		o->skipped = true;
		snprintf(o->reason, sizeof(o->reason), "no CUDA device");
		return RL_ERR_OK;
	}

	/* The plain run decides the functional verdict; the sanitizers slow it 10-100x. */
	e = run_one(s, NULL, binary, "run", &o->run, path, sizeof(path), d);
	if (e != RL_ERR_OK)
		return e;
	if (s->expect) {
		/* stdout and stderr share the file: functional_check only searches it. */
		snprintf(errpath, sizeof(errpath), "%s", path);
		e = functional_check(s->expect, &o->run, path, errpath, TOOL(RUN), out);
		if (e != RL_ERR_OK)
			return e;
	}
	if (!find_tool("COMPUTE_SANITIZER", "compute-sanitizer", cs_fallbacks, cs, sizeof(cs)))
		return diag_set(d, RL_ERR_TOOL,
				"compute-sanitizer not found: install the CUDA toolkit");
	for (size_t t = 0; t < sizeof(tools) / sizeof(tools[0]); t++) {
		const char *prefix[] = { cs, "--tool", tools[t], "--print-limit", "20", NULL };
		struct spawn_result r;
		char *text;

		e = run_one(s, prefix, binary, tools[t], &r, path, sizeof(path), d);
		if (e != RL_ERR_OK)
			return e;
		text = read_file_capped(path, OUTPUT_CAP, NULL);
		if (!text)
			continue;
		e = cuda_parse_sanitizer(text, s->srcs, out);
		free(text);
		if (e != RL_ERR_OK)
			return diag_set(d, e, "cannot parse compute-sanitizer %s output", tools[t]);
	}
	return RL_ERR_OK;
}

/* The whole-program backend: the manifest's expectations go to the plain run's functional check. */
static enum rl_err cuda_check_whole(struct detector_whole *w, struct finding_list *out,
				    struct diag *d)
{
	struct functional_expect e = { w->expect_exit, w->expect_stdout, w->timeout_ms / 1000 };
	struct cuda_spec cs = { w->workdir, w->tooldir, w->sources, w->cflags, w->libs, w->args,
				w->srcs, &e, w->timeout_ms };
	struct cuda_outcome co;
	enum rl_err err;

	memset(&co, 0, sizeof(co));
	err = cuda_check(&cs, &co, out, d);
	w->skipped = co.skipped;
	snprintf(w->reason, sizeof(w->reason), "%s", co.reason);
	return err;
}

/* No `available`: without nvcc or a GPU a CUDA exercise is skipped, never an error. */
const struct detector_ops cuda_detector = {
	.name = "cuda",
	.tool = TOOL(CUDA),
	.toolchain = TOOLCHAIN_CUDA,
	.check_whole = cuda_check_whole,
};
