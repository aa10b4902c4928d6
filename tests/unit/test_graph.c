/* The graph model, its DOT text (escaping above all) and rendering with Graphviz's dot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "graph/graph.h"
#include "model/util.h"

static void test_escape(void **state)
{
	char *e;

	(void)state;
	e = graph_escape("a\"b\\c\nd");
	assert_string_equal(e, "a\\\"b\\\\c\\nd");
	free(e);
	/* DOT's own escapes must not be triggered by text: \N would print the node name. */
	e = graph_escape("\\N\\G");
	assert_string_equal(e, "\\\\N\\\\G");
	free(e);
	e = graph_escape("tab\there\x01");
	assert_string_equal(e, "tab here ");
	free(e);
	e = graph_escape("");
	assert_string_equal(e, "");
	free(e);
}

static void test_nodes_dedupe(void **state)
{
	struct graph g = GRAPH_INIT;
	size_t a, b, c;

	(void)state;
	assert_int_equal(graph_node_add(&g, "T1", "T1", GRAPH_ELLIPSE, 0, &a), RL_ERR_OK);
	assert_int_equal(graph_node_add(&g, "L1", "mutex\nm", GRAPH_BOX, 0, &b), RL_ERR_OK);
	assert_int_equal(graph_node_add(&g, "T1", "ignored", GRAPH_BOX, GRAPH_RED, &c), RL_ERR_OK);
	assert_int_equal(a, c);
	assert_int_not_equal(a, b);
	assert_int_equal(g.nnodes, 2);
	assert_string_equal(g.nodes[a].label, "T1");
	assert_int_equal(g.nodes[a].shape, GRAPH_ELLIPSE);
	assert_true(g.nodes[a].style & GRAPH_RED);
	assert_int_equal(graph_edge_add(&g, a, 7, "x", 0), RL_ERR_INTERNAL);
	assert_int_equal(g.nedges, 0);
	graph_release(&g);
	graph_release(&g); /* releasing twice is harmless */
}

static void build(struct graph *g)
{
	size_t t1, t2, a, b;

	assert_int_equal(graph_set_title(g, "deadlock: \"the\" cycle {red}"), RL_ERR_OK);
	assert_int_equal(graph_node_add(g, "thread 1", "T1", GRAPH_ELLIPSE, GRAPH_RED, &t1), 0);
	assert_int_equal(graph_node_add(g, "thread 2", "T2\n(exited)", GRAPH_ELLIPSE,
					GRAPH_DASHED | GRAPH_GREY, &t2), 0);
	assert_int_equal(graph_node_add(g, "L1", "mutex\n`lock_a`", GRAPH_BOX, 0, &a), 0);
	assert_int_equal(graph_node_add(g, "L2", "mutex\n\"b\" -> {c}; ]", GRAPH_BOX, 0, &b), 0);
	assert_int_equal(graph_edge_add(g, t1, b, "waits for\nbank.c:14", GRAPH_RED), 0);
	assert_int_equal(graph_edge_add(g, a, t1, "held by\nT1 (bank.c:12)", 0), 0);
	assert_int_equal(graph_edge_add(g, t2, a, NULL, GRAPH_DASHED), 0);
}

static void test_dot_text(void **state)
{
	struct graph g = GRAPH_INIT;
	char *dot;

	(void)state;
	build(&g);
	assert_int_equal(graph_to_dot(&g, &dot), RL_ERR_OK);
	assert_non_null(strstr(dot, "digraph racelab {"));
	assert_non_null(strstr(dot, "label=\"deadlock: \\\"the\\\" cycle {red}\""));
	assert_non_null(strstr(dot, "n0 [label=\"T1\", shape=ellipse, color=\"#d62728\""));
	assert_non_null(strstr(dot, "n1 [label=\"T2\\n(exited)\", shape=ellipse"));
	assert_non_null(strstr(dot, "style=dashed"));
	assert_non_null(strstr(dot, "n2 [label=\"mutex\\n`lock_a`\", shape=box"));
	assert_non_null(strstr(dot, "label=\"mutex\\n\\\"b\\\" -> {c}; ]\""));
	assert_non_null(strstr(dot, "n0 -> n3 [label=\"waits for\\nbank.c:14\", color=\"#d62728\""));
	assert_non_null(strstr(dot, "n2 -> n0 [label=\"held by\\nT1 (bank.c:12)\"]"));
	assert_non_null(strstr(dot, "n1 -> n2 [label=\"\", style=dashed]"));
	assert_int_equal(dot[strlen(dot) - 2], '}');
	free(dot);
	graph_release(&g);
}

static void test_render(void **state)
{
	char dir[] = "/tmp/test_graph.XXXXXX", base[128], path2[160];
	struct graph g = GRAPH_INIT;
	struct diag d = DIAG_INIT;
	bool rendered;
	char *path = NULL, *svg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	build(&g);
	snprintf(base, sizeof(base), "%s/ex.deadlock", dir);
	assert_int_equal(graph_render(&g, base, &path, &rendered, &d), RL_ERR_OK);
	assert_non_null(path);
	snprintf(path2, sizeof(path2), "%s.dot", base);
	assert_int_equal(access(path2, R_OK), 0);
	if (rendered) {
		/* dot accepted every escaped label: the escaping is right, not just plausible. */
		snprintf(path2, sizeof(path2), "%s.svg", base);
		assert_string_equal(path, path2);
		svg = read_file_capped(path, 1 << 20, NULL);
		assert_non_null(svg);
		assert_non_null(strstr(svg, "<svg"));
		assert_non_null(strstr(svg, "lock_a"));
		assert_non_null(strstr(svg, "#d62728"));
		free(svg);
		unlink(path);
	} else {
		print_message("dot unavailable: %s\n", d.msg);
		assert_string_equal(path, path2);
	}
	free(path);
	snprintf(path2, sizeof(path2), "%s.dot", base);
	unlink(path2);
	/* A directory that does not exist: the .dot cannot be written. */
	snprintf(base, sizeof(base), "%s/missing/ex", dir);
	assert_int_equal(graph_render(&g, base, &path, &rendered, &d), RL_ERR_IO);
	assert_null(path);
	assert_false(rendered);
	graph_release(&g);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_nodes_dedupe),
		cmocka_unit_test(test_dot_text),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
