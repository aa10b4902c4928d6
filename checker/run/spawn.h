/* Running untrusted programs: one options struct, a sandboxed child, a timeout that kills the group. */
#ifndef RACELAB_SPAWN_H
#define RACELAB_SPAWN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/error.h"

/* Resource limits applied in the child with setrlimit(); 0 means "leave the default". */
struct spawn_limits {
	unsigned long cpu_seconds;   /* RLIMIT_CPU */
	unsigned long address_space; /* RLIMIT_AS, bytes; must be 0 for TSan (it maps terabytes) */
	unsigned long processes;     /* RLIMIT_NPROC (counted per user; see spawn.c for the caveat) */
	unsigned long file_size;     /* RLIMIT_FSIZE, bytes */
	unsigned long open_files;    /* RLIMIT_NOFILE */
	/* Core dumps are always disabled (RLIMIT_CORE = 0). */
};

struct spawn_opts {
	const char *const *argv;  /* argv[0] is looked up in PATH when it has no '/' */
	/*
	 * The child's environment is scrubbed: only PATH, HOME=cwd, LANG=C, TMPDIR and TERM=dumb,
	 * plus every "NAME=value" in env (NULL-terminated, may be NULL). Nothing else leaks in.
	 */
	const char *const *env;
	const char *cwd;          /* NULL: inherit */
	const char *stdin_path;   /* NULL: /dev/null */
	const char *stdout_path;  /* NULL: /dev/null; created 0600, truncated */
	const char *stderr_path;  /* NULL: /dev/null; may equal stdout_path (then both share it) */
	/*
	 * Bytes kept of stdout and of stderr each (of the pair when they share a file); 0: 1 MiB.
	 * The rest is drained and dropped (output_truncated); past 64 x output_cap dropped, the run
	 * is killed (reason "output-limit", limit_hit).
	 */
	size_t output_cap;
	int timeout_ms;           /* wall clock; <= 0: no timeout */
	/*
	 * May be NULL. Another thread may store an absolute now_ms() time here while the run is
	 * under way (0: none); the run then ends at that time as at its timeout, timed_out set. It is
	 * how a check stops runs that a finding elsewhere has made pointless (pipeline.c).
	 */
	atomic_long *deadline_cap;
	struct spawn_limits limits;
	/*
	 * Try PID/mount/network/IPC/UTS namespaces (as non-root inside a user namespace), a pids
	 * cgroup with pids.max = limits.processes, and no capabilities for the program; falls
	 * back silently layer by layer (result.layers says what held).
	 */
	bool isolate;
	/*
	 * The filesystem (sandbox_view.h): every run with a cwd sees the system read-only, its cwd
	 * read-write (a workspace's work/ with its tool directories, bin/ read-only), a private
	 * /tmp, its executable, and these, as a non-root uid with no capabilities; a run without a
	 * cwd is one of the checker's own helpers (dot, addr2line) and sees everything. Where no
	 * view can be built (sandbox_view_unavailable() says why) runs see everything too.
	 */
	const char *const *view_ro; /* more files visible read-only (suppressions, a preload) */
	const char *const *view_rw; /* more directories visible read-write (a build's output) */
};

/* How a run ended. status follows the shell: exit code, or 128 + signal for a death by signal. */
struct spawn_result {
	int status;
	bool exited;          /* normal exit */
	int term_signal;      /* signal that killed it, 0 if none (set also when we killed it) */
	bool timed_out;       /* we killed it at the wall-clock timeout */
	bool output_truncated;/* stdout or stderr went past output_cap */
	bool limit_hit;       /* a resource limit ended it (SIGXCPU, SIGXFSZ, ...) */
	long wall_ms;
	long cpu_ms;          /* user + system time of the child and its reaped descendants */
	/*
	 * Added for the hardened sandbox (additive; zero/NULL-initialised structs stay valid):
	 * reason is a static string saying why the run ended: "exit", "crash" (a signal it did not
	 * get from us), "timeout", "resource-limit" (SIGXCPU, SIGXFSZ, CPU hard limit),
	 * "output-limit" (it flooded stdout/stderr far past output_cap and we killed it), or
	 * "killed" (the sandbox lost track of it and killed it). layers is the set of
	 * SPAWN_LAYER_* that were actually in force for this run.
	 */
	const char *reason;
	unsigned layers;
	/*
	 * Added for telling a busy run from a blocked one (additive): for a run killed at its
	 * timeout, the CPU time its processes used (busy_cpu_ms) in the last busy_window_ms before
	 * the kill, read from /proc (proc_cpu.h); busy_window_ms is 0 when it was not measured.
	 */
	long busy_window_ms, busy_cpu_ms;
};

/* Isolation layers, reported in spawn_result.layers (see the comment at the top of spawn.c). */
enum spawn_layer {
	SPAWN_LAYER_PGROUP = 1 << 0,    /* own session and process group, killed as a whole */
	SPAWN_LAYER_KEEPER = 1 << 1,    /* an intermediate process stands between us and it */
	SPAWN_LAYER_SUBREAPER = 1 << 2, /* the keeper adopts orphans and sweeps them at the end */
	SPAWN_LAYER_PIDNS = 1 << 3,     /* new PID namespace (keeper is its init) */
	SPAWN_LAYER_USERNS = 1 << 4,    /* new user namespace (the non-root way to get the others) */
	SPAWN_LAYER_NETNS = 1 << 5,     /* new network namespace (loopback only) */
	SPAWN_LAYER_MOUNTNS = 1 << 6,   /* new mount namespace with its own /proc */
	SPAWN_LAYER_IPCNS = 1 << 7,     /* new IPC and UTS namespaces */
	SPAWN_LAYER_CGROUP = 1 << 8,    /* own pids cgroup: pids.max and a final sweep */
	SPAWN_LAYER_VIEW = 1 << 9,      /* own filesystem view, non-root uid, seccomp (bwrap) */
};

/* Writes the names of the layers in mask, comma-separated ("pgroup,keeper,pidns"). */
void spawn_layers_describe(unsigned mask, char *buf, size_t len);

/*
 * Runs to completion. Returns RL_ERR_OK when the program ran (whatever its status), an error
 * with d set when it could not be started (exec failure travels back over a close-on-exec pipe;
 * r then says status 127), or RL_ERR_IO when its output could not be saved. r is always filled.
 * Every process of the run's group (and namespace, when isolated) is dead when this returns.
 * Thread-safe: may be called from several harness threads at once.
 */
enum rl_err spawn_run(const struct spawn_opts *o, struct spawn_result *r, struct diag *d);

/* A readable one-line description of how the run ended ("exit 1", "killed by SIGSEGV", ...). */
void spawn_result_describe(const struct spawn_result *r, char *buf, size_t len);

#endif
