/* The spawn-cost workload: what it costs to start and finish one thread, one forked process, one
 * vfork'ed process, one posix_spawn'ed program and one fork+exec'ed program, per operation. Each
 * child reports a known value (a thread's return value, an exit status), checked every time. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl.h"

extern char **environ;

/* The program that exec'ing modes start: this binary again, told to exit at once with a status.
 * It is a real dynamically linked program, so its cost includes loading it, as any exec does. */
static const char *spawn_self;

/* A status each child must exit with; it changes with the iteration so a stale child cannot
 * satisfy the check. */
static int spawn_code(long i)
{
    return (int)(i % 100) + 1;
}

static void *spawn_thread_main(void *arg)
{
    return arg;
}

static int spawn_reap(pid_t pid, int want)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            wl_die_errno(errno, "waitpid", __FILE__, __LINE__);
    return WIFEXITED(status) && WEXITSTATUS(status) == want ? 0 : -1;
}

static int spawn_one_thread(long i)
{
    pthread_t tid;
    void *ret;

    WL_CHECK_PT(pthread_create(&tid, NULL, spawn_thread_main, (void *)(intptr_t)spawn_code(i)));
    WL_CHECK_PT(pthread_join(tid, &ret));
    return (intptr_t)ret == spawn_code(i) ? 0 : -1;
}

static int spawn_one_fork(long i)
{
    pid_t pid;

    WL_CHECK_SYS(pid = fork());
    if (pid == 0)
        _exit(spawn_code(i));
    return spawn_reap(pid, spawn_code(i));
}

static int spawn_one_vfork(long i)
{
    pid_t pid;

    /* vfork shares the parent's memory and suspends the parent until the child calls _exit or
     * exec: no page tables are copied, which is what makes it cheap. The child may do nothing
     * else, not even return from this function. */
    WL_CHECK_SYS(pid = vfork());
    if (pid == 0)
        _exit(spawn_code(i));
    return spawn_reap(pid, spawn_code(i));
}

static int spawn_one_posix_spawn(long i)
{
    char code[16];
    char *argv[] = {(char *)spawn_self, "--exit", code, NULL};
    pid_t pid;
    int rc;

    snprintf(code, sizeof(code), "%d", spawn_code(i));
    /* glibc implements posix_spawn with clone(CLONE_VM | CLONE_VFORK): vfork's cost, then exec. */
    rc = posix_spawn(&pid, spawn_self, NULL, NULL, argv, environ);
    if (rc != 0)
        wl_die_errno(rc, "posix_spawn", __FILE__, __LINE__);
    return spawn_reap(pid, spawn_code(i));
}

static int spawn_one_fork_exec(long i)
{
    char code[16];
    char *argv[] = {(char *)spawn_self, "--exit", code, NULL};
    pid_t pid;

    snprintf(code, sizeof(code), "%d", spawn_code(i));
    WL_CHECK_SYS(pid = fork());
    if (pid == 0) {
        execv(spawn_self, argv);
        _exit(127);
    }
    return spawn_reap(pid, spawn_code(i));
}

struct spawn_mode {
    const char *name;
    int (*one)(long i);
};

static const struct spawn_mode spawn_modes[] = {
    {"thread", spawn_one_thread},           {"fork", spawn_one_fork},
    {"vfork", spawn_one_vfork},             {"posix_spawn", spawn_one_posix_spawn},
    {"fork+exec", spawn_one_fork_exec},
};

static const struct spawn_mode *spawn_mode_find(const char *name)
{
    for (size_t k = 0; k < sizeof(spawn_modes) / sizeof(spawn_modes[0]); k++)
        if (strcmp(spawn_modes[k].name, name) == 0)
            return &spawn_modes[k];
    return NULL;
}

static void spawn_usage(FILE *to)
{
    fputs("usage: wl_spawn [--iterations N] [--reps R] [--touch-mb M]\n"
          "                [--modes thread,fork,vfork,posix_spawn,fork+exec]\n"
          "Starts and reaps N (default 200) threads or processes per mode, R times (default 3),\n"
          "and prints the time per operation. --touch-mb first fills M MiB of memory, which\n"
          "fork must map into every child and vfork/posix_spawn need not.\n",
          to);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"iterations", required_argument, NULL, 'n'}, {"reps", required_argument, NULL, 'r'},
        {"modes", required_argument, NULL, 'm'},      {"touch-mb", required_argument, NULL, 't'},
        {"exit", required_argument, NULL, 'x'},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char default_modes[] = "thread,fork,vfork,posix_spawn,fork+exec";
    char *modes_text = default_modes, *modes[WL_MAX_LIST], label[32];
    long iterations = 200, reps = 3, touch_mb = 0;
    size_t nmodes;
    char *ballast = NULL;
    int c, wrong = 0;

    while ((c = getopt_long(argc, argv, "n:r:m:t:x:h", opts, NULL)) != -1) {
        long one[WL_MAX_LIST];

        switch (c) {
        case 'n': wl_parse_ints(optarg, one); iterations = one[0]; break;
        case 'r': wl_parse_ints(optarg, one); reps = one[0]; break;
        case 'm': modes_text = optarg; break;
        case 't': wl_parse_ints(optarg, one); touch_mb = one[0]; break;
        /* The exec'd child: exit at once with the status asked for, before any other work. */
        case 'x': return atoi(optarg);
        case 'h': spawn_usage(stdout); return 0;
        default: spawn_usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        spawn_usage(stderr);
        return 2;
    }
    spawn_self = "/proc/self/exe";
    nmodes = wl_split_words(modes_text, modes);
    for (size_t m = 0; m < nmodes; m++)
        if (spawn_mode_find(modes[m]) == NULL)
            wl_usage_error("unknown mode '%s'", modes[m]);
    if (touch_mb > 0) {
        /* Written, not just allocated: untouched pages are not mapped and cost fork nothing. */
        ballast = malloc((size_t)touch_mb << 20);
        if (ballast == NULL)
            wl_fail("cannot allocate %ld MiB", touch_mb);
        memset(ballast, 1, (size_t)touch_mb << 20);
    }
    fflush(NULL);
    /* Rounds outside, modes inside: noise from elsewhere on the machine hits every mode alike. */
    for (int r = 0; r < reps; r++) {
        for (size_t m = 0; m < nmodes; m++) {
            const struct spawn_mode *mode = spawn_mode_find(modes[m]);
            long bad = 0;
            double t0 = wl_now(), dt;

            for (long i = 0; i < iterations; i++)
                bad += mode->one(i) != 0;
            dt = (wl_now() - t0) / (double)iterations;
            /* The label carries the ballast so that both sizes can sit in one report table. */
            if (touch_mb > 0)
                snprintf(label, sizeof(label), "%s@%ldMiB", mode->name, touch_mb);
            else
                snprintf(label, sizeof(label), "%s", mode->name);
            /* One RESULT per round: seconds per operation; the answer is how many checked out. */
            wl_result("spawn", label, 1, r, dt, (unsigned long long)(iterations - bad), bad == 0,
                      -1);
            wrong += bad != 0;
        }
    }
    free(ballast);
    if (wrong) {
        fprintf(stderr, "wl_spawn: some children did not report the expected value\n");
        return 1;
    }
    return 0;
}
