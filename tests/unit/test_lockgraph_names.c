/*
 * Names of locks inside global arrays and structs, read from the DWARF types of a program built
 * here with -g: `tools[1]`, `accounts[3].lock`, `grid[1][2]`, and plain globals left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/lockgraph/lockgraph.h"

static const char prog[] =
	"#include <pthread.h>\n"
	"struct account { long balance; pthread_mutex_t lock; };\n"
	"pthread_mutex_t tools[3];\n"
	"struct account accounts[5];\n"
	"pthread_mutex_t grid[2][3];\n"
	"struct { int n; struct { char tag; pthread_cond_t ready; } inner; } box;\n"
	"pthread_mutex_t single;\n"
	"int main(void) { return (int)accounts[0].balance + box.n; }\n";

static char dir[64], bin[128];

static int setup(void **state)
{
	char src[128], cmd[512];
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/rl-names-%d", (int)getpid());
	snprintf(src, sizeof(src), "%s/p.c", dir);
	snprintf(bin, sizeof(bin), "%s/p", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && cc -g -O0 -o %s %s -pthread", dir, bin, src);
	snprintf(src, sizeof(src), "mkdir -p %s", dir);
	if (system(src) != 0)
		return -1;
	snprintf(src, sizeof(src), "%s/p.c", dir);
	fp = fopen(src, "w");
	if (!fp)
		return -1;
	fputs(prog, fp);
	fclose(fp);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static uint64_t sym(const struct lg_symbols *s, const char *name)
{
	for (size_t i = 0; i < s->ndata; i++)
		if (!strcmp(s->data[i].name, name))
			return s->data[i].addr;
	fail_msg("no symbol %s", name);
	return 0;
}

/* The name the symbols give an object at sym(var) + off. */
static void expect_name(const char *var, uint64_t off, const char *want)
{
	struct lg_trace t = LG_TRACE_INIT;
	struct lg_symbols s = LG_SYMBOLS_INIT;
	struct lg_obj_rec obj = { .id = 1, .in_exe = true };
	struct diag d = DIAG_INIT;
	const char *got = NULL;

	/* First the symbol table alone (no objects), then the object where the variable lies. */
	assert_int_equal(lg_symbols_load(&s, &t, bin, dir, &d), RL_ERR_OK);
	obj.addr = sym(&s, var) + off;
	lg_symbols_release(&s);
	t.objs = &obj;
	t.nobjs = 1;
	assert_int_equal(lg_symbols_load(&s, &t, bin, dir, &d), RL_ERR_OK);
	for (size_t i = 0; i < s.nnames; i++)
		if (s.names[i].addr == obj.addr)
			got = s.names[i].name;
	if (!want)
		assert_null(got);
	else if (!got || strcmp(got, want))
		fail_msg("%s+%llu: got %s, want %s", var, (unsigned long long)off, got ? got : "(none)",
			 want);
	lg_symbols_release(&s);
}

static void test_array_elements(void **state)
{
	size_t m = 40; /* sizeof(pthread_mutex_t) on x86-64 glibc */

	(void)state;
	expect_name("tools", 0, "tools[0]");
	expect_name("tools", m, "tools[1]");
	expect_name("tools", 2 * m, "tools[2]");
	expect_name("grid", (1 * 3 + 2) * m, "grid[1][2]");
}

static void test_struct_members(void **state)
{
	(void)state;
	/* struct account is 48 bytes: a long, then the mutex at 8. */
	expect_name("accounts", 3 * 48 + 8, "accounts[3].lock");
	expect_name("box", 16, "box.inner.ready"); /* inner at 8, ready after its char */
}

static void test_plain_global_unchanged(void **state)
{
	(void)state;
	expect_name("single", 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_elements),
		cmocka_unit_test(test_struct_members),
		cmocka_unit_test(test_plain_global_unchanged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
