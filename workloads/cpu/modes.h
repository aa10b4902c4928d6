/* The ways the CPU workload runs the prime count: each returns the count of primes below `limit`
 * computed by `workers` workers, so that main can check it against the serial answer. */
#ifndef CPU_MODES_H
#define CPU_MODES_H

/* POSIX threads sharing the address space; each returns its share through its own slot. */
unsigned long long cpu_run_threads(unsigned long limit, unsigned workers);

/* Forked processes: nothing is shared, so each child writes its share into a pipe. */
unsigned long long cpu_run_processes(unsigned long limit, unsigned workers);

/* Threads that must hold the toy GIL to compute, giving it up at each switch interval as CPython
 * does. Correct, and no faster than one thread: the lock lets one of them run at a time. */
unsigned long long cpu_run_gil(unsigned long limit, unsigned workers);

/* An OpenMP parallel loop with a reduction: the compiler writes the threads for us. */
unsigned long long cpu_run_openmp(unsigned long limit, unsigned workers);

#endif
