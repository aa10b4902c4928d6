/* CPU mode `processes`: fork one child per worker; each sends its share back through a pipe, and
 * in dynamic mode they claim chunks from one counter in memory mapped shared before the fork. */
#include "modes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl.h"

/* Write all of a small buffer; a pipe write of 8 bytes is atomic, but we do not rely on it. */
static int cpu_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int cpu_read_all(int fd, void *buf, size_t len)
{
    char *p = buf;

    while (len > 0) {
        ssize_t n = read(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

unsigned long long cpu_run_processes(struct partition *p)
{
    unsigned workers = p->workers;
    int(*fds)[2] = calloc(workers, sizeof(*fds));
    pid_t *pids = calloc(workers, sizeof(*pids));
    struct partition *shared;
    unsigned long long total = 0;
    int failed = 0;

    if (fds == NULL || pids == NULL)
        wl_fail("processes: out of memory");
    /* After fork each child has its own copy of every page, so a counter in ordinary memory would
     * let every child claim chunk 0. MAP_SHARED before the fork makes one physical page that all
     * of them see: the only memory these processes share, and only because we asked. */
    shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        wl_die_errno(errno, "mmap", __FILE__, __LINE__);
    partition_init(shared, p->kind, p->limit, workers, p->chunk);
    /* Flush before forking, or each child would write the parent's buffered output again. */
    fflush(NULL);
    for (unsigned i = 0; i < workers; i++) {
        WL_CHECK_SYS(pipe(fds[i]));
        WL_CHECK_SYS(pids[i] = fork());
        if (pids[i] == 0) {
            /* A count stored in a variable here would never reach the parent: the pipe is the way
             * back. _exit skips the parent's atexit work. The parent may already have idle OpenMP
             * threads; the child has only this one, and it touches no lock they could have held,
             * so forking here is safe. */
            unsigned long long count = partition_count(shared, i);

            close(fds[i][0]);
            _exit(cpu_write_all(fds[i][1], &count, sizeof(count)) == 0 ? 0 : 1);
        }
        close(fds[i][1]);
    }
    for (unsigned i = 0; i < workers; i++) {
        unsigned long long count = 0;
        int status;

        if (cpu_read_all(fds[i][0], &count, sizeof(count)) != 0)
            failed = 1;
        close(fds[i][0]);
        while (waitpid(pids[i], &status, 0) < 0)
            if (errno != EINTR)
                wl_die_errno(errno, "waitpid", __FILE__, __LINE__);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed = 1;
        total += count;
    }
    WL_CHECK_SYS(munmap(shared, sizeof(*shared)));
    free(pids);
    free(fds);
    if (failed)
        wl_fail("processes: a child failed to report its count");
    return total;
}
