/* The racelab subcommands: each file cmd_NAME.c owns its options and usage text. */
#ifndef RACELAB_COMMANDS_H
#define RACELAB_COMMANDS_H

/* Each returns the process exit status: 0 pass, 1 fail/findings, 2 usage, 3 internal/missing tool. */
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_hint(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif
