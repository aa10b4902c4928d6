/* Stops its parent with SIGSTOP, then sleeps: a stopped keeper cannot sweep at the timeout. */
#include <signal.h>
#include <unistd.h>

#include "sb_common.h"

int main(void)
{
	if (fork() == 0) {
		sb_bounded_sleep(20);
		_exit(3);
	}
	kill(getppid(), SIGSTOP);
	sb_bounded_sleep(20);
	return 3;
}
