/* A fork bomb with a safety cap: forks sleeping children until fork fails or 1000 exist. */
#include <stdio.h>
#include <unistd.h>

#include "sb_common.h"

#define CAP 1000

int main(void)
{
	int n;

	for (n = 0; n < CAP; n++) {
		pid_t pid = fork();

		if (pid == 0) {
			sb_bounded_sleep(20);
			_exit(0);
		}
		if (pid < 0)
			break;
	}
	/* The test reads this: stopped by a limit (exit 0) or not stopped at all (exit 3). */
	printf("forks %d\n", n);
	return n < CAP ? 0 : 3;
}
