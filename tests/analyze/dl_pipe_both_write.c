/* Parent and child each write a large message to the other before reading anything: both pipes
 * fill and both writers block for ever. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG (256 * 1024) /* far more than a pipe holds */
static char out[MSG], in[MSG];

static void send_all(int fd)
{
    for (size_t off = 0; off < MSG;) {
        ssize_t n = write(fd, out + off, MSG - off);
        if (n <= 0)
            return;
        off += (size_t)n;
    }
}

int main(void)
{
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent))
        return 2;
    memset(out, 'x', sizeof out);
    pid_t pid = fork();
    if (pid == 0) {
        send_all(to_parent[1]); /* then it would read its request */
        ssize_t got = read(to_child[0], in, sizeof in);
        _exit(got > 0 ? 0 : 1);
    }
    send_all(to_child[1]);
    ssize_t got = read(to_parent[0], in, sizeof in);
    waitpid(pid, NULL, 0);
    printf("parent read %zd\n", got);
    return 0;
}
