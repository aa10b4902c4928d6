/* Shared helpers of the reference workloads (see wl.h). */
#include "wl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

double wl_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        wl_die_errno(errno, "clock_gettime", __FILE__, __LINE__);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void wl_die_errno(int err, const char *what, const char *file, int line)
{
    fprintf(stderr, "wl: %s failed at %s:%d: %s\n", what, file, line, strerror(err));
    abort();
}

static void wl_vsay(const char *fmt, va_list ap)
{
    fputs("wl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void wl_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    wl_vsay(fmt, ap);
    va_end(ap);
    exit(1);
}

void wl_usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    wl_vsay(fmt, ap);
    va_end(ap);
    exit(2);
}

size_t wl_parse_ints(const char *text, long *out)
{
    size_t n = 0;
    const char *p = text;

    while (*p != '\0') {
        char *end;
        long v;

        errno = 0;
        v = strtol(p, &end, 10);
        if (end == p || errno != 0 || v <= 0 || (*end != ',' && *end != '\0'))
            wl_usage_error("bad number list '%s' (want positive integers like 1,2,4)", text);
        if (n == WL_MAX_LIST)
            wl_usage_error("too many numbers in '%s' (at most %d)", text, WL_MAX_LIST);
        out[n++] = v;
        p = *end == ',' ? end + 1 : end;
    }
    if (n == 0)
        wl_usage_error("empty number list");
    return n;
}

size_t wl_split_words(char *text, char **out)
{
    size_t n = 0;
    char *save = NULL;

    for (char *w = strtok_r(text, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
        if (n == WL_MAX_LIST)
            wl_usage_error("too many words in list (at most %d)", WL_MAX_LIST);
        out[n++] = w;
    }
    if (n == 0)
        wl_usage_error("empty word list");
    return n;
}

static double wl_tv(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

double wl_cpu_time(void)
{
    struct rusage self, children;

    if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &children) != 0)
        wl_die_errno(errno, "getrusage", __FILE__, __LINE__);
    return wl_tv(self.ru_utime) + wl_tv(self.ru_stime) + wl_tv(children.ru_utime) +
           wl_tv(children.ru_stime);
}

void wl_sleep(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void wl_result(const char *workload, const char *mode, long workers, int rep, double seconds,
               unsigned long long answer, bool ok, double cpu_seconds)
{
    char cores[32] = "";

    if (cpu_seconds >= 0) {
        printf("RESULT %s %s %ld %d %.6f %llu %s %.6f\n", workload, mode, workers, rep, seconds,
               answer, ok ? "ok" : "WRONG", cpu_seconds);
        snprintf(cores, sizeof(cores), "%5.2f cores", seconds > 0 ? cpu_seconds / seconds : 0);
    } else {
        printf("RESULT %s %s %ld %d %.6f %llu %s -\n", workload, mode, workers, rep, seconds,
               answer, ok ? "ok" : "WRONG");
    }
    fflush(stdout);
    /* Spawn costs are microseconds and GPU kernels less: scale the unit for the eye. */
    if (seconds < 0.01)
        fprintf(stderr, "  %-6s %-16s workers=%-3ld rep=%d  %9.1f us  %s  %s\n", workload, mode,
                workers, rep, seconds * 1e6, cores, ok ? "ok" : "WRONG ANSWER");
    else
        fprintf(stderr, "  %-6s %-16s workers=%-3ld rep=%d  %9.4f s   %s  %s\n", workload, mode,
                workers, rep, seconds, cores, ok ? "ok" : "WRONG ANSWER");
}
