/* Sleeps: only the wall-clock timeout ends it (it gives up by itself after 20 s). */
#include "sb_common.h"

int main(void)
{
	sb_bounded_sleep(20);
	return 3;
}
