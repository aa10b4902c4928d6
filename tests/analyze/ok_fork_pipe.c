/* A single-threaded parent forks a child that reports over a pipe; the parent reads, then reaps. */
/* expect: pass */
/* class: ok-sync */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int fds[2];
    char msg[64] = "";
    if (pipe(fds))
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char *hello = "child 42";
        ssize_t n = write(fds[1], hello, strlen(hello));
        _exit(n > 0 ? 0 : 1);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("parent got '%s' (%zd bytes), child status %d\n", msg, n, WEXITSTATUS(status));
    return 0;
}
