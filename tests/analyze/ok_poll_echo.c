/* A parent sends its helper a request, then waits in poll() for the reply, which the helper
 * writes once it has read the request after a short think: every wait ends. */
/* expect: pass */
/* class: ok-sync */
/* long: the helper thinks 1.5 s (past the tracer's 1 s hang check) in each explored schedule */
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int requests[2], replies[2];
    if (pipe(requests) || pipe(replies))
        return 2;
    pid_t pid = fork();
    if (pid == 0) { /* the helper */
        char req[64];
        close(requests[1]);
        close(replies[0]);
        ssize_t n = read(requests[0], req, sizeof req);
        usleep(1500 * 1000); /* thinking, longer than the tracer's hang check */
        if (n > 0 && write(replies[1], "done\n", 5) != 5)
            _exit(1);
        _exit(0);
    }
    close(requests[0]);
    close(replies[1]);
    if (write(requests[1], "work\n", 5) != 5)
        return 1;
    struct pollfd pfd = { .fd = replies[0], .events = POLLIN };
    char reply[64] = "";
    if (poll(&pfd, 1, -1) == 1 && read(replies[0], reply, sizeof reply - 1) > 0)
        printf("reply: %s", reply);
    waitpid(pid, NULL, 0);
    return 0;
}
