/* Helgrind's XML, recorded from real runs (tests/fixtures/helgrind/record.sh), becomes findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/detector.h"
#include "detect/helgrind/helgrind.h"
#include "model/util.h"
#include "run/build.h"
#include "run/perturb.h"

static char *load(const char *name, size_t *len)
{
	char path[1024];
	char *text;

	snprintf(path, sizeof(path), "%s/helgrind/%s", FIXTURES_DIR, name);
	text = read_file_capped(path, 1u << 24, len);
	if (!text)
		fail_msg("cannot read fixture %s", path);
	return text;
}

/* Parses a whole fixture with the student's sources = { file }. */
static void parse_fixture(const char *name, const char *file, struct finding_list *l)
{
	const char *files[] = { file };
	struct source_set src = { files, file ? 1 : 0 };
	struct diag d = DIAG_INIT;
	size_t len;
	char *xml = load(name, &len);

	if (helgrind_parse_xml(xml, len, &src, l, &d) != RL_ERR_OK)
		fail_msg("%s: %s", name, d.msg);
	free(xml);
}

static bool has_line(const struct finding *f, const char *file, int line)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == line && f->locs[i].file && !strcmp(f->locs[i].file, file))
			return true;
	return false;
}

static void test_counter_race(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	parse_fixture("counter.xml", "hg_counter.c", &l);
	/* Two reports (the read and the write of counter++) are one race at one line. */
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_DATA_RACE);
	assert_int_equal(f->tools, TOOL(HELGRIND));
	assert_int_equal(f->severity, SEV_ERROR);
	assert_int_equal(f->count, 2);
	assert_int_equal(f->nlocs, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(f->locs[i].file, "hg_counter.c");
		assert_int_equal(f->locs[i].line, 11);
		assert_string_equal(f->locs[i].function, "worker");
		assert_non_null(f->locs[i].thread);
		assert_true(!strcmp(f->locs[i].thread, "T1") || !strcmp(f->locs[i].thread, "T2"));
	}
	/* The access and the conflicting one are by the two different workers. */
	assert_string_not_equal(f->locs[0].thread, f->locs[1].thread);
	assert_non_null(strstr(f->message, "races with a previous"));
	assert_non_null(strstr(f->message, "\"counter\""));
	assert_null(strstr(f->message, "#"));
	finding_list_release(&l);
}

static void test_lock_order(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	const struct finding *f;

	(void)state;
	parse_fixture("lockorder.xml", "hg_lockorder.c", &l);
	assert_int_equal(l.nr, 1);
	f = &l.items[0];
	assert_int_equal(f->kind, FK_LOCK_ORDER);
	/* First the violating acquisition (ba takes a while holding b), then the order's two. */
	assert_int_equal(f->locs[0].line, 22);
	assert_string_equal(f->locs[0].function, "ba");
	assert_string_equal(f->locs[0].thread, "T2");
	assert_true(has_line(f, "hg_lockorder.c", 12));
	assert_true(has_line(f, "hg_lockorder.c", 11));
	assert_int_equal(f->nlocs, 3);
	/* The mutex addresses come from the <text> line, the only place they are right. */
	assert_non_null(strstr(f->message, "0x10c060"));
	assert_non_null(strstr(f->message, "0x10c0a0"));
	assert_null(strstr(f->message, "0x10"
				       "02"));
	finding_list_release(&l);
}

static void test_relock_cut_short(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	const char *files[] = { "hg_relock.c" };
	struct source_set src = { files, 1 };
	bool complete = true;
	size_t len;
	char *xml = load("relock.xml", &len);

	(void)state;
	/* The run was killed while hanging: the document has no end. */
	assert_int_equal(helgrind_parse_xml(xml, len, &src, &l, &d), RL_ERR_PARSE);
	assert_int_equal(l.nr, 0);
	assert_non_null(strstr(d.msg, "ends early"));
	diag_clear(&d);
	assert_int_equal(helgrind_parse_xml_partial(xml, len, &src, &l, &complete, &d), RL_ERR_OK);
	assert_false(complete);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].locs[0].line, 15);
	assert_string_equal(l.items[0].locs[0].thread, "T1");
	assert_true(has_line(&l.items[0], "hg_relock.c", 14));
	assert_non_null(strstr(l.items[0].message, "already holds"));
	assert_true(helgrind_xml_has_relock(xml, len));
	free(xml);
	finding_list_release(&l);
	xml = load("counter.xml", &len);
	assert_false(helgrind_xml_has_relock(xml, len));
	free(xml);
}

