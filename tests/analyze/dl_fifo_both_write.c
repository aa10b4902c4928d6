/* A client and a server talk through two named pipes (FIFOs) and each sends its whole large
 * message before reading the other's: both FIFOs fill and both writers block for ever. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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
    unlink("requests.fifo");
    unlink("replies.fifo");
    if (mkfifo("requests.fifo", 0600) || mkfifo("replies.fifo", 0600))
        return 2;
    memset(out, 'x', sizeof out);
    pid_t pid = fork();
    if (pid == 0) { /* the server */
        int req = open("requests.fifo", O_RDONLY);
        int rep = open("replies.fifo", O_WRONLY);
        send_all(rep); /* a greeting too long for the FIFO, before reading the request */
        ssize_t got = read(req, in, sizeof in);
        _exit(got > 0 ? 0 : 1);
    }
    int req = open("requests.fifo", O_WRONLY);
    int rep = open("replies.fifo", O_RDONLY);
    send_all(req);
    ssize_t got = read(rep, in, sizeof in);
    waitpid(pid, NULL, 0);
    printf("client read %zd\n", got);
    unlink("requests.fifo");
    unlink("replies.fifo");
    return 0;
}
