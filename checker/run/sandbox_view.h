/* The filesystem a run sees: the one place that turns a run's needs into a bubblewrap command. */
#ifndef RACELAB_SANDBOX_VIEW_H
#define RACELAB_SANDBOX_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/error.h"

/* The descriptor number the seccomp filter has in the process that execs bwrap. */
#define SANDBOX_SECCOMP_FD 3

/* What one run needs to see. All paths absolute; the lists NULL-terminated, may be NULL. */
struct sandbox_view_spec {
	const char *cwd;             /* visible read-write (with its workspace, see below) */
	const char *exe;             /* the resolved program: visible read-only */
	const char *const *argv;     /* the program's arguments, argv[0] included */
	const char *preload;         /* LD_PRELOAD for the program alone (not bwrap), or NULL */
	const char *const *ro;       /* more files or directories visible read-only */
	const char *const *rw;       /* more directories visible read-write */
	bool devices;                /* GPU device nodes too (CUDA runs, which are not isolated) */
};

/*
 * The command that runs the program in its view: path is bwrap, argv its whole argument vector
 * (the program's at the end), seccomp_fd the read end of a pipe holding the filter, which the
 * child must make descriptor SANDBOX_SECCOMP_FD before exec (bwrap reads and closes it).
 */
struct sandbox_view {
	char *path;
	char **argv;
	size_t argc, cap;
	int seccomp_fd;
	uid_t uid;                   /* the uid the program runs as */
};
#define SANDBOX_VIEW_INIT { NULL, NULL, 0, 0, -1, 0 }

/*
 * NULL when runs get their view; otherwise a one-line reason why the filesystem is not isolated
 * ("bubblewrap (bwrap) is not installed: run `make deps`"). Probed once per process by running
 * a trivial program in a view; thread-safe. RACELAB_BWRAP in the environment names the bwrap
 * to use ("" or a missing path: none, which is how the tests and the cost measurement turn the
 * view off).
 */
const char *sandbox_view_unavailable(void);

/*
 * Appends "sandbox: filesystem not isolated: <why>" to *note (malloc'd, may be NULL; "; "
 * between) when runs get no view, so that every report of such a run says so. Leaves *note as
 * it was if memory runs out.
 */
void sandbox_view_note(char **note);

/*
 * Builds the command for one run. As root it also hands the run's writable directories to the
 * run's uid (chown): a workspace's own directories always, any other cwd only when it is a
 * private directory of ours (mode 0700). Errors: RL_ERR_NOMEM, RL_ERR_IO (a pipe, a chown).
 */
enum rl_err sandbox_view_build(const struct sandbox_view_spec *s, struct sandbox_view *v,
			       struct diag *d);

/* Frees what v owns and closes its descriptor; v is SANDBOX_VIEW_INIT after. */
void sandbox_view_release(struct sandbox_view *v);

/* Writes the seccomp filter (struct sock_filter[]) to fd; false on a write error. */
bool sandbox_view_write_filter(int fd);

#endif
