/* Ignores every polite signal and sleeps: a timeout that sends SIGTERM would not end it. */
#include <signal.h>

#include "sb_common.h"

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	sb_bounded_sleep(20);
	return 3;
}
