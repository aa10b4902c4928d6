/* Stops itself and a child: a stopped process ignores everything but SIGKILL (and SIGCONT). */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		raise(SIGSTOP);
		_exit(3);
	}
	raise(SIGSTOP);
	return 3;
}
