/* Forks a child, then SIGKILLs its whole process group: the grader must not be in it. */
#include <signal.h>
#include <unistd.h>

#include "sb_common.h"

int main(void)
{
	if (fork() == 0) {
		sb_bounded_sleep(20);
		_exit(3);
	}
	kill(0, SIGKILL);
	sb_bounded_sleep(20);
	return 3;
}
