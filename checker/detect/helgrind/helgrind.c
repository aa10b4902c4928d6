/* The Helgrind detector: runs the plain build under valgrind --tool=helgrind and reads its XML. */
#include "helgrind.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/util.h"
#include "detect/detector_int.h"

/*
 * The XML of one run is read up to this size. Valgrind stops listing new errors after 1000
 * distinct ones, each a few KiB, so a real document stays far below it.
 */
#define HELGRIND_XML_CAP (32u << 20)

static bool helgrind_available(struct diag *d)
{
	char path[PATH_MAX];

	if (!find_on_path("valgrind", path, sizeof(path))) {
		diag_missing_tool(d, "valgrind not found");
		return false;
	}
	return true;
}

/*
 * The suppressions file: next to the support files when the kit is installed that way, else in the
 * source tree the checker was built from. Missing is an error: without it, libgomp's internals
 * would be reported as the student's races.
 */
static bool find_suppressions(const char *support_dir, char *buf, size_t len)
{
	const char *const rel[] = { "checker/detect/helgrind/helgrind.supp", "suppressions/helgrind.supp",
				    "helgrind.supp" };

	for (size_t i = 0; support_dir && i < sizeof(rel) / sizeof(*rel); i++) {
		snprintf(buf, len, "%s/%s", support_dir, rel[i]);
		if (access(buf, R_OK) == 0)
			return true;
	}
	snprintf(buf, len, "%s/checker/detect/helgrind/helgrind.supp", RACELAB_SOURCE_DIR);
	return access(buf, R_OK) == 0;
}

/*
 * The options, each for a reason:
 * -q                        Valgrind's own chatter would land in the program's stderr capture.
 * --xml-file                in the private tool directory the program is never told about, one
 *                           document per process (%p): a child forked by the program is checked
 *                           too (its own threads' races; TSan cannot follow a child forked from a
 *                           multithreaded process), and would write a second document into one
 *                           file. Children run under Valgrind whatever the options say.
 * --history-level=full      keeps the stack of the conflicting earlier access, the second place of
 *                           a data-race (the default, stated so that it stays so).
 * --vgdb=no                 no gdbserver FIFOs left in TMPDIR, and nothing to attach to.
 * --read-inline-info=no     the plain build is -O0, where gcc inlines nothing of the student's;
 *                           reading the inlining tables of every library took 75 ms of each run's
 *                           start (370 against 295 ms for an empty threaded program, here).
 * No --error-exitcode: the run's exit status must be the program's own, for the functional check.
 */
static const char *const fixed_args[] = {
	"valgrind", "--tool=helgrind", "-q", "--xml=yes", "--history-level=full", "--vgdb=no",
	"--read-inline-info=no",
};
#define NFIXED (sizeof(fixed_args) / sizeof(*fixed_args))

/*
 * A program built with gcc's -fopenmp links libgomp, whose barriers, joins and reductions Helgrind
 * cannot see: a correct `omp target` on the host drew races between the region's writes and
 * main's reads after it (tests/analyze/omp_ok_target.c). The suppressions silence libgomp's own
 * accesses, not the student's accesses that libgomp orders, so the run is not evidence at all.
 */
static const char *const gomp[] = { "libgomp.so", NULL };

#define XML_PREFIX "helgrind."
#define XML_SUFFIX ".xml"
#define MAX_DOCS 64 /* documents read: the program's and its first children's */

