/* fork() while another thread holds a lock, children seen blocked, and waitpid as a wait. */
#ifndef RACELAB_FORK_HELD_H
#define RACELAB_FORK_HELD_H

#include "lg.h"

#define LG_FORK_HELD 16 /* locks of other threads noted at one fork() */

/* What other threads held just before a fork(): checked again after it (lg_fork_after). */
struct lg_forkscan {
	int n;
	struct {
		int holder;
		struct lg_obj *obj;
		char mode;
		uint64_t since;
		unsigned long releases; /* the holder's unlock-like calls so far */
		struct lg_site site;
	} e[LG_FORK_HELD];
};

/* Before the real fork(): notes every lock another thread holds (a racy read, checked after). */
void lg_fork_before(const struct lg_thread *self, struct lg_forkscan *fs);
/*
 * In the parent after fork() made pid: a lock its holder still holds, taken at the same moment,
 * with no unlock by that thread since the scan, was held all through the fork, so the child has it locked with no thread to unlock it:
 * "forkheld" records, and the child is registered for the watchdog.
 */
void lg_fork_after(const struct lg_thread *self, pid_t pid, const struct lg_forkscan *fs,
		   const struct lg_site *fork_site);
/*
 * The watchdog's look at the children, every period: a child whose only thread sits in an
 * untimed futex wait is blocked for ever (no other thread of it can wake it); on a lock it
 * inherited locked, a "forkblock" record says so. A mutex the fork-time scan missed is found
 * then from the child's copy of it, whose owner field names the parent's thread that held it.
 */
void lg_children_check(void);
/* /proc helpers: "/proc/PID/WHAT" into buf (64 bytes); a small file's text; "Threads:". */
void lg_proc_path(char *buf, pid_t pid, const char *what);
bool lg_proc_read(const char *path, char *buf, size_t len);
int lg_proc_threads(pid_t pid);
/*
 * Reads len bytes at addr of a child's memory, through /proc/PID/mem: a child of ours, so the same
 * permission as /proc/PID/syscall (the sandbox's seccomp filter refuses process_vm_readv).
 */
bool lg_proc_mem_read(pid_t pid, uintptr_t addr, void *buf, size_t len);
/* /proc/PID/syscall: the call number and six arguments; false when it runs (or is gone). */
bool lg_proc_syscall(pid_t pid, unsigned long long v[7]);
/*
 * Whether pid sleeps ("S" in /proc/PID/stat). /proc/PID/syscall still shows a call its process was
 * woken from until it runs again, which on a loaded machine can take longer than two looks: a
 * reader whose pipe just got data is runnable ("R") inside read().
 */
bool lg_proc_sleeping(pid_t pid);
/* An untimed futex wait: a single-threaded process in it sleeps for ever. */
bool lg_futex_forever(const unsigned long long v[7]);
/* The pids of the children not reaped yet (at most max). */
int lg_kids_list(pid_t *out, int max);
/* A waitpid(pid) wait can never end: the child (any child for pid <= 0) is blocked for ever. */
bool lg_child_stuck(pid_t pid);

#endif
