/* A program with a child and a double-forked daemon, all sleeping: a whole run to clean up. */
#include <sys/wait.h>
#include <unistd.h>

#include "sb_common.h"

int main(void)
{
	pid_t mid;

	if (fork() == 0) {
		sb_bounded_sleep(20);
		_exit(3);
	}
	mid = fork();
	if (mid == 0) {
		setsid();
		if (fork() == 0) {
			sb_bounded_sleep(20);
			_exit(3);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	sb_bounded_sleep(20);
	return 3;
}
