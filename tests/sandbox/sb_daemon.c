/* The classic double-forked daemon: setsid() away from the group, orphaned, sleeping on. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sb_common.h"

int main(void)
{
	pid_t mid = fork();

	if (mid == 0) {
		setsid();
		if (fork() == 0) {
			/* Detach fully, as daemon(3) does: nothing ties it to the run any more. */
			close(0);
			close(1);
			close(2);
			sb_bounded_sleep(20);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	return 0;
}
