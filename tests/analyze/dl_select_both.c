/* A parent waits in select() for its worker's first line before it sends the job, and the worker,
 * written the same way, waits in select() for the job before it writes a line: both wait for
 * ever. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <stdio.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

/* Waits until fd has something to read. */
static int wait_readable(int fd)
{
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    return select(fd + 1, &rd, NULL, NULL, NULL);
}

int main(void)
{
    int jobs[2], lines[2];
    if (pipe(jobs) || pipe(lines))
        return 2;
    pid_t pid = fork();
    if (pid == 0) { /* the worker */
        char job[32];
        close(jobs[1]);
        close(lines[0]);
        if (wait_readable(jobs[0]) == 1 && read(jobs[0], job, sizeof job) > 0 &&
            write(lines[1], "done\n", 5) != 5)
            _exit(1);
        _exit(0);
    }
    close(jobs[0]);
    close(lines[1]);
    char line[32];
    if (wait_readable(lines[0]) == 1 && read(lines[0], line, sizeof line) > 0 &&
        write(jobs[1], "job\n", 4) == 4)
        puts("sent the job");
    waitpid(pid, NULL, 0);
    return 0;
}
