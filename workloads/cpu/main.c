/* The CPU-bound workload: count primes serially and in every parallel mode, check each answer
 * against the serial one, and print one RESULT line per timed run for the bench driver. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gil.h"
#include "modes.h"
#include "primes.h"
#include "wl.h"

struct cpu_mode {
    const char *name;
    unsigned long long (*run)(struct partition *p);
    enum partition_kind kind;
};

/* Each parallel mode twice: dynamic (the way to do it) and static (the lesson in load
 * imbalance). The GIL mode needs no static twin: its threads take turns whatever the split. */
static const struct cpu_mode cpu_modes[] = {
    {"threads", cpu_run_threads, PARTITION_DYNAMIC},
    {"threads-static", cpu_run_threads, PARTITION_STATIC},
    {"processes", cpu_run_processes, PARTITION_DYNAMIC},
    {"processes-static", cpu_run_processes, PARTITION_STATIC},
    {"gil", cpu_run_gil, PARTITION_DYNAMIC},
    {"openmp", cpu_run_openmp, PARTITION_DYNAMIC},
    {"openmp-static", cpu_run_openmp, PARTITION_STATIC},
};

/* More workers than this is a typo, not an experiment (each thread reserves a stack). */
#define CPU_MAX_WORKERS 1024L

static void cpu_usage(FILE *to)
{
    fputs("usage: wl_cpu [--limit N] [--modes serial,threads,processes,gil,openmp,...]\n"
          "              [--workers 1,2,4] [--reps R] [--chunk C] [--interval-us US,...]\n"
          "              [--fault MODE]\n"
          "Counts the primes below N (default 4000000) in each mode and worker count, R rounds\n"
          "(default 3), checking every answer against the serial count. Each round starts with\n"
          "the serial run, whether asked for or not.\n"
          "Modes threads, processes and openmp split the numbers dynamically: a free worker\n"
          "claims the next C numbers (default 4096) from a shared counter. threads-static,\n"
          "processes-static and openmp-static give worker i of W the block [iN/W, (i+1)N/W).\n"
          "--interval-us lists the toy GIL's switch intervals to run the gil mode with\n"
          "(default 5000; others show as gil@USus).\n"
          "--fault MODE adds one to MODE's answer, to show that a wrong answer fails.\n",
          to);
}

static const struct cpu_mode *cpu_mode_find(const char *name)
{
    for (size_t i = 0; i < sizeof(cpu_modes) / sizeof(cpu_modes[0]); i++)
        if (strcmp(cpu_modes[i].name, name) == 0)
            return &cpu_modes[i];
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"limit", required_argument, NULL, 'n'},       {"modes", required_argument, NULL, 'm'},
        {"workers", required_argument, NULL, 'w'},     {"reps", required_argument, NULL, 'r'},
        {"interval-us", required_argument, NULL, 'i'}, {"fault", required_argument, NULL, 'F'},
        {"chunk", required_argument, NULL, 'c'},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char default_modes[] = "serial,threads,threads-static,processes,processes-static,gil,openmp,"
                           "openmp-static";
    char *modes_text = default_modes, *modes[WL_MAX_LIST];
    const char *fault = "";
    long workers[WL_MAX_LIST] = {1, 2, 4}, limit = 4000000, reps = 3;
    long chunk = (long)PARTITION_DEFAULT_CHUNK;
    long intervals[WL_MAX_LIST] = {GIL_DEFAULT_INTERVAL_US};
    size_t nworkers = 3, nintervals = 1, nmodes;
    unsigned long long expect = 0;
    int c, wrong = 0;

    while ((c = getopt_long(argc, argv, "n:m:w:r:i:c:h", opts, NULL)) != -1) {
        long one[WL_MAX_LIST];

        switch (c) {
        case 'n': wl_parse_ints(optarg, one); limit = one[0]; break;
        case 'm': modes_text = optarg; break;
        case 'w': nworkers = wl_parse_ints(optarg, workers); break;
        case 'r': wl_parse_ints(optarg, one); reps = one[0]; break;
        case 'i': nintervals = wl_parse_ints(optarg, intervals); break;
        case 'F': fault = optarg; break;
        case 'c': wl_parse_ints(optarg, one); chunk = one[0]; break;
        case 'h': cpu_usage(stdout); return 0;
        default: cpu_usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        cpu_usage(stderr);
        return 2;
    }
    for (size_t w = 0; w < nworkers; w++)
        if (workers[w] > CPU_MAX_WORKERS)
            wl_usage_error("at most %ld workers", CPU_MAX_WORKERS);
    nmodes = wl_split_words(modes_text, modes);
    for (size_t m = 0; m < nmodes; m++)
        if (strcmp(modes[m], "serial") != 0 && cpu_mode_find(modes[m]) == NULL)
            wl_usage_error("unknown mode '%s'", modes[m]);

    /* Repetitions are the outer loop: each round runs serial and then every mode once, so a
     * burst of load from elsewhere on the machine slows one run of each, not every run of one
     * mode. The serial run of the first round is the reference answer for all the others. */
    for (int r = 0; r < reps; r++) {
        double c0 = wl_cpu_time(), t0 = wl_now();
        unsigned long long got = primes_count_range(0, (unsigned long)limit);
        double dt = wl_now() - t0, cpu = wl_cpu_time() - c0;

        if (r == 0)
            expect = got;
        wl_result("cpu", "serial", 1, r, dt, got, got == expect, cpu);
        wrong += got != expect;
        for (size_t m = 0; m < nmodes; m++) {
            const struct cpu_mode *mode = cpu_mode_find(modes[m]);

            if (mode == NULL)
                continue; /* serial: done above */
            /* Only the gil mode has a switch interval; the others run once per worker count. */
            size_t nruns = mode->run == cpu_run_gil ? nintervals : 1;

            for (size_t i = 0; i < nruns; i++) {
                char label[32];

                snprintf(label, sizeof(label), "%s", mode->name);
                if (mode->run == cpu_run_gil) {
                    gil_set_interval(intervals[i]);
                    if (intervals[i] != GIL_DEFAULT_INTERVAL_US)
                        snprintf(label, sizeof(label), "gil@%ldus", intervals[i]);
                }
                for (size_t w = 0; w < nworkers; w++) {
                    struct partition part;

                    partition_init(&part, mode->kind, (unsigned long)limit, (unsigned)workers[w],
                                   (unsigned long)chunk);
                    c0 = wl_cpu_time();
                    t0 = wl_now();
                    got = mode->run(&part);
                    dt = wl_now() - t0;
                    cpu = wl_cpu_time() - c0;
                    /* --fault: a planted wrong answer, so a test can show the check works. */
                    got += strcmp(fault, mode->name) == 0;
                    wl_result("cpu", label, workers[w], r, dt, got, got == expect, cpu);
                    wrong += got != expect;
                }
            }
        }
    }
    if (wrong) {
        fprintf(stderr, "wl_cpu: %d run(s) gave a wrong answer (expected %llu primes)\n", wrong,
                expect);
        return 1;
    }
    return 0;
}
