/* A parent with an event loop waits in poll() for its helper's greeting before it sends the first
 * request, while the helper blocks in read() for that request before it greets: each waits for the
 * other to speak first, for ever. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
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
        ssize_t n = read(requests[0], req, sizeof req); /* the request first */
        if (n > 0 && write(replies[1], "hello\n", 6) != 6)
            _exit(1);
        _exit(0);
    }
    close(requests[0]);
    close(replies[1]);
    struct pollfd pfd = { .fd = replies[0], .events = POLLIN };
    if (poll(&pfd, 1, -1) == 1) { /* the greeting first */
        char greeting[64];
        ssize_t n = read(replies[0], greeting, sizeof greeting);
        if (n > 0 && write(requests[1], "GET /\n", 6) == 6)
            puts("sent the request");
    }
    waitpid(pid, NULL, 0);
    return 0;
}