static void test_unlock_errors(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	parse_fixture("unlock_unlocked.xml", "hg_unlock_unlocked.c", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].locs[0].line, 11);
	assert_string_equal(l.items[0].locs[0].thread, "main");
	assert_non_null(strstr(l.items[0].message, "main unlocked a not-locked lock"));
	finding_list_release(&l);

	/* The unlock by a non-owner; main's "exiting thread still holds 1 lock" follows from it. */
	parse_fixture("unlock_foreign.xml", "hg_unlock_foreign.c", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].locs[0].line, 10);
	assert_string_equal(l.items[0].locs[0].function, "worker");
	assert_string_equal(l.items[0].locs[0].thread, "T1");
	assert_non_null(strstr(l.items[0].message, "currently held by main"));
	finding_list_release(&l);
}

static void test_destroy_locked(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* A Misc and a PthAPIerror (EBUSY) at the same call: one finding. */
	parse_fixture("destroy_locked.xml", "hg_destroy_locked.c", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_int_equal(l.items[0].count, 2);
	assert_int_equal(l.items[0].nlocs, 1);
	assert_int_equal(l.items[0].locs[0].line, 11);
	assert_non_null(strstr(l.items[0].message, "pthread_mutex_destroy of a locked mutex"));
	finding_list_release(&l);
}

static void test_thread_exit_holding_lock(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* Its stack is all libc: the finding goes where the thread was created. */
	parse_fixture("thread_exit_locked.xml", "hg_thread_exit_locked.c", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_string_equal(l.items[0].locs[0].file, "hg_thread_exit_locked.c");
	assert_int_equal(l.items[0].locs[0].line, 24);
	assert_string_equal(l.items[0].locs[0].thread, "T1");
	assert_non_null(strstr(l.items[0].message, "still holds 1 lock"));
	finding_list_release(&l);
}

static void test_helgrind_false_alarms_raw(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* Raw Helgrind on correct code: the parser keeps them; reconcile decides (test_reconcile). */
	parse_fixture("atomic_publish.xml", "hg_atomic_publish.c", &l);
	assert_int_equal(l.nr, 2);
	for (size_t i = 0; i < l.nr; i++)
		assert_int_equal(l.items[i].kind, FK_DATA_RACE);
	assert_true(has_line(&l.items[0], "hg_atomic_publish.c", 13) ||
		    has_line(&l.items[1], "hg_atomic_publish.c", 13));
	assert_true(has_line(&l.items[0], "hg_atomic_publish.c", 22) ||
		    has_line(&l.items[1], "hg_atomic_publish.c", 22));
	finding_list_release(&l);
	parse_fixture("glibc_mix.xml", "hg_glibc_mix.c", &l);
	assert_int_equal(l.nr, 1);
	assert_true(has_line(&l.items[0], "hg_glibc_mix.c", 32));
	assert_true(has_line(&l.items[0], "hg_glibc_mix.c", 22));
	finding_list_release(&l);
}

static void test_condvar(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	parse_fixture("condvar.xml", "hg_condvar.c", &l);
	assert_int_equal(l.nr, 0);
	/* Signalling after the unlock is allowed: Helgrind's "dubious" report is dropped. */
	parse_fixture("condvar_late_signal.xml", "hg_condvar_late_signal.c", &l);
	assert_int_equal(l.nr, 0);
}

static void test_openmp(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* libgomp's own synchronisation: reported without the suppressions, silent with them. */
	parse_fixture("omp_nosupp.xml", "hg_omp.c", &l);
	assert_true(l.nr >= 1);
	for (size_t i = 0; i < l.nr; i++)
		assert_int_equal(l.items[i].kind, FK_DATA_RACE);
	finding_list_release(&l);
	/* A real race in an OpenMP loop body still shows, at the body's line. */
	parse_fixture("omp_race.xml", "hg_omp_race.c", &l);
	assert_true(l.nr >= 1);
	assert_true(has_line(&l.items[0], "hg_omp_race.c", 10));
	assert_string_equal(l.items[0].locs[0].function, "main._omp_fn.0");
	finding_list_release(&l);
}

/*
 * OpenMP, live: hg_omp.c (a correct OpenMP reduction) built with gcc -fopenmp and run under plain
 * Helgrind draws race reports (else this test proves nothing): Helgrind cannot see libgomp's
 * synchronisation. racelab's Helgrind detector must therefore refuse the program as one it cannot
 * check (RL_ERR_UNSUPPORTED, which the check turns into a note) and report nothing.
 */
/* The live tests need Valgrind with Helgrind: skipped, saying why, without it. */
static void need_helgrind(void)
{
	struct diag d = DIAG_INIT;

	if (!detector_find("helgrind")->available(&d)) {
		print_message("skipped: %s\n", d.msg);
		skip();
	}
}

/* racelab's own Helgrind run of DIR/prog, its outputs in DIR, as a check makes it. */
static enum rl_err run_live(const char *dir, const struct source_set *src,
			    struct finding_list *l, struct diag *d)
{
	static const char *const no_args[] = { NULL };
	char bin[512], out[512], err[512];
	struct detector_run r;

	snprintf(bin, sizeof(bin), "%s/prog", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	memset(&r, 0, sizeof(r));
	r.binary = bin;
	r.workdir = dir;
	r.tooldir = dir;
	r.args = no_args;
	r.sources = src;
	r.timeout_ms = 60000;
	r.seed = -1;
	r.stdout_path = out;
	r.stderr_path = err;
	return detector_find("helgrind")->run(&r, l, d);
}

static void test_openmp_refused_live(void **state)
{
	const char *files[] = { "hg_omp.c" };
	struct source_set src = { files, 1 };
	char dir[] = "/tmp/rl-hg-omp.XXXXXX", cmd[4096], bin[512], xml[512];
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	size_t len;
	char *text;

	(void)state;
	need_helgrind();
	assert_non_null(mkdtemp(dir));
	snprintf(bin, sizeof(bin), "%s/prog", dir);
	snprintf(xml, sizeof(xml), "%s/plain.xml", dir);
	snprintf(cmd, sizeof(cmd), "gcc -g -O0 -fopenmp -pthread -o %s %s/src/hg_omp.c && "
		 "valgrind --tool=helgrind -q --xml=yes --xml-file=%s %s >/dev/null 2>&1", bin,
		 FIXTURES_DIR, xml, bin);
	assert_int_equal(system(cmd), 0);
	text = read_file_capped(xml, 1u << 24, &len);
	assert_non_null(text);
	assert_int_equal(helgrind_parse_xml(text, len, &src, &l, &d), RL_ERR_OK);
	free(text);
	assert_true(l.nr >= 1);
	finding_list_release(&l);

	assert_int_equal(run_live(dir, &src, &l, &d), RL_ERR_UNSUPPORTED);
	assert_non_null(strstr(d.msg, "cannot see GNU OpenMP's synchronisation"));
	assert_int_equal(l.nr, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Each process's document says which process it is: how the detector tells the program's own. */
static void test_doc_pid(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct hg_doc doc = { 0 };
	struct diag d = DIAG_INIT;
	size_t len;
	char *xml = load("atomic_publish.xml", &len);

	(void)state;
	assert_int_equal(helgrind_parse_xml_doc(xml, len, NULL, &l, &doc, &d), RL_ERR_OK);
	assert_true(doc.complete);
	assert_int_equal(doc.pid, 20235);
	assert_int_equal(doc.ppid, 20234);
	/* Cut short in the middle of the body: still the same process, no longer whole. */
	assert_int_equal(helgrind_parse_xml_doc(xml, len / 2, NULL, &l, &doc, &d), RL_ERR_OK);
	assert_false(doc.complete);
	assert_int_equal(doc.pid, 20235);
	free(xml);
	finding_list_release(&l);
}

/*
 * The waits Helgrind 3.19 does not intercept (pthread_mutex_clocklock, sem_timedwait,
 * sem_clockwait, sem_trywait) in a race-free program: built plainly, Helgrind reports races and
 * invalid unlocks (else this test proves nothing); built as a check builds it (with the
 * checker/perturb/hg_waits.c shim), racelab's Helgrind run reports nothing.
 */
static void test_unwrapped_waits_live(void **state)
{
	const char *files[] = { "prog.c" }, *const sources[] = { "prog.c", NULL };
	struct source_set src = { files, 1 };
	char dir[] = "/tmp/rl-hg-waits.XXXXXX", cmd[4096], bin[512];
	const struct build_spec spec = { dir, sources, NULL, NULL, dir, false };
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	bool built = false;

	(void)state;
	need_helgrind();
	assert_non_null(shim_archive(SHIM_HGWAITS));
	assert_non_null(mkdtemp(dir));
	snprintf(bin, sizeof(bin), "%s/prog", dir);
	snprintf(cmd, sizeof(cmd), "cp %s/src/hg_unwrapped_waits.c %s/prog.c && "
		 "gcc -g -O0 -pthread -o %s %s/prog.c", FIXTURES_DIR, dir, bin, dir);
	assert_int_equal(system(cmd), 0);
	if (run_live(dir, &src, &l, &d) != RL_ERR_OK)
		fail_msg("helgrind run: %s", d.msg);
	assert_true(l.nr >= 2);
	finding_list_release(&l);

	assert_int_equal(build_variant(&spec, VARIANT_PLAIN, bin, &built, &l, &d), RL_ERR_OK);
	assert_true(built);
	assert_int_equal(l.nr, 0);
	if (run_live(dir, &src, &l, &d) != RL_ERR_OK)
		fail_msg("helgrind run: %s", d.msg);
	for (size_t i = 0; i < l.nr; i++)
		print_message("unexpected: %s\n", l.items[i].message);
	assert_int_equal(l.nr, 0);
	finding_list_release(&l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * A race between the threads of a child forked from a multithreaded process: TSan ends such a
 * child, so Helgrind, which runs the child too, must read the child's own document.
 */
static void test_forked_child_live(void **state)
{
	const char *files[] = { "hg_fork_child.c" };
	struct source_set src = { files, 1 };
	char dir[] = "/tmp/rl-hg-fork.XXXXXX", cmd[4096], bin[512];
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	bool found = false;

	(void)state;
	need_helgrind();
	assert_non_null(mkdtemp(dir));
	snprintf(bin, sizeof(bin), "%s/prog", dir);
	snprintf(cmd, sizeof(cmd), "gcc -g -O0 -pthread -o %s %s/src/hg_fork_child.c", bin,
		 FIXTURES_DIR);
	assert_int_equal(system(cmd), 0);
	if (run_live(dir, &src, &l, &d) != RL_ERR_OK)
		fail_msg("helgrind run: %s", d.msg);
	for (size_t i = 0; i < l.nr; i++)
		found |= l.items[i].kind == FK_DATA_RACE && has_line(&l.items[i], "hg_fork_child.c", 14);
	assert_true(found);
	finding_list_release(&l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_gated_inversion(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	parse_fixture("gated_inversion.xml", "hg_gated_inversion.c", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_ORDER);
	assert_int_equal(l.items[0].locs[0].line, 29);
	finding_list_release(&l);
}

static void test_sources_filter(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	/* Frame in no student file: the first frame naming a file (worker's own) is the fallback. */
	parse_fixture("counter.xml", "elsewhere.c", &l);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0].locs[0].file, "hg_counter.c");
	finding_list_release(&l);
	/* No source list: system libraries are skipped on their own. */
	parse_fixture("thread_exit_locked.xml", NULL, &l);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0].locs[0].file, "hg_thread_exit_locked.c");
	finding_list_release(&l);
}

static enum rl_err parse_str(const char *s, struct finding_list *l)
{
	struct diag d = DIAG_INIT;

	return helgrind_parse_xml(s, s ? strlen(s) : 0, NULL, l, &d);
}

#define HEAD "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n" \
	     "<protocoltool>helgrind</protocoltool>\n"

/* Helgrind's "Bug in libpthread" for a lock granted while held is said as what the program did. */
static void test_granted_while_held(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;

	(void)state;
	assert_int_equal(parse_str(HEAD "<error><unique>0x1</unique><tid>1</tid><kind>Misc</kind>"
				   "<xwhat><text>Thread #1: Bug in libpthread: write lock granted on "
				   "mutex/rwlock which is currently wr-held by a different thread</text>"
				   "<hthreadid>1</hthreadid></xwhat><stack><frame><fn>log_write</fn>"
				   "<file>log.c</file><line>37</line></frame></stack></error>"
				   "</valgrindoutput>\n", &l),
			 RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.items[0].kind, FK_LOCK_MISUSE);
	assert_null(strstr(l.items[0].message, "Bug in libpthread"));
	assert_non_null(strstr(l.items[0].message, "another thread still held"));
	finding_list_release(&l);
}

static void test_rejects_bad_documents(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	struct diag d = DIAG_INIT;
	bool complete;
	static const char *const bad[] = {
		"",
		"hello, world",
		"<html><body>not valgrind</body></html>",
		"<?xml version=\"1.0\"?><valgrindoutput><protocolversion>3</protocolversion>"
		"<protocoltool>helgrind</protocoltool></valgrindoutput>",
		"<?xml version=\"1.0\"?><valgrindoutput><protocolversion>4</protocolversion>"
		"<protocoltool>memcheck</protocoltool></valgrindoutput>",
		/* An error before the header says whose it is. */
		"<valgrindoutput><error><kind>Race</kind></error><protocolversion>4</protocolversion>"
		"<protocoltool>helgrind</protocoltool></valgrindoutput>",
		HEAD "</valgrindoutput><valgrindoutput></valgrindoutput>",
		HEAD "<error><kind>Race</kind></eror></valgrindoutput>",
		HEAD "<error><kind>Race</kind></error></valgrindoutput>trailing",
		/* An expansion bomb: no DOCTYPE is ever accepted. */
		"<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><valgrindoutput>&b;</valgrindoutput>",
		"<!DOCTYPE valgrindoutput SYSTEM \"/etc/passwd\"><valgrindoutput/>",
		"\xff\xfe<\0v\0",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(parse_str(bad[i], &l), RL_ERR_PARSE);
		assert_int_equal(l.nr, 0);
		diag_clear(&d);
		assert_int_equal(helgrind_parse_xml_partial(bad[i], strlen(bad[i]), NULL, &l,
							    &complete, &d), RL_ERR_PARSE);
		assert_int_not_equal(d.msg[0], '\0');
	}
	assert_int_equal(helgrind_parse_xml(NULL, 0, NULL, &l, &d), RL_ERR_PARSE);
	assert_int_equal(l.nr, 0);
}

static void test_hostile_content(void **state)
{
	struct finding_list l = FINDING_LIST_INIT;
	char *deep;
	size_t n = 0;

	(void)state;
	/* Control characters in names cannot forge report lines; absurd numbers are ignored. */
	assert_int_equal(parse_str(HEAD "<error><kind>UnlockUnlocked</kind><xwhat><text>Thread #1"
				   "&#10;x.c:1: forged</text><hthreadid>99999999999</hthreadid>"
				   "</xwhat><stack><frame><fn>f&#10;g</fn><file>a&#13;b.c</file>"
				   "<line>-5</line></frame></stack></error></valgrindoutput>", &l),
			 RL_ERR_OK);
	assert_int_equal(l.nr, 1);
	assert_null(strchr(l.items[0].message, '\n'));
	assert_string_equal(l.items[0].locs[0].file, "a?b.c");
	assert_string_equal(l.items[0].locs[0].function, "f?g");
	assert_int_equal(l.items[0].locs[0].line, 0);
	assert_null(l.items[0].locs[0].thread);
	finding_list_release(&l);
	/* An unknown kind and an empty error are nothing to report, and no failure. */
	assert_int_equal(parse_str(HEAD "<error><kind>FutureKind</kind></error><error/>"
				   "</valgrindoutput>", &l), RL_ERR_OK);
	assert_int_equal(l.nr, 0);
	/* Nesting past any real document's depth. */
	deep = malloc(100000);
	assert_non_null(deep);
	n += (size_t)sprintf(deep, "%s", HEAD);
	for (int i = 0; i < 5000; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	deep[n] = '\0';
	assert_int_equal(parse_str(deep, &l), RL_ERR_PARSE);
	free(deep);
	assert_int_equal(l.nr, 0);
}

/* Every prefix and many corruptions of a real document: never a crash, never a made-up finding. */
static void test_truncations_and_mutations(void **state)
{
	size_t len;
	char *xml = load("lockorder.xml", &len);
	char *buf = malloc(len + 1);
	unsigned seed = 12345;

	(void)state;
	assert_non_null(buf);
	for (size_t cut = 0; cut < len; cut += 7) {
		struct finding_list l = FINDING_LIST_INIT;
		struct diag d = DIAG_INIT;
		bool complete = true;
		enum rl_err e;

		e = helgrind_parse_xml(xml, cut, NULL, &l, &d);
		/* Only the whole document (give or take its final newline) is accepted as such. */
		if (e == RL_ERR_OK)
			assert_true(cut + 2 >= len);
		assert_int_equal(l.nr, e == RL_ERR_OK ? 1 : 0);
		finding_list_release(&l);
		e = helgrind_parse_xml_partial(xml, cut, NULL, &l, &complete, &d);
		assert_true(e == RL_ERR_OK || e == RL_ERR_PARSE);
		assert_true(l.nr <= 1);
		for (size_t i = 0; i < l.nr; i++)
			assert_int_equal(l.items[i].kind, FK_LOCK_ORDER);
		finding_list_release(&l);
	}
	for (int round = 0; round < 300; round++) {
		struct finding_list l = FINDING_LIST_INIT;
		struct diag d = DIAG_INIT;
		bool complete;

		memcpy(buf, xml, len);
		for (int k = 0; k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] = (char)(seed >> 20);
		}
		helgrind_parse_xml(buf, len, NULL, &l, &d);
		helgrind_parse_xml_partial(buf, len, NULL, &l, &complete, &d);
		helgrind_xml_has_relock(buf, len);
		finding_list_release(&l);
	}
	free(buf);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_race),
		cmocka_unit_test(test_lock_order),
		cmocka_unit_test(test_relock_cut_short),
		cmocka_unit_test(test_unlock_errors),
		cmocka_unit_test(test_destroy_locked),
		cmocka_unit_test(test_thread_exit_holding_lock),
		cmocka_unit_test(test_helgrind_false_alarms_raw),
		cmocka_unit_test(test_condvar),
		cmocka_unit_test(test_openmp),
		cmocka_unit_test(test_openmp_refused_live),
		cmocka_unit_test(test_doc_pid),
		cmocka_unit_test(test_forked_child_live),
		cmocka_unit_test(test_unwrapped_waits_live),
		cmocka_unit_test(test_gated_inversion),
		cmocka_unit_test(test_sources_filter),
		cmocka_unit_test(test_granted_while_held),
		cmocka_unit_test(test_rejects_bad_documents),
		cmocka_unit_test(test_hostile_content),
		cmocka_unit_test(test_truncations_and_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
