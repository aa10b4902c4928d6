/* Shared by the hostile test programs: every one of them is bounded even when nothing stops it. */
#ifndef SB_COMMON_H
#define SB_COMMON_H

#include <time.h>
#include <unistd.h>

/* Sleeps at most s seconds in total, whatever signals arrive: no program may outlive a test run. */
static inline void sb_bounded_sleep(int s)
{
	time_t end = time(NULL) + s;

	while (time(NULL) < end)
		sleep(1);
}

#endif
