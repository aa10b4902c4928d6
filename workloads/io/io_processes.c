/* I/O mode `processes`: forked workers, each probing its share of the servers. */
#include "modes.h"

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"
#include "wl.h"

#define IO_PROC_MAX 256

struct io_tally io_run_processes(const struct io_run *run)
{
    int fds[IO_PROC_MAX];
    pid_t pids[IO_PROC_MAX];
    struct io_tally t = {0, 0};
    unsigned w = run->workers;

    if (w == 0 || w > IO_PROC_MAX)
        wl_usage_error("processes: want 1..%d workers", IO_PROC_MAX);
    fflush(NULL);
    for (unsigned k = 0; k < w; k++) {
        int p[2];

        WL_CHECK_SYS(pipe(p));
        WL_CHECK_SYS(pids[k] = fork());
        if (pids[k] == 0) {
            /* The child has its own copy of every variable: its tally must travel back through
             * the pipe. One write of 16 bytes to a pipe is atomic (PIPE_BUF is 4096). */
            struct io_tally mine = {0, 0};

            close(p[0]);
            for (unsigned i = k; i < run->servers->count; i += w) {
                uint64_t token;

                if (io_probe(run, i, &token) == 0) {
                    mine.sum += io_process(token, run->rounds);
                    mine.answered++;
                }
            }
            _exit(write(p[1], &mine, sizeof(mine)) == (ssize_t)sizeof(mine) ? 0 : 1);
        }
        close(p[1]);
        fds[k] = p[0];
    }
    for (unsigned k = 0; k < w; k++) {
        struct io_tally got = {0, 0};
        ssize_t n;
        int status;

        while ((n = read(fds[k], &got, sizeof(got))) < 0 && errno == EINTR)
            ;
        close(fds[k]);
        while (waitpid(pids[k], &status, 0) < 0)
            if (errno != EINTR)
                wl_die_errno(errno, "waitpid", __FILE__, __LINE__);
        /* A child that died or wrote short counts as having reached nobody: the check fails. */
        if (n == (ssize_t)sizeof(got) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            t.sum += got.sum;
            t.answered += got.answered;
        }
    }
    return t;
}
