/* Internals shared by spawn.c (the grader side), spawn_child.c (after fork) and spawn_cgroup.c. */
#ifndef RACELAB_SPAWN_INT_H
#define RACELAB_SPAWN_INT_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "spawn.h"

/*
 * Everything the keeper and the program need, prepared by the grader before the fork, because
 * after it only async-signal-safe calls are allowed (no malloc, no stdio, no locks).
 */
struct spawn_plan {
	const char *path;      /* resolved executable */
	char *const *argv;
	char *const *envp;
	const char *cwd;       /* NULL: inherit */
	int in_fd, out_fd, err_fd; /* what becomes the program's 0, 1, 2 */
	int report_fd;         /* write end of the report pipe (close-on-exec) */
	int control_fd;        /* read end of the control pipe: a byte or EOF means "kill now" */
	int nlimits;
	int limit_res[8];
	struct rlimit limit_val[8];
	int clone_flags;       /* namespaces to create for the keeper (0: none) */
	bool userns;           /* CLONE_NEWUSER is among them: the keeper writes its id maps */
	char uid_map[48], gid_map[48];
	const char *cgroup_procs; /* "<cgroup>/cgroup.procs" to join, or NULL */
	bool drop_caps;        /* empty the program's capability bounding set (isolated runs) */
	/*
	 * path is bwrap (sandbox_view.c): the program makes seccomp_fd its SANDBOX_SECCOMP_FD, and
	 * the keeper reads bwrap's exit code 128 + N as a death by signal N (bwrap reports it so).
	 */
	bool view;
	int seccomp_fd;
};

enum spawn_msg_type {
	SPAWN_MSG_READY = 1,   /* the keeper set up its layers (always its first message) */
	SPAWN_MSG_SETUP_FAILED,/* the keeper could not set up its namespaces: try the next mode */
	SPAWN_MSG_STARTED,     /* the keeper forked the program: pid (in the keeper's namespace) */
	SPAWN_MSG_EXEC_FAILED, /* the program failed before or at execve: stage, err */
	SPAWN_MSG_DONE,        /* everything is dead: status, ru of all reaped descendants */
};

enum spawn_stage {
	SPAWN_STAGE_FORK = 1, SPAWN_STAGE_FDS, SPAWN_STAGE_CHDIR, SPAWN_STAGE_RLIMIT,
	SPAWN_STAGE_EXEC, SPAWN_STAGE_USERNS,
};

/* One message on the report pipe; smaller than PIPE_BUF, so each write is atomic. */
struct spawn_msg {
	int type;
	int stage;
	int err;
	int status;       /* wait status of the program (DONE) */
	pid_t pid;
	unsigned layers;
	struct rusage ru;
};

/* spawn_run() with the view forced on (true) or off: sandbox_view.c's probe needs both. */
enum rl_err spawn_run_internal(const struct spawn_opts *o, bool view, struct spawn_result *r,
			       struct diag *d);

/* The keeper: runs in the freshly cloned child, never returns. Async-signal-safe only. */
void spawn_keeper_main(const struct spawn_plan *p) __attribute__((noreturn));

/* A fork() that takes namespace flags and skips glibc's atfork machinery (see spawn_child.c). */
pid_t spawn_raw_clone(int flags);

/* pids cgroup for one run (spawn_cgroup.c). All best effort: failure leaves path empty. */
struct spawn_cgroup {
	char path[320];   /* the cgroup directory, "" if none */
	char procs[352];  /* path/cgroup.procs */
};
void spawn_cgroup_create(struct spawn_cgroup *cg, unsigned long pids_max);
/* Kills every process left in the cgroup and removes it; returns how many it had to kill. */
int spawn_cgroup_destroy(struct spawn_cgroup *cg);

#endif
