/* A worker process waits in poll() for its parent's "go" before it sends its results, while the
 * parent blocks in read() for those results before it says go: each waits for the other. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int go[2], results[2];
    if (pipe(go) || pipe(results))
        return 2;
    pid_t pid = fork();
    if (pid == 0) { /* the worker */
        close(go[1]);
        close(results[0]);
        struct pollfd pfd = { .fd = go[0], .events = POLLIN };
        if (poll(&pfd, 1, -1) == 1 && write(results[1], "42\n", 3) != 3)
            _exit(1);
        _exit(0);
    }
    close(go[0]);
    close(results[1]);
    char buf[16];
    ssize_t n = read(results[0], buf, sizeof buf); /* the results first */
    if (n > 0 && write(go[1], "go\n", 3) == 3)
        puts("told the worker to go");
    waitpid(pid, NULL, 0);
    return 0;
}
