/* racelab's front door: a git-style table of subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "list", cmd_list, "list the exercises in order, with their status if checked" },
	{ "check", cmd_check, "check exercises (all, or the ones named) and report findings" },
	{ "run", cmd_run, "build an exercise and run it once, plainly, with its output" },
	{ "hint", cmd_hint, "show the next hint for an exercise" },
	{ "watch", cmd_watch, "re-check an exercise every time one of its files is saved" },
	{ "analyze", cmd_analyze, "check any C program with every detector, no manifest needed" },
	{ "grade", cmd_grade, "grade a class of submissions (instructors, CI autograding)" },
	{ "selftest", cmd_selftest, "prove the course: exercises fail as expected, solutions pass" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: racelab <command> [options] [args]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`racelab <command> --help` tells more. Exit status: 0 pass, 1 findings, "
		     "2 usage or manifest error, 3 internal error or missing tool.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("racelab %s\n", RACELAB_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "racelab: '%s' is not a command; see `racelab --help`\n", argv[1]);
	return 2;
}
