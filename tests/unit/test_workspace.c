/* The private copy: exercise files copied, only editable files overlaid, the rest named. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/manifest.h"
#include "model/util.h"
#include "run/workspace.h"

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *slurp(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return read_file_capped(path, 1 << 20, NULL);
}

static void test_overlay_only_editable(void **state)
{
	struct manifest m;
	struct workspace ws;
	struct diag d = DIAG_INIT;
	char overlay[] = "/tmp/rl-overlay-XXXXXX", note[512], link[PATH_MAX];
	char *text, *base;

	(void)state;
	assert_int_equal(manifest_load(&m, FIXTURES_DIR "/manifests/good", &d), RL_ERR_OK);
	assert_non_null(mkdtemp(overlay));
	write_file(overlay, "prog.c", "int main(void){return 7;}\n");
	/* A student who also edits the manifest to make the check pass: ignored and named. */
	write_file(overlay, "exercise.ini", "[exercise]\ntitle = hacked\n");
	snprintf(link, sizeof(link), "%s/evil.c", overlay);
	assert_int_equal(symlink("/etc/passwd", link), 0);

	assert_int_equal(workspace_create(&ws, &d), RL_ERR_OK);
	assert_int_equal(workspace_populate(&ws, &m, "/nonexistent", overlay, note, sizeof(note), &d),
			 RL_ERR_OK);
	text = slurp(ws.work, "prog.c");
	assert_string_equal(text, "int main(void){return 7;}\n");
	free(text);
	text = slurp(ws.work, "exercise.ini");
	assert_non_null(strstr(text, "A good manifest"));
	free(text);
	assert_non_null(strstr(note, "ignored exercise.ini"));
	assert_non_null(strstr(note, "ignored evil.c"));
	text = slurp(ws.work, "evil.c");
	assert_null(text);
	/* The tool directory is private and separate from the program's directory. */
	assert_null(strstr(ws.tools, "work"));
	base = strdup(ws.base);
	workspace_remove(&ws);
	assert_int_not_equal(access(base, F_OK), 0);
	free(base);
	unlink(link);
	write_file(overlay, "x", "");
	{
		char p[PATH_MAX];

		snprintf(p, sizeof(p), "%s/prog.c", overlay);
		unlink(p);
		snprintf(p, sizeof(p), "%s/exercise.ini", overlay);
		unlink(p);
		snprintf(p, sizeof(p), "%s/x", overlay);
		unlink(p);
	}
	rmdir(overlay);
	manifest_release(&m);
}

static void test_missing_editable_noted(void **state)
{
	struct manifest m;
	struct workspace ws;
	struct diag d = DIAG_INIT;
	char overlay[] = "/tmp/rl-overlay-XXXXXX", note[512];

	(void)state;
	assert_int_equal(manifest_load(&m, FIXTURES_DIR "/manifests/good", &d), RL_ERR_OK);
	assert_non_null(mkdtemp(overlay));
	assert_int_equal(workspace_create(&ws, &d), RL_ERR_OK);
	assert_int_equal(workspace_populate(&ws, &m, "/nonexistent", overlay, note, sizeof(note), &d),
			 RL_ERR_OK);
	assert_non_null(strstr(note, "missing prog.c"));
	workspace_remove(&ws);
	rmdir(overlay);
	manifest_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlay_only_editable),
		cmocka_unit_test(test_missing_editable_noted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
