/* The ways the CPU workload runs the prime count: each returns the count of primes below
 * p->limit, computed by p->workers workers splitting the range as p->kind says, so that main can
 * check it against the serial answer. `p` is freshly initialised for each run. */
#ifndef CPU_MODES_H
#define CPU_MODES_H

#include "partition.h"

/* POSIX threads sharing the address space; each returns its share through its own slot, and in
 * dynamic mode they claim chunks from the one counter in `p`. */
unsigned long long cpu_run_threads(struct partition *p);

/* Forked processes: nothing is shared but what is mapped MAP_SHARED on purpose (a copy of `p`
 * with its chunk counter); each child writes its share into a pipe. */
unsigned long long cpu_run_processes(struct partition *p);

/* Threads that must hold the toy GIL to compute, giving it up at each switch interval as CPython
 * does. Correct, and no faster than one thread: the lock lets one of them run at a time. */
unsigned long long cpu_run_gil(struct partition *p);

/* An OpenMP parallel loop with a reduction, schedule(static) or schedule(dynamic, chunk) as
 * p->kind says: the compiler and libgomp write the threads and the counter for us. */
unsigned long long cpu_run_openmp(struct partition *p);

#endif
