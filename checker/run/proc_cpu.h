/* The CPU time of a process tree, read from /proc while it still runs. */
#ifndef RACELAB_PROC_CPU_H
#define RACELAB_PROC_CPU_H

#include <sys/types.h>

#include "spawn.h"

/*
 * User + system time, in ms, of root and every process below it, all their threads included, as
 * /proc says now; -1 when /proc cannot be read. Why not the rusage of the reaped run: a run killed
 * at its timeout dies in its namespace without being waited for by its parent (bwrap, the keeper
 * as init), so its CPU time never reaches any rusage; it must be read before the kill.
 */
long proc_tree_cpu_ms(pid_t root);

/*
 * At a run's timeout (time t, ms): fills r's busy_window_ms and busy_cpu_ms from the sample
 * (cpu0 = proc_tree_cpu_ms(root) at time t0) taken a moment before; nothing when there is none.
 */
void proc_busy_end(struct spawn_result *r, pid_t root, long t0, long cpu0, long t);

#endif
