/* Shared helpers of the reference workloads: a monotonic clock, checked pthread calls, list parsing
 * and the one line format the bench driver reads. */
#ifndef WL_H
#define WL_H

#include <stdbool.h>
#include <stddef.h>

/* Every pthread call is checked, and the check survives NDEBUG: a workload that silently lost a
 * thread would report a speedup it never had. The call's error number is printed, then we abort. */
#define WL_CHECK_PT(call)                                                                         \
    do {                                                                                          \
        int wl_rc_ = (call);                                                                      \
        if (wl_rc_ != 0)                                                                          \
            wl_die_errno(wl_rc_, #call, __FILE__, __LINE__);                                      \
    } while (0)

/* The same for calls that return -1 and set errno (fork, pipe, socket, ...). */
#define WL_CHECK_SYS(call)                                                                        \
    do {                                                                                          \
        if ((call) == -1)                                                                         \
            wl_die_errno(errno, #call, __FILE__, __LINE__);                                       \
    } while (0)

#ifdef __cplusplus
extern "C" {
#endif

/* Most lists in the workloads are short: worker counts 1,2,4 or mode names. */
#define WL_MAX_LIST 16

/* Seconds on CLOCK_MONOTONIC, as a double: good to about a microsecond, which is plenty for runs
 * of milliseconds and more. */
double wl_now(void);

/* Print "wl: CALL failed at FILE:LINE: strerror(err)" and abort. Workloads are programs, not
 * library code: dying loudly is the right answer to a broken primitive. */
void wl_die_errno(int err, const char *what, const char *file, int line)
    __attribute__((noreturn));

/* Print "wl: MESSAGE" and exit with status 1: the run failed (a wrong answer, a child that died,
 * no memory). */
void wl_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Print "wl: MESSAGE" and exit with status 2: the command line asked for something that does not
 * exist. Kept apart from wl_fail so that a test expecting a wrong answer (status 1) cannot be
 * satisfied by a typo in its own arguments. */
void wl_usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Parse "1,2,4" into at most WL_MAX_LIST positive integers; returns the count or dies. */
size_t wl_parse_ints(const char *text, long *out);

/* Split "serial,threads" in place into at most WL_MAX_LIST words; returns the count. */
size_t wl_split_words(char *text, char **out);

/* CPU seconds (user + system) used so far by this process's threads and by the children it has
 * waited for. Its change over a run divided by the run's wall time is how many cores the run kept
 * busy: about the worker count for CPU-bound work on an idle machine, less when other programs
 * compete for the cores, and near zero for work that waits. */
double wl_cpu_time(void);

/* Sleep for a number of seconds (fractions allowed), resuming after signals. */
void wl_sleep(double seconds);

/* The result line the bench driver parses, one per timed run:
 *   RESULT <workload> <mode> <workers> <rep> <seconds> <answer> <ok|WRONG> <cpu-seconds|->
 * and a progress line on stderr, so that a person watching sees work advance. cpu_seconds is the
 * change of wl_cpu_time() over the run, or negative where it means nothing (GPU kernels). */
void wl_result(const char *workload, const char *mode, long workers, int rep, double seconds,
               unsigned long long answer, bool ok, double cpu_seconds);

#ifdef __cplusplus
}
#endif

#endif
