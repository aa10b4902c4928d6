/* The I/O-bound workload: the learner's connectivity check against loopback servers that answer
 * after a delay, run serially, with threads, a watcher-fed pool, processes and an epoll loop.
 * Every run's answers are checked; one RESULT line per timed run goes to the bench driver. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes.h"
#include "proto.h"
#include "server.h"
#include "wl.h"

struct io_mode {
    const char *name;
    bool uses_workers; /* false: serial (always 1) and threads (always one per server) */
    struct io_tally (*run)(const struct io_run *run);
};

static struct io_tally io_run_pool_plain(const struct io_run *run)
{
    return io_run_pool(run, false);
}

static struct io_tally io_run_pool_gil(const struct io_run *run)
{
    return io_run_pool(run, true);
}

static const struct io_mode io_modes[] = {
    {"serial", false, io_run_serial},        {"threads", false, io_run_threads},
    {"pool", true, io_run_pool_plain},       {"processes", true, io_run_processes},
    {"epoll", true, io_run_epoll},           {"pool-gil", true, io_run_pool_gil},
};

static void io_usage(FILE *to)
{
    fputs("usage: wl_io [--servers N] [--delay-ms D] [--rounds C]\n"
          "             [--modes serial,threads,pool,processes,epoll,pool-gil]\n"
          "             [--workers 1,2,5,10] [--reps R] [--fault MODE]\n"
          "Starts N servers (default 20) on 127.0.0.1 that answer after D ms (default 20), then\n"
          "checks all of them in each mode, R rounds (default 3), with C rounds of compute per\n"
          "answer (default 50000, about 0.1 ms). --workers applies to pool, processes, epoll\n"
          "(connections in flight) and pool-gil; threads always uses one thread per server.\n"
          "--fault MODE corrupts MODE's answer, to show that a wrong answer fails.\n",
          to);
}

static const struct io_mode *io_mode_find(const char *name)
{
    for (size_t i = 0; i < sizeof(io_modes) / sizeof(io_modes[0]); i++)
        if (strcmp(io_modes[i].name, name) == 0)
            return &io_modes[i];
    return NULL;
}

/* A different nonce for every run, so that no answer can be carried over from the last one. */
static uint64_t io_nonce(unsigned run)
{
    return io_token(run, (uint64_t)(wl_now() * 1e9));
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"servers", required_argument, NULL, 'n'}, {"delay-ms", required_argument, NULL, 'd'},
        {"rounds", required_argument, NULL, 'R'},  {"modes", required_argument, NULL, 'm'},
        {"workers", required_argument, NULL, 'w'}, {"reps", required_argument, NULL, 'r'},
        {"fault", required_argument, NULL, 'F'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char default_modes[] = "serial,threads,pool,processes,epoll,pool-gil";
    char *modes_text = default_modes, *modes[WL_MAX_LIST];
    const char *fault = "";
    long workers[WL_MAX_LIST] = {1, 2, 5, 10}, servers = 20, delay_ms = 20, rounds = 50000;
    long reps = 3;
    size_t nworkers = 4, nmodes;
    struct io_servers srv = IO_SERVERS_INIT;
    unsigned run_no = 0;
    int c, wrong = 0;

    while ((c = getopt_long(argc, argv, "n:d:R:m:w:r:h", opts, NULL)) != -1) {
        long one[WL_MAX_LIST];

        switch (c) {
        case 'n': wl_parse_ints(optarg, one); servers = one[0]; break;
        case 'd': wl_parse_ints(optarg, one); delay_ms = one[0]; break;
        case 'R': wl_parse_ints(optarg, one); rounds = one[0]; break;
        case 'm': modes_text = optarg; break;
        case 'w': nworkers = wl_parse_ints(optarg, workers); break;
        case 'r': wl_parse_ints(optarg, one); reps = one[0]; break;
        case 'F': fault = optarg; break;
        case 'h': io_usage(stdout); return 0;
        default: io_usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        io_usage(stderr);
        return 2;
    }
    nmodes = wl_split_words(modes_text, modes);
    for (size_t m = 0; m < nmodes; m++)
        if (io_mode_find(modes[m]) == NULL)
            wl_usage_error("unknown mode '%s'", modes[m]);

    /* Before any thread exists: the servers live in a forked child. */
    io_servers_start(&srv, (unsigned)servers, (double)delay_ms / 1000.0);
    /* Rounds outside, configurations inside: noise from elsewhere hits every mode alike. */
    for (int r = 0; r < reps; r++) {
        for (size_t m = 0; m < nmodes; m++) {
            const struct io_mode *mode = io_mode_find(modes[m]);
            size_t nw = mode->uses_workers ? nworkers : 1;

            for (size_t w = 0; w < nw; w++) {
                long shown = !mode->uses_workers
                                 ? (strcmp(mode->name, "threads") == 0 ? servers : 1)
                                 : workers[w];
                struct io_run run = {.servers = &srv, .nonce = io_nonce(run_no++),
                                     .rounds = (unsigned long)rounds,
                                     .workers = (unsigned)shown};
                double c0 = wl_cpu_time(), t0 = wl_now();
                struct io_tally got = mode->run(&run);
                double dt = wl_now() - t0, cpu = wl_cpu_time() - c0;
                uint64_t expect = io_expected((unsigned)servers, run.nonce, run.rounds);
                bool ok;

                /* --fault: a planted wrong answer, so a test can prove the check catches one. */
                got.sum += strcmp(fault, mode->name) == 0;
                ok = got.sum == expect && got.answered == (unsigned)servers;
                if (!ok)
                    fprintf(stderr, "wl_io: %s: wrong result (%u of %ld servers answered)\n",
                            mode->name, got.answered, servers);
                wl_result("io", mode->name, shown, r, dt, got.answered, ok, cpu);
                wrong += !ok;
            }
        }
    }
    io_servers_stop(&srv);
    if (wrong) {
        fprintf(stderr, "wl_io: %d run(s) did not reach every server correctly\n", wrong);
        return 1;
    }
    return 0;
}
