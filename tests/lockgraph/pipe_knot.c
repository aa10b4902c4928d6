/*
 * A parent and its child blocked on each other through pipes (a deadlock through processes):
 * WRITE_WRITE both write more than a pipe holds before reading; READ_READ both read first;
 * WAIT_READ the parent waits for the child, which waits to read the parent's request.
 * SLOW_READER is correct: the child reads everything, only late, while the parent's write waits.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (256 * 1024)
static char out[BIG], in[BIG];

static void send_all(int fd, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, out + off, len - off); /* LINE parent-writes */
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

static void recv_all(int fd, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = read(fd, in + off, len - off);
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

int main(void)
{
	int down[2], up[2];
	pid_t pid;
	char c = 0;

	if (pipe(down) || pipe(up))
		return 2;
	memset(out, 'x', sizeof(out));
	pid = fork();
	if (pid == 0) {
		close(down[1]); /* the child only reads down and writes up */
		close(up[0]);
#if defined(WRITE_WRITE)
		send_all(up[1], BIG);
		recv_all(down[0], BIG);
#elif defined(SLOW_READER)
		usleep(1500 * 1000);
		recv_all(down[0], BIG);
#else
		if (read(down[0], &c, 1) != 1)
			_exit(1);
		if (write(up[1], &c, 1) != 1)
			_exit(1);
#endif
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
#if defined(WRITE_WRITE) || defined(SLOW_READER)
	send_all(down[1], BIG);
#if defined(WRITE_WRITE)
	recv_all(up[0], BIG);
#endif
#elif defined(READ_READ)
	if (read(up[0], &c, 1) != 1) /* LINE parent-reads */
		return 1;
	if (write(down[1], &c, 1) != 1)
		return 1;
#else
	waitpid(pid, NULL, 0); /* LINE parent-waits: before sending the request */
	if (write(down[1], "r", 1) != 1)
		return 1;
#endif
	waitpid(pid, NULL, 0);
	puts("done");
	return 0;
}
