/* Building the tsan, plain and opt variants of a program, and turning compile errors into findings. */
#include "build.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perturb.h"
#include "spawn.h"
#include "model/util.h"

#define BUILD_TIMEOUT_MS 120000
#define MAX_ARGV 128

static const char *const variant_compiler[VARIANT__COUNT] = { "clang", "gcc", "gcc" };

/*
 * Why each variant's flags: see design.md section 3. -O1 keeps TSan fast; -fno-inline because at
 * plain -O1 clang merges a loop's loads into instructions with no source line, and a report that
 * says "ledger.c" without a line teaches nothing. -gline-tables-only for TSan: its reports need
 * file:line:column (the line tables) and variable names (the symbol table), nothing more; the
 * build took 113-175 ms against 143-256 ms with -g, and the findings of exercises 01-21 but 13
 * (numbered 01-20 then) were the same but for thread numbers.
 */
static const char *const variant_flags[VARIANT__COUNT][6] = {
	{ "-fsanitize=thread", "-gline-tables-only", "-O1", "-fno-inline", "-fno-omit-frame-pointer", NULL },
	{ "-g", "-O0", "-fno-omit-frame-pointer", NULL },
	{ "-g", "-O2", NULL },
};

/*
 * Linking the TSan runtime (a large static archive) took 130 ms of the TSan build's 200 with the
 * default BFD linker and 70 with gold, which binutils ships beside it; every check waits for that
 * build, and Helgrind for gcc's (45 against 49 ms with gold, 41 with -pipe too). Without gold,
 * the default linker does the same job more slowly.
 */
static pthread_once_t gold_once = PTHREAD_ONCE_INIT;
static bool gold_found;

static void gold_look(void)
{
	char path[PATH_MAX];

	gold_found = find_on_path("ld.gold", path, sizeof(path));
}

static bool gold_available(void)
{
	pthread_once(&gold_once, gold_look);
	return gold_found;
}

bool build_wants_openmp(const struct build_spec *s)
{
	for (size_t i = 0; s->sources[i]; i++) {
		char path[PATH_MAX], line[1024];
		FILE *fp;
		bool found = false;

		snprintf(path, sizeof(path), "%s/%s", s->workdir, s->sources[i]);
		fp = fopen(path, "r");
		while (fp && !found && fgets(line, sizeof(line), fp)) {
			const char *p = line + strspn(line, " \t");

			found = !strncmp(p, "#pragma", 7) && strstr(p, " omp ");
		}
		if (fp)
			fclose(fp);
		if (found)
			return true;
	}
	return false;
}

/* Appends each blank-separated word of s to argv; the words live in *store (caller frees). */
static bool push_words(const char **argv, size_t *n, const char *s, char **store)
{
	char *save = NULL, *w;

	if (!s || !*s)
		return true;
	*store = strdup(s);
	if (!*store)
		return false;
	for (w = strtok_r(*store, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (*n + 1 >= MAX_ARGV)
			return false;
		argv[(*n)++] = w;
	}
	return true;
}

enum rl_err build_parse_errors(const char *text, struct finding_list *out)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[1024], file[512], msg[600];
		int ln = 0, col = 0;

		snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1),
			 line);
		if (sscanf(buf, "%511[^:]:%d:%d: error: %599[^\n]", file, &ln, &col, msg) == 4 ||
		    sscanf(buf, "%511[^:]:%d:%d: fatal error: %599[^\n]", file, &ln, &col, msg) == 4) {
			struct finding f = FINDING_INIT;
			const char *base = strrchr(file, '/');
			char full[700];

			snprintf(full, sizeof(full), "does not compile: %s", msg);
			f.kind = FK_BUILD_ERROR;
			f.severity = SEV_ERROR;
			f.tools = TOOL(BUILD);
			f.message = strdup(full);
			if (!f.message ||
			    location_set(&f.locs[0], base ? base + 1 : file, ln, col, NULL, NULL)) {
				finding_release(&f);
				return RL_ERR_NOMEM;
			}
			f.nlocs = 1;
			return finding_list_add(out, &f);
		}
		line = nl ? nl + 1 : NULL;
	}
	/* No located error (a link error, say): one finding quoting the first line of output. */
	{
		char msg[400];
		size_t len = strcspn(text, "\n");

		snprintf(msg, sizeof(msg), "does not build: %.*s", (int)(len > 300 ? 300 : len), text);
		return finding_list_add1(out, FK_BUILD_ERROR, TOOL(BUILD), NULL, 0, msg);
	}
}

/*
 * gcc's own ThreadSanitizer (libtsan, gcc 12 and later), for a program clang cannot build (a GNU
 * nested function, a main() clang rejects): the same runtime and report format as clang's. Not
 * -gline-tables-only, which gcc does not know.
 */
static const char *const gcc_tsan_flags[] = { "-fsanitize=thread", "-g", "-O1", "-fno-inline",
					       "-fno-omit-frame-pointer", NULL };

/*
 * One compiler run for variant v: compiler with flags on the spec's sources into out_path, its
 * output in log.
 */
