/* Sends SIGKILL to its parent, then sleeps: a sandbox whose grader is the parent dies here. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "sb_common.h"

int main(void)
{
	pid_t parent = getppid();

	/* Said first: without a PID namespace we die with our keeper (PR_SET_PDEATHSIG). */
	printf("parent %d\n", (int)parent);
	fflush(stdout);
	printf("kill %d\n", kill(parent, SIGKILL));
	fflush(stdout);
	sb_bounded_sleep(20);
	return 3;
}