/* "helgrind.<pid>.xml": one process's document. */
static bool is_doc_name(const char *name)
{
	size_t n = strlen(name), pl = strlen(XML_PREFIX), sl = strlen(XML_SUFFIX);

	if (n <= pl + sl || strncmp(name, XML_PREFIX, pl) || strcmp(name + n - sl, XML_SUFFIX))
		return false;
	for (size_t i = pl; i < n - sl; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

/* Appends to f's message that it is a forked child's (Helgrind numbers its threads anew). */
static enum rl_err note_child(struct finding *f, long pid, struct diag *d)
{
	char tail[96];
	size_t n = f->message ? strlen(f->message) : 0;
	char *m;

	snprintf(tail, sizeof(tail), " (in child process %ld, which the program forked)", pid);
	if (!(m = realloc(f->message, n + strlen(tail) + 1)))
		return diag_set(d, RL_ERR_NOMEM, "helgrind: out of memory");
	memcpy(m + n, tail, strlen(tail) + 1);
	f->message = m;
	return RL_ERR_OK;
}

/*
 * Reads every process's document in dir into out. The program's own is the one whose parent wrote
 * none (a child's parent is the program, or another child); it alone must be whole after a clean
 * exit, as before. A child's document may be cut short or hold no header at all (a child that
 * exec()ed another program, or was killed with the run): what it holds is kept, nothing more.
 */
static enum rl_err read_docs(struct detector_run *r, const char *dir, struct finding_list *out,
			     struct diag *d)
{
	struct hg_doc docs[MAX_DOCS];
	struct finding_list found[MAX_DOCS];
	char *names[MAX_DOCS], *why[MAX_DOCS]; /* why: a document's parse error, or NULL */
	enum rl_err errs[MAX_DOCS];
	size_t n = 0, main_doc = MAX_DOCS;
	DIR *dh = opendir(dir);
	struct dirent *de;
	enum rl_err e = RL_ERR_OK;

	while (dh && n < MAX_DOCS && (de = readdir(dh)))
		if (is_doc_name(de->d_name) && (names[n] = strdup(de->d_name)))
			n++;
	if (dh)
		closedir(dh);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		size_t len = 0;
		char *xml;
		struct diag pd = DIAG_INIT;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		xml = read_file_capped(path, HELGRIND_XML_CAP, &len);
		docs[i] = (struct hg_doc){ 0 };
		found[i] = (struct finding_list)FINDING_LIST_INIT;
		errs[i] = xml && len ? helgrind_parse_xml_doc(xml, len, r->sources, &found[i],
							      &docs[i], &pd)
				     : RL_ERR_PARSE;
		why[i] = errs[i] != RL_ERR_OK ? strdup(pd.msg) : NULL;
		free(xml);
	}
	for (size_t i = 0; i < n && main_doc == MAX_DOCS; i++) {
		bool parent_wrote = false;

		for (size_t j = 0; j < n && !parent_wrote; j++)
			parent_wrote = j != i && docs[i].ppid && docs[j].pid == docs[i].ppid;
		if (!parent_wrote && docs[i].pid)
			main_doc = i;
	}
	if (!n || main_doc == MAX_DOCS || errs[main_doc] == RL_ERR_PARSE) {
		char how[128];

		spawn_result_describe(&r->result, how, sizeof(how));
		/* Killed before Valgrind wrote a byte: a hang the run's own check reports. */
		if (!(r->result.timed_out || r->result.limit_hit))
			e = main_doc < MAX_DOCS && why[main_doc] && *why[main_doc]
				? diag_set(d, RL_ERR_TOOL, "%s", why[main_doc])
				: diag_set(d, RL_ERR_TOOL, "helgrind wrote no XML (%s); see %s", how,
					   r->stderr_path ? r->stderr_path : "its stderr");
	} else if (errs[main_doc] != RL_ERR_OK) {
		e = diag_set(d, errs[main_doc], "%s", why[main_doc] ? why[main_doc] : "helgrind");
	} else if (!docs[main_doc].complete && r->result.exited && !r->result.timed_out) {
		/* Cut short by a clean exit: Valgrind broke. */
		e = diag_set(d, RL_ERR_TOOL, "helgrind: its XML output %s/%s ends early", dir,
			     names[main_doc]);
	}
	/* The program's findings first, then its children's, which say where they come from. */
	for (size_t k = 0; k <= n; k++) {
		size_t i = k == 0 ? main_doc : k - 1;

		if (i >= n || (k && i == main_doc))
			continue;
		for (size_t j = 0; i != main_doc && j < found[i].nr && e == RL_ERR_OK; j++)
			e = note_child(&found[i].items[j], docs[i].pid, d);
		if (e == RL_ERR_OK && (e = finding_list_merge(out, &found[i])) != RL_ERR_OK)
			diag_set(d, e, "helgrind: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		finding_list_release(&found[i]);
		free(names[i]);
		free(why[i]);
	}
	return e;
}

/* Removes the documents of an earlier run in dir, which would be read as this one's. */
static void remove_docs(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX];

	while (dh && (de = readdir(dh)))
		if (is_doc_name(de->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	if (dh)
		closedir(dh);
}

static enum rl_err helgrind_run(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	char xml_opt[PATH_MAX + 32], supp[PATH_MAX], supp_opt[PATH_MAX + 16];
	char rc_path[PATH_MAX];
	const char **argv = NULL;
	struct stat st;
	enum rl_err e;

	r->threads_seen = -1; /* Helgrind announces only the threads its errors involve */
	memset(&r->result, 0, sizeof(r->result));
	if (file_mentions_any(r->binary, gomp))
		return diag_set(d, RL_ERR_UNSUPPORTED, "Helgrind could not check this program: it "
				"cannot see GNU OpenMP's synchronisation (libgomp's futexes and atomics), "
				"so each race it reported would be a guess (Valgrind manual, Helgrind: "
				"https://valgrind.org/docs/manual/hg-manual.html#hg-manual.effective-use); "
				"ThreadSanitizer with Archer checks OpenMP");
	if (!find_suppressions(r->support_dir, supp, sizeof(supp)))
		return diag_set(d, RL_ERR_TOOL, "helgrind: suppressions file %s is missing", supp);
	/* HOME is the work directory in the sandbox: a .valgrindrc there would set our options. */
	snprintf(rc_path, sizeof(rc_path), "%s/.valgrindrc", r->workdir);
	if (lstat(rc_path, &st) == 0)
		return diag_set(d, RL_ERR_TOOL, "helgrind: refusing to run with %s present", rc_path);
	snprintf(xml_opt, sizeof(xml_opt), "--xml-file=%s/" XML_PREFIX "%%p" XML_SUFFIX,
		 r->tooldir);
	remove_docs(r->tooldir);
	snprintf(supp_opt, sizeof(supp_opt), "--suppressions=%s", supp);
	{
		const char *prefix[NFIXED + 3];
		const char *const shown[] = { supp, NULL }; /* the run's view shows it */
		struct spawn_opts o;

		memcpy(prefix, fixed_args, sizeof(fixed_args));
		prefix[NFIXED] = xml_opt;
		prefix[NFIXED + 1] = supp_opt;
		prefix[NFIXED + 2] = NULL;
		if (!(argv = detector_argv(r, prefix)))
			return diag_set(d, RL_ERR_NOMEM, "out of memory");
		/*
		 * Valgrind's file size limit also bounds the XML it writes. A relock of a non-recursive
		 * mutex is written to the XML at once and then the program hangs (see
		 * helgrind_xml_has_relock()): the timeout ends it, or the check does sooner through
		 * deadline_cap once the tracer has explained the hang.
		 */
		detector_spawn_opts(r, argv, NULL, &o);
		o.view_ro = shown;
		e = spawn_run(&o, &r->result, d);
	}
	free(argv);
	if (e != RL_ERR_OK)
		return e;
	return read_docs(r, r->tooldir, out, d);
}

const struct detector_ops helgrind_detector = {
	.name = "helgrind",
	.tool = TOOL(HELGRIND),
	.toolchain = TOOLCHAIN_CC,
	.variant = VARIANT_PLAIN,
	.reports_when_capped = true,
	.runs = 1,
	/* First: the longest run, so whatever starts after it on its core adds to the check's time. */
	.start_rank = 1,
	.available = helgrind_available,
	.run = helgrind_run,
};
