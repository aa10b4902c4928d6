/* The Helgrind detector: runs the plain build under valgrind --tool=helgrind and reads its XML. */
#include "helgrind.h"

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
 * --xml-file                in the private tool directory the program is never told about.
 * --child-silent-after-fork a forked child would write a second document into the same file.
 * --history-level=full      keeps the stack of the conflicting earlier access, the second place of
 *                           a data-race (the default, stated so that it stays so).
 * --vgdb=no                 no gdbserver FIFOs left in TMPDIR, and nothing to attach to.
 * --read-inline-info=no     the plain build is -O0, where gcc inlines nothing of the student's;
 *                           reading the inlining tables of every library took 75 ms of each run's
 *                           start (370 against 295 ms for an empty threaded program, here).
 * No --error-exitcode: the run's exit status must be the program's own, for the functional check.
 */
static const char *const fixed_args[] = {
	"valgrind", "--tool=helgrind", "-q", "--xml=yes", "--child-silent-after-fork=yes",
	"--history-level=full", "--vgdb=no", "--read-inline-info=no",
};
#define NFIXED (sizeof(fixed_args) / sizeof(*fixed_args))

/*
 * A program built with gcc's -fopenmp links libgomp, whose barriers, joins and reductions Helgrind
 * cannot see: a correct `omp target` on the host drew races between the region's writes and
 * main's reads after it (tests/analyze/omp_ok_target.c). The suppressions silence libgomp's own
 * accesses, not the student's accesses that libgomp orders, so the run is not evidence at all.
 */
static const char *const gomp[] = { "libgomp.so", NULL };

static enum rl_err helgrind_run(struct detector_run *r, struct finding_list *out, struct diag *d)
{
	char xml_path[PATH_MAX], xml_opt[PATH_MAX + 16], supp[PATH_MAX], supp_opt[PATH_MAX + 16];
	char rc_path[PATH_MAX];
	const char **argv = NULL;
	size_t len = 0;
	char *xml = NULL;
	struct stat st;
	bool complete = false;
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
	snprintf(xml_path, sizeof(xml_path), "%s/helgrind.xml", r->tooldir);
	snprintf(xml_opt, sizeof(xml_opt), "--xml-file=%s", xml_path);
	snprintf(supp_opt, sizeof(supp_opt), "--suppressions=%s", supp);
	unlink(xml_path);
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
	xml = read_file_capped(xml_path, HELGRIND_XML_CAP, &len);
	if (!xml || !len) {
		char how[128];

		free(xml);
		spawn_result_describe(&r->result, how, sizeof(how));
		/* Killed before Valgrind wrote a byte: a hang the run's own check reports. */
		if (r->result.timed_out || r->result.limit_hit)
			return RL_ERR_OK;
		return diag_set(d, RL_ERR_TOOL, "helgrind wrote no XML (%s); see %s", how,
				r->stderr_path ? r->stderr_path : "its stderr");
	}
	/*
	 * A run killed at its timeout, by a limit or by a signal leaves the document cut short; the
	 * errors written before are real. A document cut short by a clean exit means Valgrind broke.
	 */
	e = helgrind_parse_xml_partial(xml, len, r->sources, out, &complete, d);
	if (e == RL_ERR_OK && !complete && r->result.exited && !r->result.timed_out)
		e = diag_set(d, RL_ERR_TOOL, "helgrind: its XML output %s ends early", xml_path);
	free(xml);
	return e;
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