static enum rl_err compile(const struct build_spec *s, enum build_variant v, const char *compiler,
			   const char *const *flags, const char *out_path, const char *log,
			   bool *built, struct diag *d)
{
	const char *argv[MAX_ARGV];
	char *cflags_store = NULL, *libs_store = NULL;
	char out_dir[PATH_MAX], shim[PATH_MAX];
	const char *const out_rw[] = { out_dir, NULL };
	size_t n = 0;
	struct spawn_opts o = { 0 };
	struct spawn_result r;
	enum rl_err err;

	*built = false;
	argv[n++] = compiler;
	for (size_t i = 0; flags[i]; i++)
		argv[n++] = flags[i];
	argv[n++] = "-std=gnu11";
	argv[n++] = "-pthread";
	argv[n++] = "-Icommon";
	argv[n++] = "-pipe";
	if (gold_available())
		argv[n++] = "-fuse-ld=gold";
	if (build_wants_openmp(s)) {
		argv[n++] = "-fopenmp";
		/*
		 * OpenMP under TSan at -O0: at -O1 clang's outlined region of a correct `omp parallel
		 * sections` reads every section's shared variable in every thread, a load the source
		 * never makes, and TSan reports it as a race (tests/analyze/omp_ok_simd_sections.c: 2
		 * reports at -O1 and -O2, none at -O0). The races of tests/analyze/omp_race_*.c are found
		 * at -O0 all the same.
		 */
		if (v == VARIANT_TSAN)
			argv[n++] = "-O0";
	}
	if (s->shared) {
		argv[n++] = "-shared";
		argv[n++] = "-fPIC";
	}
	if (!push_words(argv, &n, s->cflags, &cflags_store))
		goto toolong;
	for (size_t i = 0; s->sources[i]; i++) {
		if (n + 8 >= MAX_ARGV)
			goto toolong;
		argv[n++] = s->sources[i];
	}
	argv[n++] = "-o";
	argv[n++] = out_path;
	/*
	 * TSan's runs search schedules through the perturbation shim; Helgrind sees the waits it
	 * does not intercept through the other (run/perturb.h). Without them, the build goes on.
	 */
	if (v == VARIANT_TSAN)
		shim_link_args(SHIM_PERTURB, argv, &n, MAX_ARGV - 4, s->tooldir, shim);
	else if (v == VARIANT_PLAIN)
		shim_link_args(SHIM_HGWAITS, argv, &n, MAX_ARGV - 4, s->tooldir, shim);
	if (!push_words(argv, &n, s->libs, &libs_store))
		goto toolong;
	argv[n++] = "-lm";
	argv[n] = NULL;

	/* The compiler writes the binary: its directory (a workspace's bin/) is writable for it. */
	snprintf(out_dir, sizeof(out_dir), "%s", out_path);
	if (strrchr(out_dir, '/'))
		*strrchr(out_dir, '/') = '\0';
	if (out_path[0] == '/')
		o.view_rw = out_rw;
	o.argv = argv;
	o.cwd = s->workdir;
	o.stdout_path = log;
	o.stderr_path = log;
	o.timeout_ms = BUILD_TIMEOUT_MS;
	err = spawn_run(&o, &r, d);
	if (err == RL_ERR_SPAWN)
		err = diag_missing_tool(d, "%s not found", compiler);
	else if (err == RL_ERR_OK)
		*built = r.exited && r.status == 0;
	free(cflags_store);
	free(libs_store);
	return err;
toolong:
	free(cflags_store);
	free(libs_store);
	return diag_set(d, RL_ERR_MANIFEST, "too many sources or flags to build");
}

void build_error_line(const struct finding *f, char *buf, size_t len)
{
	const struct location *l = f->nlocs ? &f->locs[0] : NULL;

	if (l && l->file && l->line)
		snprintf(buf, len, "%s:%d: %s", l->file, l->line, f->message ? f->message : "");
	else
		snprintf(buf, len, "%s", f->message ? f->message : "");
}

enum rl_err build_variant_noted(const struct build_spec *s, enum build_variant v,
				const char *out_path, bool *built, struct finding_list *out,
				char *note, size_t note_len, struct diag *d)
{
	char log[PATH_MAX], gcc_log[PATH_MAX + 8];
	struct diag gd = DIAG_INIT;
	char *text;
	enum rl_err err;

	if (note && note_len)
		note[0] = '\0';
	/* One log per variant: the variants may be built at the same time. */
	snprintf(log, sizeof(log), "%s/build-%d.log", s->tooldir, (int)v);
	err = compile(s, v, variant_compiler[v], variant_flags[v], out_path, log, built, d);
	if (err != RL_ERR_OK || *built)
		return err;
	text = read_file_capped(log, 1 << 20, NULL);
	err = build_parse_errors(text ? text : "", out);
	free(text);
	/*
	 * clang could not build what gcc may: try gcc's TSan, unless the program uses OpenMP (TSan
	 * on libgomp without LLVM's Archer reports its runtime's own synchronisation as races).
	 * Whatever gcc says, clang's error stays the one reported when no TSan build is made. Only
	 * with a note to say so: build_variant() (TSan's own probe) must test clang alone.
	 */
	if (err != RL_ERR_OK || v != VARIANT_TSAN || !note || build_wants_openmp(s))
		return err;
	snprintf(gcc_log, sizeof(gcc_log), "%s.gcc", log);
	if (compile(s, v, "gcc", gcc_tsan_flags, out_path, gcc_log, built, &gd) != RL_ERR_OK ||
	    !*built) {
		*built = false;
		return RL_ERR_OK;
	}
	/* clang's error becomes the note, not a finding: a TSan build was made after all. */
	if (out->nr) {
		char why[600];

		build_error_line(&out->items[out->nr - 1], why, sizeof(why));
		snprintf(note, note_len, "ThreadSanitizer ran on gcc's build: clang could not build it "
			 "(%s)", why);
		finding_release(&out->items[--out->nr]);
	}
	return RL_ERR_OK;
}

enum rl_err build_variant(const struct build_spec *s, enum build_variant v, const char *out_path,
			  bool *built, struct finding_list *out, struct diag *d)
{
	return build_variant_noted(s, v, out_path, built, out, NULL, 0, d);
}
